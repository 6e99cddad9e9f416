package dev.herald.benchmarks;

import dev.herald.engine.Point;
import dev.herald.engine.lambda.CompiledLambda;
import dev.herald.engine.lambda.LambdaCompiler;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.MapContext;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Lambda predicate evaluation: Herald's compiled lambdas against hand-written Java, Apache Commons JEXL 3 and Spring
 * SpEL (compiled, IMMEDIATE mode) on the same data. Four points are used in rotation so the results vary.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class LambdaBenchmark {

    @Param({"threshold", "compound", "string"})
    public String expr;

    private static final Pattern WEB = Pattern.compile("^web");

    private Point[] points;
    private MapContext[] jexlContexts;
    private StandardEvaluationContext[] spelContexts;
    private int next;

    /** The hand-written predicate for {@link #expr}, chosen once (one call, like the compiled lambda). */
    private Predicate<Point> hand;
    /** The same with the lambda language's lookup rule (a field, else a tag) for the tag it reads. */
    private Predicate<Point> handFieldFirst;
    private CompiledLambda herald;
    private JexlExpression jexl;
    private Expression spel;

    /** SpEL root object: the same values as the point, as public fields. */
    public static final class Row {
        public final double usage_idle;
        public final double load;
        public final String host;
        public final String path;

        Row(Point p) {
            usage_idle = (Double) p.fields().get("usage_idle");
            load = (Double) p.fields().get("load");
            host = p.tags().get("host");
            path = (String) p.fields().get("path");
        }
    }

    @Setup
    public void setup() {
        points = new Point[] {
            point("web01", 5.0, 1.0, "/api/v1/write"),
            point("db01", 55.0, 3.0, "/ping"),
            point("web02", 12.5, 0.5, "/"),
            point("cache7", 8.0, 2.0, "/query/api"),
        };
        jexlContexts = new MapContext[points.length];
        spelContexts = new StandardEvaluationContext[points.length];
        for (int i = 0; i < points.length; i++) {
            MapContext c = new MapContext();
            points[i].tags().forEach(c::set);
            points[i].fields().forEach(c::set);
            jexlContexts[i] = c;
            spelContexts[i] = new StandardEvaluationContext(new Row(points[i]));
        }
        String heraldSrc;
        String jexlSrc;
        String spelSrc;
        switch (expr) {
            case "threshold" -> {
                heraldSrc = "\"usage_idle\" < 10";
                jexlSrc = "usage_idle < 10";
                spelSrc = "usage_idle < 10";
            }
            case "compound" -> {
                heraldSrc = "\"usage_idle\" < 10 AND \"host\" =~ /^web/ OR \"load\" > 2.5";
                jexlSrc = "usage_idle < 10 && host =~ '^web.*' || load > 2.5";
                // 'matches' is not compilable in SpEL; startsWith is the same test for this anchored prefix
                spelSrc = "usage_idle < 10 and host.startsWith('web') or load > 2.5";
            }
            case "string" -> {
                heraldSrc = "strContains(\"path\", 'api') AND strLength(\"path\") > 3";
                jexlSrc = "path.contains('api') && path.length() > 3";
                spelSrc = "path.contains('api') and path.length() > 3";
            }
            default -> throw new IllegalArgumentException(expr);
        }
        hand = switch (expr) {
            case "threshold" -> LambdaBenchmark::threshold;
            case "compound" -> LambdaBenchmark::compound;
            default -> LambdaBenchmark::string;
        };
        // threshold and string read fields only, where the lookup rule changes nothing
        handFieldFirst = expr.equals("compound") ? LambdaBenchmark::compoundFieldFirst : hand;
        herald = LambdaCompiler.compilePredicate(heraldSrc);
        JexlEngine engine = new JexlBuilder().permissions(JexlPermissions.UNRESTRICTED).cache(64).strict(true)
                .silent(false).create();
        jexl = engine.createExpression(jexlSrc);
        spel = new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.IMMEDIATE,
                LambdaBenchmark.class.getClassLoader())).parseExpression(spelSrc);
        // sanity: all four agree with the hand-written version on every point
        for (int i = 0; i < points.length; i++) {
            boolean want = hand(points[i]);
            if (handFieldFirst.test(points[i]) != want) {
                throw new IllegalStateException(expr + ": field-first hand-written version disagrees on point " + i);
            }
            boolean h = herald.test(points[i]);
            boolean j = (Boolean) jexl.evaluate(jexlContexts[i]);
            boolean s = spel.getValue(spelContexts[i], Boolean.class);
            if (h != want || j != want || s != want) {
                throw new IllegalStateException(expr + " disagrees on point " + i + ": hand=" + want + " herald=" + h
                        + " jexl=" + j + " spel=" + s);
            }
        }
    }

    private static Point point(String host, double idle, double load, String path) {
        return new Point("telegraf", "autogen", "cpu", Map.of("host", host, "cpu", "cpu-total"),
                Map.of("usage_idle", idle, "load", load, "path", path), Instant.EPOCH);
    }

    private int index() {
        int i = next;
        next = (i + 1) & 3;
        return i;
    }

    private static boolean threshold(Point p) {
        return p.fields().get("usage_idle") instanceof Double d && d < 10;
    }

    private static boolean compound(Point p) {
        Map<String, Object> f = p.fields();
        Object idle = f.get("usage_idle");
        String host = p.tags().get("host");
        Object load = f.get("load");
        return idle instanceof Double i && i < 10 && host != null && WEB.matcher(host).find()
                || load instanceof Double l && l > 2.5;
    }

    private static boolean string(Point p) {
        Object path = p.fields().get("path");
        return path instanceof String s && s.contains("api") && s.length() > 3;
    }

    /**
     * {@link #compound} as the expression defines it: {@code "host"} is the field {@code host} when there is one,
     * else the tag. Herald has to make that extra field lookup (a miss here); this shows what it costs.
     */
    private static boolean compoundFieldFirst(Point p) {
        Map<String, Object> f = p.fields();
        Object idle = f.get("usage_idle");
        Object h = f.get("host");
        if (h == null) {
            h = p.tags().get("host");
        }
        Object load = f.get("load");
        return idle instanceof Double i && i < 10 && h instanceof String host && WEB.matcher(host).find()
                || load instanceof Double l && l > 2.5;
    }

    private boolean hand(Point p) {
        return hand.test(p);
    }

    @Benchmark
    public void handWritten(Blackhole bh) {
        bh.consume(hand.test(points[index()]));
    }

    /** Diagnostic: {@link #handWritten} with the language's field-then-tag lookup (differs for compound only). */
    @Benchmark
    public void handWrittenFieldFirst(Blackhole bh) {
        bh.consume(handFieldFirst.test(points[index()]));
    }

    @Benchmark
    public void herald(Blackhole bh) {
        bh.consume(herald.test(points[index()]));
    }

    @Benchmark
    public void jexl(Blackhole bh) {
        bh.consume(jexl.evaluate(jexlContexts[index()]));
    }

    @Benchmark
    public void spel(Blackhole bh) {
        bh.consume(spel.getValue(spelContexts[index()], Boolean.class));
    }
}
