package dev.herald.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes Go text/template parsing and rendering. Under {@code mvn verify} it replays the committed corpus in
 * {@code src/test/resources/dev/herald/core/fuzz/TemplateFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it fuzzes
 * (see core/README.md). Invariant: only {@link TemplateException}, no hang, no stack overflow.
 */
class TemplateFuzzTest {
    private static final Map<String, Object> DATA = Map.of("ID", "cpu:host", "Level", "CRITICAL",
            "Tags", Map.of("host", "a"), "Fields", Map.of("value", 1.5), "List", List.of(1L, "two", 3.0));

    @FuzzTest(maxDuration = "2m", maxExecutions = 1_000_000)
    void parseAndRender(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            MessageTemplate.parse(text).render(DATA);
        } catch (TemplateException expected) {
            // the parser's own error type
        }
        try {
            MessageTemplate.parseHtml(text).render(DATA);
        } catch (TemplateException expected) {
            // the parser's own error type
        }
    }
}
