package dev.herald.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.herald.engine.tick.TickscriptException;
import java.io.IOException;

/**
 * Fuzzes handler files (YAML, and JSON through both the YAML and the JSON reader) as the load directory and the
 * CLI's {@code define-topic-handler} read them, then parses the handler spec. Invariant: only Jackson's
 * {@link IOException}s from reading, and the 400 types ({@link ApiException}, {@link IllegalArgumentException},
 * {@link dev.herald.core.config.ConfigException}, {@link TickscriptException}) from the spec.
 * Corpus: {@code HandlerFileFuzzTestInputs/parse/}.
 */
class HandlerFileFuzzTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @FuzzTest(maxDuration = "2m", maxExecutions = 1_000_000)
    void parse(byte[] input) {
        spec(() -> YAML.readTree(input));
        spec(() -> Json.MAPPER.readTree(input));
    }

    private interface Reader {
        JsonNode read() throws IOException;
    }

    private static void spec(Reader reader) {
        JsonNode doc;
        try {
            doc = reader.read();
        } catch (IOException expected) {
            return;
        }
        if (doc == null || !doc.isObject()) {
            return;
        }
        try {
            HandlerService.parse(Json.toMap(doc), null, false);
        } catch (ApiException | IllegalArgumentException | dev.herald.core.config.ConfigException
                | TickscriptException expected) {
            // 400 / start-up error naming the file
        }
    }
}
