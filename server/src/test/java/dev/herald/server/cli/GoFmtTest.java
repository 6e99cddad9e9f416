package dev.herald.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go formatting behaviours the CLI output reproduces. */
class GoFmtTest {

    @Test
    void padding() {
        assertEquals("ab   ", GoFmt.padRight("ab", 5));
        assertEquals("abcdef", GoFmt.padRight("abcdef", 3));
        assertEquals("   ab", GoFmt.padLeft("ab", 5));
        assertEquals("é  ", GoFmt.padRight("é", 3)); // runes, not bytes
        assertEquals(2, GoFmt.byteLen("é"));
    }

    @Test
    void quoteAsStrconvQuote() {
        assertEquals("\"telegraf\"", GoFmt.quote("telegraf"));
        assertEquals("\"a\\\"b\\\\c\"", GoFmt.quote("a\"b\\c"));
        assertEquals("\"\\n\\t\\x01\"", GoFmt.quote("\n\t\u0001"));
        assertEquals("\"héllo\"", GoFmt.quote("héllo"));
    }

    @Test
    void floatsAsPercentV() {
        assertEquals("0.5", GoFmt.formatFloat(0.5));
        assertEquals("100", GoFmt.formatFloat(100.0));
        assertEquals("123456", GoFmt.formatFloat(123456.0));
        assertEquals("1e+06", GoFmt.formatFloat(1_000_000.0));
        assertEquals("1.234567e+06", GoFmt.formatFloat(1_234_567.0));
        assertEquals("0.0001", GoFmt.formatFloat(0.0001));
        assertEquals("1e-05", GoFmt.formatFloat(0.00001));
        assertEquals("-2.25", GoFmt.formatFloat(-2.25));
        assertEquals("1e+100", GoFmt.formatFloat(1e100));
        assertEquals("0", GoFmt.formatFloat(0.0));
        assertEquals("+Inf", GoFmt.formatFloat(Double.POSITIVE_INFINITY));
    }

    @Test
    void durationsAsGoString() {
        assertEquals("0s", GoFmt.formatDuration(0));
        assertEquals("999ns", GoFmt.formatDuration(999));
        assertEquals("2µs", GoFmt.formatDuration(2_000));
        assertEquals("1.5ms", GoFmt.formatDuration(1_500_000));
        assertEquals("1.5s", GoFmt.formatDuration(1_500_000_000L));
        assertEquals("1m30s", GoFmt.formatDuration(90_000_000_000L));
        assertEquals("1h0m0s", GoFmt.formatDuration(3_600_000_000_000L));
        assertEquals("-10s", GoFmt.formatDuration(-10_000_000_000L));
        assertEquals("48h0m0s", GoFmt.formatDuration(172_800_000_000_000L));
    }

    @Test
    void influxqlDurationLiterals() {
        assertEquals(5_400_000_000_000L, GoFmt.parseInfluxDuration("1h30m"));
        assertEquals(10_000L, GoFmt.parseInfluxDuration("10u"));
        assertEquals(10_000L, GoFmt.parseInfluxDuration("10µ"));
        assertEquals(100_000_000L, GoFmt.parseInfluxDuration("100ms"));
        assertEquals(3L, GoFmt.parseInfluxDuration("3ns"));
        assertEquals(2 * 86_400_000_000_000L, GoFmt.parseInfluxDuration("2d"));
        assertEquals(7 * 86_400_000_000_000L, GoFmt.parseInfluxDuration("1w"));
        for (String bad : new String[] {"", "10", "s", "1x", "1h3"}) {
            assertThrows(IllegalArgumentException.class, () -> GoFmt.parseInfluxDuration(bad), bad);
        }
    }

    @Test
    void rfc822KeepsTheParsedZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertEquals("14 Mar 17 18:38 UTC", GoFmt.rfc822AsParsed("2017-03-14T18:38:12.212946Z", berlin));
        // An offset matching the local zone takes its abbreviation; any other prints numerically.
        assertEquals("14 Mar 17 19:38 CET", GoFmt.rfc822AsParsed("2017-03-14T19:38:12+01:00", berlin));
        assertEquals("14 Mar 17 23:38 +0500", GoFmt.rfc822AsParsed("2017-03-14T23:38:12+05:00", berlin));
        assertEquals("01 Jan 01 00:00 UTC", GoFmt.rfc822AsParsed("0001-01-01T00:00:00Z", berlin));
        assertEquals("01 Jan 01 00:00 UTC", GoFmt.rfc822AsParsed("", berlin));
    }

    @Test
    void rfc822InTheLocalZone() {
        Instant t = Instant.parse("2017-07-04T12:00:00Z");
        assertEquals("04 Jul 17 08:00 EDT", GoFmt.rfc822Local(t, ZoneId.of("America/New_York")));
        assertEquals("04 Jul 17 12:00 UTC", GoFmt.rfc822Local(t, ZoneOffset.UTC));
        assertEquals("04 Jul 17 12:00 UTC", GoFmt.rfc822Local(t, ZoneId.of("UTC")));
        assertEquals("04 Jan 17 13:00 CET", GoFmt.rfc822Local("2017-01-04T12:00:00Z", ZoneId.of("Europe/Berlin")));
    }

    @Test
    void tzEnvironmentVariable() {
        assertEquals(ZoneOffset.UTC, GoFmt.localZone(Map.of("TZ", "")));
        assertEquals(ZoneId.of("Asia/Tokyo"), GoFmt.localZone(Map.of("TZ", "Asia/Tokyo")));
        assertEquals(ZoneId.of("Asia/Tokyo"), GoFmt.localZone(Map.of("TZ", ":Asia/Tokyo")));
        assertEquals(ZoneOffset.UTC, GoFmt.localZone(Map.of("TZ", "Not/AZone")));
        assertEquals(ZoneId.systemDefault(), GoFmt.localZone(Map.of()));
    }

    @Test
    void jsonAsEncodingJson() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertEquals("{\"a\":\"\\u003cx\\u003e \\u0026\",\"b\":3,\"c\":[true,null,1.5,1e+21,1e-7],\"d\":{}}",
                GoFmt.marshalJson(m.readTree(
                        "{\"d\":{},\"c\":[true,null,1.5,1e21,0.0000001],\"b\":3.0,\"a\":\"<x> &\"}")));
        assertEquals("null", GoFmt.marshalJson(null));
        assertEquals("100000000000000000000", GoFmt.jsonFloat(1e20));
    }
}
