package dev.herald.engine.lineprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.engine.Point;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineProtocolParserTest {

    private static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123456789Z");
    private static final Instant T1 = Instant.ofEpochSecond(1_700_000_000L, 123_456_789L);
    private static final String T1_NS = "1700000000123456789";

    private static ParseResult parse(String body) {
        return LineProtocolParser.parse(body, "db", "rp", Precision.NANOSECONDS, NOW);
    }

    private static Point point(String name, Map<String, String> tags, Map<String, Object> fields, Instant time) {
        return new Point("db", "rp", name, tags, fields, time);
    }

    /** Parses a single good line and returns its point. */
    private static Point one(String line) {
        ParseResult r = parse(line);
        assertEquals(List.of(), r.errors(), () -> "unexpected errors for " + line);
        assertEquals(1, r.points().size());
        return r.points().get(0);
    }

    /** Parses a single bad line and returns its error. */
    private static LineError bad(String line) {
        ParseResult r = parse(line);
        assertEquals(List.of(), r.points(), () -> "expected no points for " + line);
        assertEquals(1, r.errors().size(), () -> "expected one error for " + line);
        LineError e = r.errors().get(0);
        assertEquals(line.replace("\r", ""), e.text());
        return e;
    }

    private static Object field(String line, String key) {
        return one(line).fields().get(key);
    }

    @Nested
    class Structure {

        @Test
        void fullLine() {
            assertEquals(point("cpu", Map.of("host", "a", "region", "eu"), Map.of("usage", 12.5, "n", 3L), T1),
                    one("cpu,host=a,region=eu usage=12.5,n=3i " + T1_NS));
        }

        @Test
        void measurementAndFieldOnly() {
            assertEquals(point("cpu", Map.of(), Map.of("v", 1.0), NOW), one("cpu v=1"));
        }

        @Test
        void databaseAndRetentionPolicyAreCopied() {
            Point p = LineProtocolParser.parse("m v=1", "telegraf", "", Precision.NANOSECONDS, NOW).points().get(0);
            assertEquals(new Point("telegraf", "", "m", Map.of(), Map.of("v", 1.0), NOW), p);
        }

        @Test
        void pointsKeepBodyOrder() {
            ParseResult r = parse("a v=1 1\nb v=2 2\nc v=3 3");
            assertEquals(List.of(
                    point("a", Map.of(), Map.of("v", 1.0), Instant.ofEpochSecond(0, 1)),
                    point("b", Map.of(), Map.of("v", 2.0), Instant.ofEpochSecond(0, 2)),
                    point("c", Map.of(), Map.of("v", 3.0), Instant.ofEpochSecond(0, 3))), r.points());
            assertEquals(List.of(), r.errors());
        }

        @Test
        void blankAndCommentLinesAreSkipped() {
            ParseResult r = parse("\n# a comment\n   \n\t\n  # indented comment\ncpu v=1\n\n");
            assertEquals(List.of(point("cpu", Map.of(), Map.of("v", 1.0), NOW)), r.points());
            assertEquals(List.of(), r.errors());
        }

        @Test
        void emptyBody() {
            assertEquals(new ParseResult(List.of(), List.of()), parse(""));
        }

        @Test
        void crlfIsTolerated() {
            ParseResult r = parse("a v=1 1\r\nb s=\"x\"\r\n# c\r\n\r\nc v=t 3\r\n");
            assertEquals(List.of(
                    point("a", Map.of(), Map.of("v", 1.0), Instant.ofEpochSecond(0, 1)),
                    point("b", Map.of(), Map.of("s", "x"), NOW),
                    point("c", Map.of(), Map.of("v", true), Instant.ofEpochSecond(0, 3))), r.points());
            assertEquals(List.of(), r.errors());
        }

        @Test
        void leadingAndExtraWhitespace() {
            assertEquals(point("cpu", Map.of("h", "a"), Map.of("v", 1.0), Instant.ofEpochSecond(0, 5)),
                    one("  \tcpu,h=a   v=1  \t 5  "));
        }

        @Test
        void trailingWhitespaceWithoutTimestamp() {
            assertEquals(point("cpu", Map.of(), Map.of("v", 1.0), NOW), one("cpu v=1   "));
        }

        @Test
        void duplicateFieldLastWins() {
            assertEquals(Map.of("v", 2L, "w", 1.0), one("cpu v=1,w=1,v=2i").fields());
        }

        @Test
        void manyTagsAndFieldsKeepEveryPairAndStillFindDuplicates() {
            StringBuilder line = new StringBuilder("cpu");
            Map<String, String> tags = new java.util.HashMap<>();
            for (int i = 0; i < 40; i++) {
                line.append(",t").append(i).append("=v").append(i);
                tags.put("t" + i, "v" + i);
            }
            line.append(' ');
            Map<String, Object> fields = new java.util.HashMap<>();
            for (int i = 0; i < 40; i++) {
                line.append(i == 0 ? "" : ",").append('f').append(i).append('=').append(i).append('i');
                fields.put("f" + i, (long) i);
            }
            line.append(",f39=7i,f1=8i");
            fields.put("f39", 7L);
            fields.put("f1", 8L);
            Point p = one(line.toString());
            assertEquals(tags, p.tags());
            assertEquals(fields, p.fields());

            String duplicate = line.toString().replace(",t39=v39 ", ",t39=v39,t35=x ");
            assertEquals("duplicate tag \"t35\"", bad(duplicate).message().replaceAll("^line 1: | at column .*$", ""));
        }

        @Test
        void measurementMayContainEqualsAndQuotes() {
            assertEquals("a=b\"c", one("a=b\"c v=1").name());
        }

        @Test
        void fieldKeyMayContainQuoteAndHash() {
            assertEquals(Map.of("\"k#", 1.0), one("m \"k#=1").fields());
        }

        @Test
        void unicode() {
            assertEquals(point("温度", Map.of("ort", "Zürich"), Map.of("wert", "ünï"), NOW),
                    one("温度,ort=Zürich wert=\"ünï\""));
        }
    }

    @Nested
    class Escaping {

        @Test
        void measurementEscapesCommaAndSpace() {
            assertEquals(point("my cpu,x", Map.of("h", "a"), Map.of("v", 1.0), NOW), one("my\\ cpu\\,x,h=a v=1"));
        }

        @Test
        void measurementDoesNotEscapeEquals() {
            assertEquals("a\\=b", one("a\\=b v=1").name());
        }

        @Test
        void tagKeysAndValuesEscapeCommaEqualsSpace() {
            assertEquals(Map.of("ta g,=", "v a,l=ue"), one("m,ta\\ g\\,\\==v\\ a\\,l\\=ue f=1").tags());
        }

        @Test
        void fieldKeysEscapeCommaEqualsSpace() {
            assertEquals(Map.of("f i,e=ld", 1.0), one("m f\\ i\\,e\\=ld=1").fields());
        }

        @Test
        void otherBackslashesAreLiteral() {
            Point p = one("C:\\dir,path=C:\\tmp\\x f\\n=1");
            assertEquals("C:\\dir", p.name());
            assertEquals(Map.of("path", "C:\\tmp\\x"), p.tags());
            assertEquals(Map.of("f\\n", 1.0), p.fields());
        }

        @Test
        void doubledBackslashBeforeSpecialKeepsOneBackslash() {
            // as InfluxDB: "\\," is a literal backslash followed by an escaped comma
            assertEquals("a\\,b", one("a\\\\,b v=1").name());
        }

        @Test
        void stringEscapesQuoteAndBackslash() {
            assertEquals("say \"hi\" \\ ok", field("m s=\"say \\\"hi\\\" \\\\ ok\"", "s"));
        }

        @Test
        void stringKeepsOtherBackslashes() {
            assertEquals("a\\nb\\", field("m s=\"a\\nb\\\\\"", "s"));
            assertEquals("C:\\tmp", field("m s=\"C:\\tmp\"", "s"));
        }

        @Test
        void stringMayContainSeparators() {
            assertEquals(Map.of("s", "a, b=c d", "v", 1.0), one("m s=\"a, b=c d\",v=1 " + T1_NS).fields());
        }

        @Test
        void emptyString() {
            assertEquals("", field("m s=\"\"", "s"));
        }
    }

    @Nested
    class FieldValues {

        @ParameterizedTest
        @CsvSource({
            "1, 1.0",
            "-1, -1.0",
            "1.5, 1.5",
            "-1.5e3, -1500.0",
            "1E3, 1000.0",
            "1e+3, 1000.0",
            "2.5e-1, 0.25",
            ".5, 0.5",
            "-.5, -0.5",
            "5., 5.0",
            "007, 7.0",
            "1234567890123456789, 1.23456789012345677E18",
            "1.7976931348623157e308, 1.7976931348623157E308",
        })
        void floats(String text, double expected) {
            assertEquals(expected, field("m v=" + text, "v"));
        }

        @Test
        void negativeZeroFloat() {
            assertEquals(-0.0, field("m v=-0", "v"));
            assertEquals(-0.0, field("m v=-0.00", "v"));
        }

        @Test
        void decimalsParseExactlyAsDoubleParseDoubleDoes() {
            // short decimals take a fast path (one division); every one must round as the JDK's parser does
            java.util.Random r = new java.util.Random(5);
            for (int i = 0; i < 200_000; i++) {
                int digits = 1 + r.nextInt(19);
                StringBuilder text = new StringBuilder(r.nextBoolean() ? "-" : "");
                int point = r.nextInt(digits + 1);
                for (int d = 0; d < digits; d++) {
                    if (d == point) {
                        text.append('.');
                    }
                    text.append((char) ('0' + r.nextInt(10)));
                }
                String value = text.toString();
                if (value.equals("-") || value.endsWith("-")) {
                    continue;
                }
                assertEquals(Double.parseDouble(value), field("m v=" + value, "v"), value);
            }
        }

        @ParameterizedTest
        @CsvSource({
            "1i, 1",
            "-1i, -1",
            "0i, 0",
            "9223372036854775807i, 9223372036854775807",
            "-9223372036854775808i, -9223372036854775808",
        })
        void integers(String text, long expected) {
            assertEquals(expected, field("m v=" + text, "v"));
        }

        @ParameterizedTest
        @CsvSource({
            "0u, 0",
            "42u, 42",
            "9223372036854775807u, 9223372036854775807",
        })
        void unsigned(String text, long expected) {
            assertEquals(expected, field("m v=" + text, "v"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"t", "T", "true", "True", "TRUE"})
        void trueValues(String text) {
            assertEquals(Boolean.TRUE, field("m v=" + text, "v"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"f", "F", "false", "False", "FALSE"})
        void falseValues(String text) {
            assertEquals(Boolean.FALSE, field("m v=" + text, "v"));
        }

        @Test
        void mixedTypes() {
            assertEquals(Map.of("f", 1.5, "i", -7L, "u", 7L, "b", true, "s", "str"),
                    one("m f=1.5,i=-7i,u=7u,b=true,s=\"str\"").fields());
        }
    }

    @Nested
    class Timestamps {

        @Test
        void nanoseconds() {
            assertEquals(T1, one("m v=1 " + T1_NS).time());
        }

        @Test
        void negative() {
            assertEquals(Instant.ofEpochSecond(-2, 999_999_999L), one("m v=1 -1000000001").time());
        }

        @Test
        void zero() {
            assertEquals(Instant.EPOCH, one("m v=1 0").time());
        }

        @ParameterizedTest
        @CsvSource({
            "NANOSECONDS, 1700000000123456789, 2023-11-14T22:13:20.123456789Z",
            "MICROSECONDS, 1700000000123456, 2023-11-14T22:13:20.123456Z",
            "MILLISECONDS, 1700000000123, 2023-11-14T22:13:20.123Z",
            "SECONDS, 1700000000, 2023-11-14T22:13:20Z",
            "MINUTES, 28333333, 2023-11-14T22:13:00Z",
            "HOURS, 472222, 2023-11-14T22:00:00Z",
            "SECONDS, -1, 1969-12-31T23:59:59Z",
        })
        void precisions(Precision precision, String ts, String expected) {
            ParseResult r = LineProtocolParser.parse("m v=1 " + ts, "db", "rp", precision, NOW);
            assertEquals(List.of(), r.errors());
            assertEquals(Instant.parse(expected), r.points().get(0).time());
        }

        @ParameterizedTest
        @CsvSource({
            "NANOSECONDS, 2024-05-06T07:08:09.123456789Z",
            "MICROSECONDS, 2024-05-06T07:08:09.123456Z",
            "MILLISECONDS, 2024-05-06T07:08:09.123Z",
            "SECONDS, 2024-05-06T07:08:09Z",
            "MINUTES, 2024-05-06T07:08:00Z",
            "HOURS, 2024-05-06T07:00:00Z",
        })
        void missingTimestampIsNowTruncatedToPrecision(Precision precision, String expected) {
            ParseResult r = LineProtocolParser.parse("m v=1", "db", "rp", precision, NOW);
            assertEquals(Instant.parse(expected), r.points().get(0).time());
        }

        @Test
        void rangeLimitsOfInfluxDb() {
            assertEquals(Instant.ofEpochSecond(0, Long.MAX_VALUE - 1), one("m v=1 9223372036854775806").time());
            assertEquals(Instant.ofEpochSecond(0, Long.MIN_VALUE + 2), one("m v=1 -9223372036854775806").time());
        }
    }

    @Nested
    class Errors {

        @Test
        void invalidFieldValueMessageMatchesSpec() {
            ParseResult r = parse("cpu v=1\n\ncpu,host=a usage=12x");
            assertEquals(List.of(new LineError(3, "cpu,host=a usage=12x",
                    "line 3: invalid field value \"12x\" for field \"usage\" at column 18")), r.errors());
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "cpu|missing fields at column 4",
            "'cpu '|missing fields at column 5",
            "cpu,host=a|missing fields at column 11",
            "'cpu,host=a  '|missing fields at column 13",
            ",host=a v=1|missing measurement at column 1",
            "cpu,host v=1|invalid tag \"host\": missing \"=\" at column 5",
            "cpu,host|invalid tag \"host\": missing \"=\" at column 5",
            "cpu,host=a,zone v=1|invalid tag \"zone\": missing \"=\" at column 12",
            "cpu,=a v=1|missing tag key at column 5",
            "cpu, v=1|missing tag key at column 5",
            "cpu,host=a, v=1|missing tag key at column 12",
            "cpu,host= v=1|missing value for tag \"host\" at column 10",
            "cpu,host=,r=b v=1|missing value for tag \"host\" at column 10",
            "cpu,host=a=b v=1|invalid value for tag \"host\": unescaped \"=\" at column 11",
            "cpu,host=a,host=b v=1|duplicate tag \"host\" at column 12",
            "cpu v|invalid field \"v\": missing \"=\" at column 5",
            "cpu v=1,w|invalid field \"w\": missing \"=\" at column 9",
            "cpu v w=1|invalid field \"v\": missing \"=\" at column 5",
            "cpu =1|missing field key at column 5",
            "cpu v=1,|missing field key at column 9",
            "cpu v=1,,w=2|missing field key at column 9",
            "cpu v=|missing value for field \"v\" at column 7",
            "cpu v=,w=1|missing value for field \"v\" at column 7",
            "cpu v= 1|missing value for field \"v\" at column 7",
            "cpu s=\"abc|unterminated string value for field \"s\" at column 7",
            "cpu s=\"abc\\\"|unterminated string value for field \"s\" at column 7",
            "cpu s=\"a\"b|unexpected character after string value of field \"s\" at column 10",
            "cpu v=1 1.5|invalid timestamp \"1.5\" at column 9",
            "cpu v=1 12a|invalid timestamp \"12a\" at column 9",
            "cpu v=1 -|invalid timestamp \"-\" at column 9",
            "cpu v=1 1e9|invalid timestamp \"1e9\" at column 9",
            "cpu v=1 1 2|unexpected text after timestamp at column 11",
            "cpu v=1 9223372036854775808|timestamp \"9223372036854775808\" out of range"
                    + " (-9223372036854775806 to 9223372036854775806 ns) at column 9",
            "cpu v=1 9223372036854775807|timestamp \"9223372036854775807\" out of range"
                    + " (-9223372036854775806 to 9223372036854775806 ns) at column 9",
            "cpu v=1 -9223372036854775807|timestamp \"-9223372036854775807\" out of range"
                    + " (-9223372036854775806 to 9223372036854775806 ns) at column 9",
            "cpu v=9223372036854775808i|integer value \"9223372036854775808i\" for field \"v\" out of range"
                    + " at column 7",
            "cpu v=-9223372036854775809i|integer value \"-9223372036854775809i\" for field \"v\" out of range"
                    + " at column 7",
            "cpu v=9223372036854775808u|unsigned value \"9223372036854775808u\" for field \"v\" out of range"
                    + " (max 9223372036854775807) at column 7",
            "cpu v=18446744073709551616u|unsigned value \"18446744073709551616u\" for field \"v\" out of range"
                    + " (max 9223372036854775807) at column 7",
            "cpu v=-1u|negative unsigned value \"-1u\" for field \"v\" at column 7",
            "cpu v=1e400|float value \"1e400\" for field \"v\" out of range at column 7",
        })
        void rejected(String line, String message) {
            assertEquals("line 1: " + message, bad(line).message());
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "12x", "1.5i", "1.5u", "1e3i", "-i", "-", ".", "-.", "1..2", "1.2.3", "1e", "1e+", "e5", "1-2",
            "9i10", "1_000", "0x10", "+1", "NaN", "nan", "inf", "Infinity", "-Inf", "tru", "truE", "yes", "FaLsE",
            "tt", "1ii", "1iu", "1d", "1f",
        })
        void invalidFieldValues(String value) {
            assertEquals("line 1: invalid field value \"" + value + "\" for field \"usage\" at column 11",
                    bad("cpu usage=" + value).message());
        }

        @Test
        void precisionMultiplicationOverflow() {
            ParseResult r = LineProtocolParser.parse("m v=1 2562048", "db", "rp", Precision.HOURS, NOW);
            assertEquals(List.of(new LineError(1, "m v=1 2562048",
                    "line 1: timestamp \"2562048\" out of range (-9223372036854775806 to 9223372036854775806 ns)"
                            + " at column 7")), r.errors());
        }

        @Test
        void columnIsRelativeToLineStartAndCountsLeadingWhitespace() {
            ParseResult r = parse("a v=1\n  b v=x");
            assertEquals(List.of(new LineError(2, "  b v=x",
                    "line 2: invalid field value \"x\" for field \"v\" at column 7")), r.errors());
        }

        @Test
        void errorTextHasNoCarriageReturn() {
            ParseResult r = parse("a v=1\r\nb v=x\r\n");
            assertEquals(List.of(new LineError(2, "b v=x",
                    "line 2: invalid field value \"x\" for field \"v\" at column 5")), r.errors());
        }

        @Test
        void unterminatedStringDoesNotSwallowFollowingLines() {
            ParseResult r = parse("a s=\"open\nb v=1");
            assertEquals(List.of(point("b", Map.of(), Map.of("v", 1.0), NOW)), r.points());
            assertEquals(List.of(new LineError(1, "a s=\"open",
                    "line 1: unterminated string value for field \"s\" at column 5")), r.errors());
        }
    }

    @Test
    void mixedBatchKeepsGoodLines() {
        String body = String.join("\n",
                "# header comment",
                "cpu,host=a usage=10 1000000000",
                "cpu,host=b usage=12x 1000000000",
                "",
                "mem,host=a free=3i,ok=true 2000000000",
                "cpu,host",
                "disk",
                "net,if=eth0 rx=1u,name=\"eth \\\"0\\\"\" 3000000000",
                "cpu usage=1 nope",
                "cpu,host=c usage=99");
        ParseResult r = parse(body);
        assertEquals(List.of(
                point("cpu", Map.of("host", "a"), Map.of("usage", 10.0), Instant.ofEpochSecond(1)),
                point("mem", Map.of("host", "a"), Map.of("free", 3L, "ok", true), Instant.ofEpochSecond(2)),
                point("net", Map.of("if", "eth0"), Map.of("rx", 1L, "name", "eth \"0\""), Instant.ofEpochSecond(3)),
                point("cpu", Map.of("host", "c"), Map.of("usage", 99.0), NOW)), r.points());
        assertEquals(List.of(
                new LineError(3, "cpu,host=b usage=12x 1000000000",
                        "line 3: invalid field value \"12x\" for field \"usage\" at column 18"),
                new LineError(6, "cpu,host", "line 6: invalid tag \"host\": missing \"=\" at column 5"),
                new LineError(7, "disk", "line 7: missing fields at column 5"),
                new LineError(9, "cpu usage=1 nope", "line 9: invalid timestamp \"nope\" at column 13")),
                r.errors());
    }

    @Test
    void resultListsAreImmutable() {
        ParseResult r = parse("m v=1\nbad");
        assertThrows(UnsupportedOperationException.class, () -> r.points().clear());
        assertThrows(UnsupportedOperationException.class, () -> r.errors().clear());
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class,
                () -> LineProtocolParser.parse(null, "db", "rp", Precision.NANOSECONDS, NOW));
        assertThrows(NullPointerException.class,
                () -> LineProtocolParser.parse("m v=1", "db", "rp", null, NOW));
        assertThrows(NullPointerException.class,
                () -> LineProtocolParser.parse("m v=1", "db", "rp", Precision.NANOSECONDS, null));
    }

    @Test
    void largeBatch() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("cpu,host=h").append(i % 10).append(",cpu=cpu").append(i % 4)
                    .append(" usage_user=").append(i).append(".5,usage_system=").append(i).append("i,up=t ")
                    .append(1_000_000_000L + i).append('\n');
        }
        ParseResult r = parse(sb.toString());
        assertEquals(List.of(), r.errors());
        assertEquals(10_000, r.points().size());
        Point last = r.points().get(9_999);
        assertEquals(point("cpu", Map.of("host", "h9", "cpu", "cpu3"),
                Map.of("usage_user", 9999.5, "usage_system", 9999L, "up", true),
                Instant.ofEpochSecond(1, 9_999)), last);
        assertTrue(r.points().stream().allMatch(p -> p.name().equals("cpu")));
    }
}
