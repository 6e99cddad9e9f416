package dev.herald.core.json;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Random plain values (strings full of characters JSON and HTML escape, numbers, times, maps, lists). */
public final class RandomJsonValues {
    private RandomJsonValues() {
    }

    private static final String CHARS = "aZ09 \"\\/<>&'+\n\r\t\b\f\u0000\u0001\u001f\u007f\u00e9\u2028\u2029\u20ac\ud83d\ude00";

    static String string(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(CHARS.charAt(r.nextInt(CHARS.length())));
        }
        return sb.toString();
    }

    /** A random value; {@code depth} 0 for the top level (deeper levels hold fewer containers). */
    public static Object value(Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 10 : 13);
        return switch (kind) {
            case 0 -> null;
            case 1, 2 -> string(r);
            case 3 -> r.nextLong();
            case 4 -> r.nextInt(1000);
            case 5 -> r.nextBoolean();
            case 6 -> switch (r.nextInt(6)) {
                case 0 -> r.nextDouble() * 100;
                case 1 -> r.nextGaussian() * 1e22;
                case 2 -> r.nextGaussian() * 1e-8;
                case 3 -> (double) r.nextInt(100);
                case 4 -> -0.0;
                default -> 1e21;
            };
            case 7 -> Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(3) == 0 ? 0 : r.nextInt(1_000_000_000));
            case 8 -> Duration.ofNanos(r.nextLong() >>> 20);
            case 9 -> (float) r.nextGaussian();
            case 10 -> {
                Map<String, Object> m = r.nextBoolean() ? new LinkedHashMap<>() : new TreeMap<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    m.put(string(r), value(r, depth + 1));
                }
                yield m;
            }
            default -> {
                List<Object> l = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    l.add(value(r, depth + 1));
                }
                yield l;
            }
        };
    }
}
