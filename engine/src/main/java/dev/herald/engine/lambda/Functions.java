package dev.herald.engine.lambda;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToLongBiFunction;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import com.google.re2j.Pattern;

/** The stateless lambda functions, their signatures and implementations. */
final class Functions {
    private Functions() {
    }

    enum Kind { F_F, FF_F, SS_B, SS_I, SS_S, S_S, S_I, GENERIC, IF, IS_PRESENT, STATEFUL }

    /**
     * An instance of a stateful function ({@code sigma}, {@code spread}, {@code count}): one per group and per
     * occurrence of the call in an expression (see {@link LambdaState}).
     */
    interface Stateful {
        /** Takes the next value (arguments already converted to the signature's types). */
        Object call(Object[] args);
    }

    /** Kapacitor's {@code sigma}: how many standard deviations x is from the running mean (Welford's method). */
    static final class Sigma implements Stateful {
        private double mean;
        private double m2;
        private double n;

        double next(double x) {
            n++;
            double delta = x - mean;
            mean = mean + delta / n;
            m2 = m2 + delta * (x - mean);
            double variance = m2 / (n - 1);
            if (n < 2 || variance == 0) {
                return 0;
            }
            return Math.abs(x - mean) / Math.sqrt(variance);
        }

        @Override
        public Object call(Object[] args) {
            return next((Double) args[0]);
        }
    }

    /** Kapacitor's {@code spread}: the running max minus the running min. */
    static final class Spread implements Stateful {
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        double next(double x) {
            if (x < min) {
                min = x;
            }
            if (x > max) {
                max = x;
            }
            return max - min;
        }

        @Override
        public Object call(Object[] args) {
            return next((Double) args[0]);
        }
    }

    /** Kapacitor's {@code count()}: how many times it was evaluated. */
    static final class Count implements Stateful {
        private long n;

        long next() {
            return ++n;
        }

        @Override
        public Object call(Object[] args) {
            return next();
        }
    }

    record Sig(List<Type> params, Type ret) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < params.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(params.get(i));
            }
            return b.append(')').toString();
        }
    }

    interface Generic {
        Object apply(Object[] args);
    }

    record Fn(String name, Kind kind, List<Sig> sigs, Object impl) {
        boolean hasArity(int n) {
            return sigs.stream().anyMatch(s -> s.params().size() == n);
        }

        String arities() {
            return sigs.stream().map(s -> String.valueOf(s.params().size())).distinct().reduce((a, b) -> a + " or " + b)
                    .orElse("0");
        }
    }

    private static final Map<String, Fn> FUNCS = new HashMap<>();

    static Fn lookup(String name) {
        return FUNCS.get(name);
    }

    static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(FUNCS.keySet());
    }

    private static Sig sig(Type ret, Type... params) {
        return new Sig(List.of(params), ret);
    }

    private static void add(String name, Kind kind, Object impl, Sig... sigs) {
        FUNCS.put(name, new Fn(name, kind, List.of(sigs), impl));
    }

    private static void f1(String name, DoubleUnaryOperator f) {
        add(name, Kind.F_F, f, sig(Type.FLOAT, Type.FLOAT));
    }

    private static void f2(String name, DoubleBinaryOperator f) {
        add(name, Kind.FF_F, f, sig(Type.FLOAT, Type.FLOAT, Type.FLOAT));
    }

    private static void ssb(String name, BiPredicate<String, String> f) {
        add(name, Kind.SS_B, f, sig(Type.BOOL, Type.STRING, Type.STRING));
    }

    private static void ssi(String name, ToLongBiFunction<String, String> f) {
        add(name, Kind.SS_I, f, sig(Type.INT, Type.STRING, Type.STRING));
    }

    private static void sss(String name, BinaryOperator<String> f) {
        add(name, Kind.SS_S, f, sig(Type.STRING, Type.STRING, Type.STRING));
    }

    private static void ss(String name, UnaryOperator<String> f) {
        add(name, Kind.S_S, f, sig(Type.STRING, Type.STRING));
    }

    private static void time(String name, ToLongFunction<ZonedDateTime> f) {
        add(name, Kind.GENERIC, (Generic) a -> f.applyAsLong(((Instant) a[0]).atZone(ZoneOffset.UTC)),
                sig(Type.INT, Type.TIME));
    }

    static {
        // conversions
        add("bool", Kind.GENERIC, (Generic) a -> toBool(a[0]),
                sig(Type.BOOL, Type.BOOL), sig(Type.BOOL, Type.STRING), sig(Type.BOOL, Type.INT), sig(Type.BOOL, Type.FLOAT));
        add("int", Kind.GENERIC, (Generic) a -> toInt(a[0]),
                sig(Type.INT, Type.BOOL), sig(Type.INT, Type.STRING), sig(Type.INT, Type.INT), sig(Type.INT, Type.FLOAT),
                sig(Type.INT, Type.DURATION));
        add("float", Kind.GENERIC, (Generic) a -> toFloat(a[0]),
                sig(Type.FLOAT, Type.BOOL), sig(Type.FLOAT, Type.STRING), sig(Type.FLOAT, Type.INT),
                sig(Type.FLOAT, Type.FLOAT));
        add("string", Kind.GENERIC, (Generic) a -> toStr(a[0]),
                sig(Type.STRING, Type.BOOL), sig(Type.STRING, Type.STRING), sig(Type.STRING, Type.INT),
                sig(Type.STRING, Type.FLOAT), sig(Type.STRING, Type.DURATION));
        add("duration", Kind.GENERIC, (Generic) Functions::toDuration,
                sig(Type.DURATION, Type.DURATION), sig(Type.DURATION, Type.STRING),
                sig(Type.DURATION, Type.INT, Type.DURATION), sig(Type.DURATION, Type.FLOAT, Type.DURATION),
                sig(Type.DURATION, Type.STRING, Type.DURATION));
        // math
        f1("abs", Math::abs);
        f1("acos", Math::acos);
        f1("acosh", x -> Math.log(x + Math.sqrt(x * x - 1)));
        f1("asin", Math::asin);
        f1("asinh", x -> x == 0 || Double.isInfinite(x) ? x
                : Math.copySign(Math.log(Math.abs(x) + Math.sqrt(x * x + 1)), x));
        f1("atan", Math::atan);
        f2("atan2", Math::atan2);
        f1("atanh", x -> x == 0 ? x : 0.5 * Math.log((1 + x) / (1 - x)));
        f1("cbrt", Math::cbrt);
        f1("ceil", Math::ceil);
        f1("cos", Math::cos);
        f1("cosh", Math::cosh);
        f1("exp", Math::exp);
        f1("exp2", x -> Math.pow(2, x));
        f1("expm1", Math::expm1);
        f1("floor", Math::floor);
        f2("hypot", Math::hypot);
        f1("log", Math::log);
        f1("log10", Math::log10);
        f1("log1p", Math::log1p);
        f1("log2", x -> Math.log(x) / Math.log(2));
        f1("logb", Functions::logb);
        f2("max", Math::max);
        f2("min", Math::min);
        f2("mod", (x, y) -> x % y);
        f2("pow", Math::pow);
        add("pow10", Kind.GENERIC, (Generic) a -> pow10((Long) a[0]), sig(Type.FLOAT, Type.INT));
        f1("sin", Math::sin);
        f1("sinh", Math::sinh);
        f1("sqrt", Math::sqrt);
        f1("tan", Math::tan);
        f1("tanh", Math::tanh);
        f1("trunc", x -> x < 0 ? Math.ceil(x) : Math.floor(x));
        // strings
        ssb("strContains", String::contains);
        ssb("strContainsAny", (s, chars) -> indexAny(s, chars, false) >= 0);
        ssi("strCount", Functions::count);
        ssb("strHasPrefix", String::startsWith);
        ssb("strHasSuffix", String::endsWith);
        ssi("strIndex", String::indexOf);
        ssi("strIndexAny", (s, chars) -> indexAny(s, chars, false));
        ssi("strLastIndex", String::lastIndexOf);
        ssi("strLastIndexAny", (s, chars) -> indexAny(s, chars, true));
        add("strLength", Kind.S_I, (ToLongFunction<String>) String::length, sig(Type.INT, Type.STRING));
        add("strReplace", Kind.GENERIC, (Generic) a -> replace((String) a[0], (String) a[1], (String) a[2], (Long) a[3]),
                sig(Type.STRING, Type.STRING, Type.STRING, Type.STRING, Type.INT));
        add("strSubstring", Kind.GENERIC, (Generic) a -> substring((String) a[0], (Long) a[1], (Long) a[2]),
                sig(Type.STRING, Type.STRING, Type.INT, Type.INT));
        ss("strToLower", s -> s.toLowerCase(Locale.ROOT));
        ss("strToUpper", s -> s.toUpperCase(Locale.ROOT));
        sss("strTrim", (s, cut) -> trim(s, cut, true, true));
        sss("strTrimLeft", (s, cut) -> trim(s, cut, true, false));
        sss("strTrimPrefix", (s, p) -> s.startsWith(p) ? s.substring(p.length()) : s);
        sss("strTrimRight", (s, cut) -> trim(s, cut, false, true));
        ss("strTrimSpace", String::strip);
        sss("strTrimSuffix", (s, p) -> s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s);
        add("regexReplace", Kind.GENERIC, (Generic) a -> regexReplace((Pattern) a[0], (String) a[1], (String) a[2]),
                sig(Type.STRING, Type.REGEX, Type.STRING, Type.STRING));
        // time
        time("unixNano", t -> t.toInstant().getEpochSecond() * 1_000_000_000L + t.getNano());
        time("minute", ZonedDateTime::getMinute);
        time("hour", ZonedDateTime::getHour);
        time("weekday", t -> t.getDayOfWeek().getValue() % 7);
        time("day", ZonedDateTime::getDayOfMonth);
        time("month", ZonedDateTime::getMonthValue);
        time("year", ZonedDateTime::getYear);
        // special forms
        List<Sig> ifSigs = new ArrayList<>();
        for (Type t : List.of(Type.FLOAT, Type.INT, Type.STRING, Type.BOOL, Type.REGEX, Type.TIME, Type.DURATION)) {
            ifSigs.add(sig(t, Type.BOOL, t, t));
        }
        FUNCS.put("if", new Fn("if", Kind.IF, List.copyOf(ifSigs), null));
        add("isPresent", Kind.IS_PRESENT, null, sig(Type.BOOL, Type.MISSING));
        // stateful: impl creates a fresh instance
        add("sigma", Kind.STATEFUL, (java.util.function.Supplier<Stateful>) Sigma::new, sig(Type.FLOAT, Type.FLOAT));
        add("spread", Kind.STATEFUL, (java.util.function.Supplier<Stateful>) Spread::new,
                sig(Type.FLOAT, Type.FLOAT));
        add("count", Kind.STATEFUL, (java.util.function.Supplier<Stateful>) Count::new, sig(Type.INT));
    }

    // ------------------------------------------------------------------ signature matching

    /** Exact match, else a match promoting int arguments to float parameters; null when none. */
    static Sig match(Fn fn, Type[] args) {
        for (Sig s : fn.sigs()) {
            if (s.params().size() == args.length && Arrays.equals(s.params().toArray(), args)) {
                return s;
            }
        }
        outer:
        for (Sig s : fn.sigs()) {
            if (s.params().size() != args.length) {
                continue;
            }
            for (int i = 0; i < args.length; i++) {
                Type p = s.params().get(i);
                if (p != args[i] && !(p == Type.FLOAT && args[i] == Type.INT)) {
                    continue outer;
                }
            }
            return s;
        }
        return null;
    }

    static LambdaException signatureError(Fn fn, Type[] args) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(args[i]);
        }
        b.append(')');
        return new LambdaException("Cannot call function \"" + fn.name() + "\" with args " + b
                + ", available signatures are " + fn.sigs() + ".");
    }

    /** Calls a non-special function on boxed, already type-matched arguments. */
    @SuppressWarnings("unchecked")
    static Object call(Fn fn, Sig sig, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            if (sig.params().get(i) == Type.FLOAT && args[i] instanceof Long l) {
                args[i] = l.doubleValue();
            }
        }
        switch (fn.kind()) {
            case F_F:
                return ((DoubleUnaryOperator) fn.impl()).applyAsDouble((Double) args[0]);
            case FF_F:
                return ((DoubleBinaryOperator) fn.impl()).applyAsDouble((Double) args[0], (Double) args[1]);
            case SS_B:
                return ((BiPredicate<String, String>) fn.impl()).test((String) args[0], (String) args[1]);
            case SS_I:
                return ((ToLongBiFunction<String, String>) fn.impl()).applyAsLong((String) args[0], (String) args[1]);
            case SS_S:
                return ((BinaryOperator<String>) fn.impl()).apply((String) args[0], (String) args[1]);
            case S_S:
                return ((UnaryOperator<String>) fn.impl()).apply((String) args[0]);
            case S_I:
                return ((ToLongFunction<String>) fn.impl()).applyAsLong((String) args[0]);
            case GENERIC:
                return ((Generic) fn.impl()).apply(args);
            default:
                throw new IllegalStateException(fn.name());
        }
    }

    static LambdaException callError(String fn, String msg) {
        return new LambdaException("error calling \"" + fn + "\": " + msg);
    }

    // ------------------------------------------------------------------ implementations

    static Object toBool(Object v) {
        if (v instanceof Boolean) {
            return v;
        }
        if (v instanceof String s) {
            switch (s) {
                case "1", "t", "T", "TRUE", "true", "True":
                    return true;
                case "0", "f", "F", "FALSE", "false", "False":
                    return false;
                default:
                    throw callError("bool", "cannot convert \"" + s + "\" to boolean");
            }
        }
        if (v instanceof Long l && (l == 0 || l == 1)) {
            return l == 1;
        }
        if (v instanceof Double d && (d == 0 || d == 1)) {
            return d == 1;
        }
        throw callError("bool", "cannot convert " + v + " to boolean");
    }

    static Object toInt(Object v) {
        if (v instanceof Long) {
            return v;
        }
        if (v instanceof Double d) {
            return (long) (double) d;
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof Duration) {
            return Ops.nanos(v);
        }
        String s = (String) v;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw callError("int", "cannot parse \"" + s + "\" as an integer");
        }
    }

    static Object toFloat(Object v) {
        if (v instanceof Double) {
            return v;
        }
        if (v instanceof Long l) {
            return l.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        String s = (String) v;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw callError("float", "cannot parse \"" + s + "\" as a float");
        }
    }

    static Object toStr(Object v) {
        if (v instanceof Double d) {
            return formatFloat(d);
        }
        if (v instanceof Duration) {
            return formatDuration(Ops.nanos(v));
        }
        return String.valueOf(v);
    }

    /** Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static final long[] UNIT_NANOS = {604_800_000_000_000L, 86_400_000_000_000L, 3_600_000_000_000L,
        60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
    private static final String[] UNIT_NAMES = {"w", "d", "h", "m", "s", "ms", "u"};

    /** InfluxQL duration formatting: the largest unit that divides the value exactly. */
    static String formatDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        for (int i = 0; i < UNIT_NANOS.length; i++) {
            if (nanos % UNIT_NANOS[i] == 0) {
                return (nanos / UNIT_NANOS[i]) + UNIT_NAMES[i];
            }
        }
        return nanos + "ns";
    }

    /** InfluxQL duration parsing: one or more {@code <int><unit>} pairs, units ns u µ ms s m h d w. */
    static long parseDuration(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException();
        }
        long total = 0;
        int i = 0;
        boolean neg = s.startsWith("-");
        if (neg) {
            i++;
        }
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException();
            }
            long n = Long.parseLong(s.substring(start, i));
            int us = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i))) {
                i++;
            }
            long unit = switch (s.substring(us, i)) {
                case "ns" -> 1L;
                case "u", "µ" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "d" -> 86_400_000_000_000L;
                case "w" -> 604_800_000_000_000L;
                default -> throw new IllegalArgumentException();
            };
            total = Math.addExact(total, Math.multiplyExact(n, unit));
        }
        return neg ? -total : total;
    }

    static Object toDuration(Object[] a) {
        Object v = a[0];
        if (v instanceof Duration) {
            return v;
        }
        if (v instanceof String s) {
            try {
                return Duration.ofNanos(parseDuration(s));
            } catch (RuntimeException e) {
                throw callError("duration", "invalid duration string \"" + s + "\"");
            }
        }
        if (a.length < 2) {
            throw callError("duration", "duration expects unit argument for int and float values");
        }
        long unit = Ops.nanos(a[1]);
        if (v instanceof Long l) {
            return Duration.ofNanos(l * unit);
        }
        return Duration.ofNanos((long) ((Double) v * unit));
    }

    static double logb(double x) {
        if (x == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (Double.isInfinite(x)) {
            return Double.POSITIVE_INFINITY;
        }
        if (Double.isNaN(x)) {
            return x;
        }
        int e = Math.getExponent(x);
        if (e < Double.MIN_EXPONENT) {
            e = Math.getExponent(x * 0x1p54) - 54;
        }
        return e;
    }

    static double pow10(long n) {
        if (n < -323) {
            return 0;
        }
        if (n > 308) {
            return Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble("1e" + n);
    }

    static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1;
        }
        long n = 0;
        int i = 0;
        while ((i = s.indexOf(sub, i)) >= 0) {
            n++;
            i += sub.length();
        }
        return n;
    }

    static long indexAny(String s, String chars, boolean last) {
        if (chars.isEmpty()) {
            return -1;
        }
        if (!last) {
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                if (chars.indexOf(cp) >= 0) {
                    return i;
                }
                i += Character.charCount(cp);
            }
            return -1;
        }
        for (int i = s.length(); i > 0; ) {
            int cp = s.codePointBefore(i);
            i -= Character.charCount(cp);
            if (chars.indexOf(cp) >= 0) {
                return i;
            }
        }
        return -1;
    }

    static String trim(String s, String cutset, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end) {
            int cp = s.codePointAt(start);
            if (cutset.indexOf(cp) < 0) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (right && end > start) {
            int cp = s.codePointBefore(end);
            if (cutset.indexOf(cp) < 0) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }

    static String replace(String s, String old, String repl, long n) {
        if (n == 0 || old.equals(repl)) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        long done = 0;
        if (old.isEmpty()) {
            int i = 0;
            while (i <= s.length()) {
                if (n < 0 || done < n) {
                    b.append(repl);
                    done++;
                } else {
                    b.append(s, i, s.length());
                    return b.toString();
                }
                if (i == s.length()) {
                    break;
                }
                int cp = s.codePointAt(i);
                b.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            return b.toString();
        }
        int from = 0;
        int idx;
        while ((n < 0 || done < n) && (idx = s.indexOf(old, from)) >= 0) {
            b.append(s, from, idx).append(repl);
            from = idx + old.length();
            done++;
        }
        return b.append(s, from, s.length()).toString();
    }

    static String substring(String s, long start, long stop) {
        if (start < 0) {
            throw callError("strSubstring", "found negative index for strSubstring: " + start);
        }
        if (stop < 0) {
            throw callError("strSubstring", "found negative index for strSubstring: " + stop);
        }
        if (stop > s.length()) {
            throw callError("strSubstring", "stop index too large for string in strSubstring: " + stop);
        }
        if (start > stop) {
            throw callError("strSubstring", "start index " + start + " is after stop index " + stop);
        }
        return s.substring((int) start, (int) stop);
    }

    /**
     * Go's {@code Regexp.ReplaceAllString}: an empty match right after a match is not replaced, and the replacement
     * is expanded as Go's {@code Expand} does ({@code $1}, {@code ${1}}, {@code $name}, {@code ${name}},
     * {@code $$}; a name is the longest run of letters, digits and {@code _}, so {@code $1x} is the group "1x";
     * an unknown group is empty; a malformed {@code $} is kept).
     */
    static String regexReplace(Pattern p, String src, String repl) {
        com.google.re2j.Matcher m = p.matcher(src);
        StringBuilder out = new StringBuilder(src.length());
        int lastMatchEnd = 0;
        int searchPos = 0;
        while (searchPos <= src.length() && m.find(searchPos)) {
            int start = m.start();
            int end = m.end();
            out.append(src, lastMatchEnd, start);
            if (end > lastMatchEnd || start == 0) {
                expand(out, repl, m, p);
            }
            lastMatchEnd = end;
            int width = searchPos < src.length() ? Character.charCount(src.codePointAt(searchPos)) : 1;
            if (searchPos + width > end) {
                searchPos += width;
            } else if (searchPos + 1 > end) {
                searchPos++;
            } else {
                searchPos = end;
            }
        }
        out.append(src, Math.min(lastMatchEnd, src.length()), src.length());
        return out.toString();
    }

    private static void expand(StringBuilder out, String template, com.google.re2j.Matcher m, Pattern p) {
        int i = 0;
        while (i < template.length()) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                out.append(template, i, template.length());
                return;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            boolean brace = i < template.length() && template.charAt(i) == '{';
            int j = brace ? i + 1 : i;
            int nameStart = j;
            while (j < template.length()) {
                int c = template.codePointAt(j);
                if (!Character.isLetter(c) && !Character.isDigit(c) && c != '_') {
                    break;
                }
                j += Character.charCount(c);
            }
            String name = template.substring(nameStart, j);
            if (name.isEmpty() || (brace && (j >= template.length() || template.charAt(j) != '}'))) {
                out.append('$'); // malformed: the '$' stays, the rest is copied as text
                continue;
            }
            i = brace ? j + 1 : j;
            String value = groupValue(m, p, name);
            if (value != null) {
                out.append(value);
            }
        }
    }

    private static String groupValue(com.google.re2j.Matcher m, Pattern p, String name) {
        boolean digits = name.chars().allMatch(c -> c >= '0' && c <= '9');
        if (digits && !(name.length() > 1 && name.charAt(0) == '0')) {
            int n;
            try {
                n = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                return null;
            }
            return n <= m.groupCount() ? m.group(n) : null;
        }
        if (digits) {
            return null; // Go: a number with a leading zero names no group
        }
        Integer index = p.namedGroups().get(name);
        return index == null ? null : m.group(index);
    }
}
