package dev.herald.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.engine.topic.TopicHandlerSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes the RFC 6902 patch of topic handlers the way {@code PATCH .../handlers/<id>} runs it: body parsed within
 * the JSON limits, patch applied to a handler document, the result parsed as a handler. Invariant: only
 * {@link ApiException} (400), {@link IllegalArgumentException} and {@link dev.herald.core.config.ConfigException}
 * (both 400 in the HTTP front). Corpus: {@code JsonPatchFuzzTestInputs/apply/}.
 */
class JsonPatchFuzzTest {
    private static final JsonNode DOC = Json.MAPPER.valueToTree(Map.of("id", "h", "topic", "t", "kind", "log",
            "match", "\"host\" == 'a'", "options", Map.of("path", "/tmp/x.log", "mode", 420)));

    @FuzzTest(maxDuration = "2m", maxExecutions = 1_000_000)
    void apply(byte[] input) {
        try {
            JsonNode patched = JsonPatch.apply(Json.parseBody(input), DOC);
            if (patched.isObject()) {
                TopicHandlerSpec spec = HandlerService.parse(Json.toMap(patched), "t", true);
                spec.id();
            }
        } catch (ApiException | IllegalArgumentException | dev.herald.core.config.ConfigException expected) {
            // 400 with a reason
        } catch (dev.herald.engine.tick.TickscriptException expected) {
            // a bad match expression: 400 in the HTTP front
        }
    }
}
