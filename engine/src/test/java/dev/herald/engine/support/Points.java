package dev.herald.engine.support;

import dev.herald.engine.Point;
import java.time.Instant;
import java.util.Map;

/** Points for tests. */
public final class Points {
    private Points() {
    }

    /** {@code cpu,host=<host> usage_idle=<idle>} at second {@code second}. */
    public static Point cpu(String host, double idle, long second) {
        return new Point("telegraf", "autogen", "cpu", Map.of("host", host), Map.of("usage_idle", idle),
                Instant.ofEpochSecond(second));
    }
}
