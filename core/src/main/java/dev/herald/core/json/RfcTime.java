package dev.herald.core.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's {@code time.RFC3339Nano} layout in UTC. */
final class RfcTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final long YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long YEAR_10000 = LocalDate.of(10000, 1, 1).toEpochDay();

    private RfcTime() {
    }

    /**
     * Every alert event's details and log line carry its time: years 0-9999 are written digit by digit (the
     * formatter's field machinery was a tenth of the evaluation thread's allocation), others by the formatter.
     */
    static String format(Instant time) {
        long day = Math.floorDiv(time.getEpochSecond(), 86_400);
        if (day < YEAR_0 || day >= YEAR_10000) {
            return formatted(time);
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        int second = (int) Math.floorMod(time.getEpochSecond(), 86_400);
        char[] out = new char[30];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, second / 3600, 2);
        out[13] = ':';
        digits(out, 14, second / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, second % 60, 2);
        int end = 19;
        int nanos = time.getNano();
        if (nanos != 0) {
            out[19] = '.';
            digits(out, 20, nanos, 9);
            end = 29;
            while (out[end - 1] == '0') {
                end--;
            }
        }
        out[end++] = 'Z';
        return new String(out, 0, end);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static String formatted(Instant time) {
        StringBuilder out = new StringBuilder(30).append(SECONDS.format(time));
        int nanos = time.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(fraction, 0, end);
        }
        return out.append('Z').toString();
    }
}
