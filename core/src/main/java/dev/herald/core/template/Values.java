package dev.herald.core.template;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Go's view of Java values: truth, kinds for comparison, type names, map ordering. */
final class Values {

    private Values() {
    }

    /** Go's comparison kinds ({@code text/template/funcs.go basicKind}). */
    enum Kind { INVALID, BOOL, INT, FLOAT, STRING }

    static Kind kind(Object v) {
        if (v instanceof Boolean) {
            return Kind.BOOL;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return Kind.INT;
        }
        if (v instanceof Double || v instanceof Float) {
            return Kind.FLOAT;
        }
        if (v instanceof String || v instanceof Enum<?> || v instanceof Character) {
            return Kind.STRING;
        }
        return Kind.INVALID;
    }

    static String stringOf(Object v) {
        return v instanceof Enum<?> e ? e.name() : v.toString();
    }

    /** Go's truth: false, 0, nil, empty string/list/map are false; structs (other objects) are true. */
    static boolean isTrue(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof Float f) {
            return f != 0;
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof Iterable<?> it) {
            return it.iterator().hasNext();
        }
        if (v instanceof Duration d) {
            return !d.isZero();
        }
        if (v instanceof CharSequence cs) {
            return cs.length() != 0;
        }
        if (v.getClass().isArray()) {
            return Array.getLength(v) != 0;
        }
        return true;
    }

    /** A Go-like type name for messages ({@code int64}, {@code float64}, {@code string}, ...). */
    static String typeName(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof Long) {
            return "int64";
        }
        if (v instanceof Integer) {
            return "int";
        }
        if (v instanceof Short) {
            return "int16";
        }
        if (v instanceof Byte) {
            return "int8";
        }
        if (v instanceof Double) {
            return "float64";
        }
        if (v instanceof Float) {
            return "float32";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Instant) {
            return "time.Time";
        }
        if (v instanceof Duration) {
            return "time.Duration";
        }
        if (v instanceof Map<?, ?>) {
            return "map[string]interface {}";
        }
        if (v instanceof Iterable<?> || v.getClass().isArray()) {
            return "[]interface {}";
        }
        return v.getClass().getSimpleName();
    }

    /** Map entries in Go's fmt/range order: keys sorted (numbers numerically, strings lexicographically). */
    static List<Map.Entry<?, ?>> sortedEntries(Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (entries.size() > 1) {
            entries.sort(Comparator.comparing(Map.Entry::getKey, Values::compareKeys));
        }
        return entries;
    }

    static int compareKeys(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka == kb) {
            switch (ka) {
                case INT:
                    return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
                case FLOAT:
                    return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
                case STRING:
                    return stringOf(a).compareTo(stringOf(b));
                case BOOL:
                    return Boolean.compare((Boolean) a, (Boolean) b);
                default:
                    break;
            }
        }
        if (a instanceof Comparable<?> && a.getClass() == b.getClass()) {
            @SuppressWarnings("unchecked")
            Comparable<Object> ca = (Comparable<Object>) a;
            return ca.compareTo(b);
        }
        return GoFormat.value(a).compareTo(GoFormat.value(b));
    }

    /** Go's {@code len}. */
    static long length(Object v) {
        if (v == null) {
            throw new IllegalArgumentException("len of nil pointer");
        }
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
        if (v instanceof Collection<?> c) {
            return c.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        if (v.getClass().isArray()) {
            return Array.getLength(v);
        }
        if (v instanceof Iterable<?> it) {
            long n = 0;
            for (Object ignored : it) {
                n++;
            }
            return n;
        }
        throw new IllegalArgumentException("len of type " + typeName(v));
    }

    /** Go's {@code index item i1 i2 ...}; a missing map key yields the empty string. */
    static Object index(Object item, List<Object> indices) {
        Object v = item;
        for (Object index : indices) {
            if (v == null) {
                throw new IllegalArgumentException("index of untyped nil");
            }
            if (v instanceof Map<?, ?> map) {
                if (!(index instanceof String) && kind(index) != Kind.INT && index != null) {
                    throw new IllegalArgumentException(typeName(index) + " is not index type for " + typeName(v));
                }
                Object key = index instanceof Enum<?> e ? e.name() : index;
                Object found = key == null ? null : getOrNull(map, key);
                v = found == null ? "" : found;
            } else if (v instanceof List<?> || v instanceof Iterable<?> || v.getClass().isArray()
                    || v instanceof String) {
                if (kind(index) != Kind.INT) {
                    throw new IllegalArgumentException("cannot index slice/array with type " + typeName(index));
                }
                long x = ((Number) index).longValue();
                if (v instanceof String s) {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    if (x < 0 || x >= bytes.length) {
                        throw new IllegalArgumentException("index out of range: " + x);
                    }
                    v = (long) (bytes[(int) x] & 0xff);
                } else {
                    List<Object> list = GoFormat.elements(v);
                    if (x < 0 || x >= list.size()) {
                        throw new IllegalArgumentException("index out of range: " + x);
                    }
                    v = list.get((int) x);
                }
            } else {
                throw new IllegalArgumentException("can't index item of type " + typeName(v));
            }
        }
        return v;
    }

    static Object getOrNull(Map<?, ?> map, Object key) {
        try {
            return map.get(key);
        } catch (ClassCastException | NullPointerException e) {
            return null;
        }
    }

    /** Go's {@code eq arg1 arg2...}, with numbers compared numerically across integer and float types. */
    static boolean eq(Object a, List<Object> others) {
        if (others.isEmpty()) {
            throw new IllegalArgumentException("missing argument for comparison");
        }
        Kind ka = kind(a);
        for (Object b : others) {
            Kind kb = kind(b);
            boolean truth;
            if (ka != kb) {
                if (isNumber(ka) && isNumber(kb)) {
                    truth = compareNumbers(a, b) == 0;
                } else if (a != null && b != null) {
                    throw new IllegalArgumentException(
                            "incompatible types for comparison: " + typeName(a) + " and " + typeName(b));
                } else {
                    truth = false;
                }
            } else {
                switch (ka) {
                    case BOOL:
                        truth = a.equals(b);
                        break;
                    case INT:
                    case FLOAT:
                        truth = compareNumbers(a, b) == 0;
                        break;
                    case STRING:
                        truth = stringOf(a).equals(stringOf(b));
                        break;
                    default:
                        if (a == null || b == null) {
                            truth = a == b;
                        } else if (a instanceof Map<?, ?> || a instanceof Iterable<?> || a.getClass().isArray()
                                || b instanceof Map<?, ?> || b instanceof Iterable<?> || b.getClass().isArray()) {
                            throw new IllegalArgumentException("non-comparable type " + typeName(a));
                        } else {
                            truth = Objects.equals(a, b);
                        }
                        break;
                }
            }
            if (truth) {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code lt}. */
    static boolean lt(Object a, Object b) {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka == Kind.INVALID || kb == Kind.INVALID) {
            throw new IllegalArgumentException("invalid type for comparison");
        }
        if (isNumber(ka) && isNumber(kb)) {
            return compareNumbers(a, b) < 0;
        }
        if (ka != kb) {
            throw new IllegalArgumentException(
                    "incompatible types for comparison: " + typeName(a) + " and " + typeName(b));
        }
        if (ka == Kind.STRING) {
            return stringOf(a).compareTo(stringOf(b)) < 0;
        }
        throw new IllegalArgumentException("invalid type for comparison");
    }

    private static boolean isNumber(Kind k) {
        return k == Kind.INT || k == Kind.FLOAT;
    }

    private static int compareNumbers(Object a, Object b) {
        if (kind(a) == Kind.INT && kind(b) == Kind.INT) {
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        // NaN is unequal to everything, as in Go.
        if (x < y) {
            return -1;
        }
        if (x > y) {
            return 1;
        }
        return x == y ? 0 : 2;
    }
}
