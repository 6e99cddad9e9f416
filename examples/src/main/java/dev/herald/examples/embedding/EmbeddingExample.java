package dev.herald.examples.embedding;

import dev.herald.engine.Herald;
import dev.herald.engine.lineprotocol.Precision;
import dev.herald.engine.task.TaskSpec;
import java.time.Duration;

/** Herald embedded in a plain Java program: one alert rule, a few points, the alerts printed. */
public final class EmbeddingExample {
    private EmbeddingExample() {
    }

    public static void main(String[] args) {
        try (Herald herald = Herald.builder().build()) {
            herald.onEvent(event -> System.out.println(event.level() + " " + event.id() + ": " + event.message()));
            herald.defineTask(TaskSpec.stream("cpu_alert", """
                    stream
                        |from().measurement('cpu').groupBy('host')
                        |alert()
                            .warn(lambda: "usage_idle" < 20)
                            .crit(lambda: "usage_idle" < 10)
                            .message('{{ index .Tags "host" }} is {{ .Level }}: idle {{ index .Fields "usage_idle" }}%')
                            .topic('cpu')
                    """));
            herald.write("""
                    cpu,host=web01 usage_idle=55 1
                    cpu,host=web01 usage_idle=15 2
                    cpu,host=web02 usage_idle=4 2
                    cpu,host=web01 usage_idle=60 3
                    """, "telegraf", "autogen", Precision.SECONDS);
            herald.awaitDelivery(Duration.ofSeconds(5));
        }
    }
}
