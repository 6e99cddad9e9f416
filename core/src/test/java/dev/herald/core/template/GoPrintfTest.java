package dev.herald.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoPrintfTest {

    private static String printf(String format, Object... args) {
        return GoPrintf.sprintf(format, Arrays.asList(args));
    }

    @Test
    void basicVerbs() {
        assertEquals("s 42 v 97.500000 97.50 \"q\" true ff FF %", printf("%s %d %v %f %.2f %q %t %x %X %%", "s", 42L,
                "v", 97.5, 97.5, "q", true, 255L, 255L));
        assertEquals("[1 2] [a b] [1 2] map[a:1]", printf("%v %s %d %v", List.of(1L, 2L), List.of("a", "b"),
                List.of(1L, 2L), Map.of("a", 1L)));
        assertEquals("<nil> string int64 A 'x' 6869 0xff", printf("%v %T %T %c %q %x %#x", null, "s", 1L, 65L, 120L,
                "hi", 255L));
        assertEquals("1m30s 90000000000 1971-01-01 00:00:10 +0000 UTC", printf("%v %d %s", Duration.ofSeconds(90),
                Duration.ofSeconds(90), Instant.ofEpochSecond(31536010)));
    }

    @Test
    void widthPrecisionAndFlags() {
        assertEquals("   42|42   |00042|+5|-0042", printf("%5d|%-5d|%05d|%+d|%05d", 42L, 42L, 42L, 5L, -42L));
        assertEquals("   3.142|3.1     |  ab|ab  |abc", printf("%8.3f|%-8.1f|%4s|%-4s|%.3s", 3.14159, 3.14159, "ab",
                "ab", "abcdef"));
        assertEquals(" 97.50%", printf("%6.2f%%", 97.5));
        assertEquals("  7", printf("%*d", 3L, 7L));
    }

    @Test
    void floatsRoundLikeGo() {
        assertEquals("0.12 1.00 0.2 2 0.38", printf("%.2f %.2f %.1f %.0f %.2f", 0.125, 1.005, 0.25, 2.5, 0.375));
        assertEquals("1.234568e+03 1234.5678 1.23e+03 1e-05 1E+06", printf("%e %g %.3g %g %G", 1234.5678, 1234.5678,
                1234.5678, 1e-5, 1e6));
        assertEquals("100 1e+02 0.000123", printf("%.3g %.2g %g", 100.0, 100.0, 0.000123));
        assertEquals("-1.500000 +Inf NaN", printf("%f %f %v", -1.5, Double.POSITIVE_INFINITY, Double.NaN));
    }

    @Test
    void badVerbsMissingAndExtraArguments() {
        assertEquals("%!d(string=x) %!s(int64=5) %!t(int64=1) %!s(<nil>) %!f(int64=5)", printf("%d %s %t %s %f", "x",
                5L, 1L, null, 5L));
        assertEquals("a %!s(MISSING)", printf("%s %s", "a"));
        assertEquals("x%!(EXTRA int64=1, string=y)", printf("x", 1L, "y"));
        assertEquals("%!(NOVERB)", printf("%"));
    }

    @Test
    void quoting() {
        assertEquals("\"a\\\"b\\n\\t\\x01é\\u00a0\"", printf("%q", "a\"b\n\t\u0001é\u00a0"));
    }

    @Test
    void sprintSpacing() {
        assertEquals("a1 2b3 <nil>", GoPrintf.sprint(Arrays.asList("a", 1L, 2L, "b", 3L, null)));
        assertEquals("a 1\n", GoPrintf.sprintln(Arrays.asList("a", 1L)));
    }
}
