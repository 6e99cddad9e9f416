package dev.herald.engine.lineprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrecisionTest {

    @ParameterizedTest
    @CsvSource({
        "n, NANOSECONDS",
        "ns, NANOSECONDS",
        "'', NANOSECONDS",
        "u, MICROSECONDS",
        "us, MICROSECONDS",
        "ms, MILLISECONDS",
        "s, SECONDS",
        "m, MINUTES",
        "h, HOURS",
    })
    void accepted(String value, Precision expected) {
        assertEquals(Optional.of(expected), Precision.parse(value));
    }

    @Test
    void absentMeansNanoseconds() {
        assertEquals(Optional.of(Precision.NANOSECONDS), Precision.parse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "S", "MS", "sec", "µs", "d", " s", "1s"})
    void rejected(String value) {
        assertEquals(Optional.empty(), Precision.parse(value));
    }

    @Test
    void codesAndMultipliers() {
        assertEquals("n", Precision.NANOSECONDS.code());
        assertEquals("u", Precision.MICROSECONDS.code());
        assertEquals(3_600_000_000_000L, Precision.HOURS.nanos());
        assertEquals(60_000_000_000L, Precision.MINUTES.nanos());
    }
}
