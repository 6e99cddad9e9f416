package dev.herald.benchmarks;

import dev.herald.engine.Herald;
import dev.herald.engine.lineprotocol.ParseResult;
import dev.herald.engine.lineprotocol.Precision;
import dev.herald.engine.task.TaskSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole pipeline in the shape of Kapacitor's own alert benchmark: T stream tasks, each
 * {@code stream|from().measurement('m1')|alert().id('{{ .Name }}_{{ .TaskName }}').info(lambda: "value" > 10)
 * .warn(lambda: "value" > 20).crit(lambda: "value" > 30)}, and P points of {@code m1} written as one line-protocol
 * body (parse, route to every task, evaluate, keep alert state). One invocation writes the P points once; the
 * score is the time for it, so points·tasks per second = T × P / score.
 *
 * <p>Run the two shapes of the brief: {@code -p tasks=10 -p points=50000} and {@code -p tasks=100 -p points=5000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AlertPipelineBenchmark {

    @Param({"10", "100"})
    public int tasks;

    @Param({"50000", "5000"})
    public int points;

    private Herald herald;
    private String body;

    @Setup(Level.Trial)
    public void setUp() {
        herald = Herald.builder().handlers(List.of()).build();
        for (int t = 0; t < tasks; t++) {
            herald.defineTask(TaskSpec.stream("task" + t, "stream\n"
                    + "    |from()\n        .measurement('m1')\n"
                    + "    |alert()\n        .id('{{ .Name }}_{{ .TaskName }}')\n"
                    + "        .info(lambda: \"value\" > 10)\n        .warn(lambda: \"value\" > 20)\n"
                    + "        .crit(lambda: \"value\" > 30)\n"));
        }
        StringBuilder lines = new StringBuilder(points * 40);
        for (int p = 0; p < points; p++) {
            // Values sweep 0..40 so that every level and every transition is taken.
            lines.append("m1,host=serverA value=").append(p % 41).append(' ').append(1_000_000_000L + p)
                    .append('\n');
        }
        body = lines.toString();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        herald.close();
    }

    @Benchmark
    public ParseResult writePoints() {
        return herald.write(body, "db", "rp", Precision.SECONDS);
    }
}
