package dev.herald.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.core.json.GoJson;
import dev.herald.core.json.RandomJsonValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An HTML template's {@code {{ json . }}} (Kapacitor's default details) encodes and escapes in one pass; its text must
 * be exactly what encoding and then escaping the result gives.
 */
class DetailsJsonTest {
    private static final Map<String, TemplateFunction> FUNCTIONS = Map.of("json", TemplateFunctions.json(),
            "jsonCompact", TemplateFunctions.jsonCompact());

    @Test
    void oneEscapingPassGivesTheTextOfEncodingThenEscaping() {
        MessageTemplate json = MessageTemplate.parseHtml("{{ json . }}", FUNCTIONS);
        MessageTemplate compact = MessageTemplate.parseHtml("<p>{{ jsonCompact .X }}</p>", FUNCTIONS);
        Random r = new Random(77);
        for (int i = 0; i < 20_000; i++) {
            Object v = RandomJsonValues.value(r, 0);
            assertEquals(Escapers.htmlTemplate(GoJson.encodeLine(v)), json.render(v), String.valueOf(v));
            Map<String, Object> dot = new LinkedHashMap<>();
            dot.put("X", v);
            assertEquals("<p>" + Escapers.htmlTemplate(GoJson.encode(v)) + "</p>", compact.render(dot));
        }
    }

    @Test
    void knownCharactersComeOutEscapedAsGoDoes() {
        MessageTemplate json = MessageTemplate.parseHtml("{{ json . }}", FUNCTIONS);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("it's", "a \"b\" <c> & 1+1");
        data.put("big", 1e21);
        assertEquals("{&#34;it&#39;s&#34;:&#34;a \\&#34;b\\&#34; \\u003cc\\u003e \\u0026 1&#43;1&#34;,"
                + "&#34;big&#34;:1e&#43;21}\n", json.render(data));
    }

    @Test
    void valuesTheDirectWriterLeavesToTheMapperAreEscapedToo() {
        record Point(String name, double value) {
        }
        MessageTemplate json = MessageTemplate.parseHtml("{{ json . }}", FUNCTIONS);
        Map<String, Object> data = Map.of("p", new Point("o'k+", 1e22));
        assertEquals(Escapers.htmlTemplate(GoJson.encodeLine(data)), json.render(data));
        assertEquals("{&#34;p&#34;:{&#34;name&#34;:&#34;o&#39;k&#43;&#34;,&#34;value&#34;:1e&#43;22}}\n",
                json.render(data));
    }

    @Test
    void anUnencodableValueFailsAsTheFunctionCallDid() {
        MessageTemplate json = MessageTemplate.parseHtml("{{ json .X }}", FUNCTIONS);
        TemplateException e = assertThrows(TemplateException.class, () -> json.render(Map.of("X", Double.NaN)));
        assertEquals("template: template:1:3: executing \"template\" at <json .X>: error calling json: "
                + "unsupported value: NaN", e.getMessage());
    }
}
