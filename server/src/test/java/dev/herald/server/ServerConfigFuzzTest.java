package dev.herald.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.engine.handler.HandlerRegistry;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes kapacitor.conf loading (TOML, server keys, every handler section bound by its schema). Invariant: only
 * {@link StartupException}, naming the problem. Corpus: {@code ServerConfigFuzzTestInputs/load/}.
 */
class ServerConfigFuzzTest {
    private static final List<HandlerFactory<?, ?>> FACTORIES =
            HandlerRegistry.discover(ServerConfigFuzzTest.class.getClassLoader());
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("fuzz", ".conf");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = "2m", maxExecutions = 1_000_000)
    void load(byte[] input) throws IOException {
        Files.write(file, input);
        try {
            ServerConfig config = ServerConfig.load(Optional.of(file), Map.of());
            config.settings();
            config.hardening();
            config.handlerSections(FACTORIES);
            config.unknown(Set.of("slack"));
        } catch (StartupException expected) {
            // one line naming the file, key and reason
        }
    }
}
