package dev.herald.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.core.event.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTemplateTest {

    /** Shaped like Kapacitor's alert template data. */
    record Alert(String id, String name, String taskName, String group, Level level, Map<String, String> tags,
            Map<String, Object> fields, Instant time, Duration duration, List<String> list) {
    }

    /** A plain class with accessor-style methods. */
    public static final class Bean {
        public String getTitle() {
            return "bean-title";
        }

        public long count() {
            return 3;
        }
    }

    static Alert alert() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("value", 97.5);
        fields.put("count", 3L);
        fields.put("name", "cpu");
        return new Alert("cpu:host=serverA", "cpu", "cpu_alert", "host=serverA", Level.CRITICAL,
                Map.of("host", "serverA", "dc", "east"), fields, Instant.parse("1971-01-01T00:00:10Z"),
                Duration.ofSeconds(90), List.of("a", "b", "c"));
    }

    static String render(String text, Object data) {
        return MessageTemplate.parse(text).render(data);
    }

    // ---------------------------------------------------------------- data resolution

    @Test
    void kapacitorStyleMessage() {
        assertEquals("cpu:host=serverA is CRITICAL value: 97.5",
                render("{{ .ID }} is {{ .Level }} value: {{ index .Fields \"value\" }}", alert()));
        assertEquals("cpu_alert/cpu/host=serverA serverA",
                render("{{.TaskName}}/{{.Name}}/{{.Group}} {{index .Tags \"host\"}}", alert()));
        assertEquals("1971-01-01 00:00:10 +0000 UTC 1m30s", render("{{.Time}} {{.Duration}}", alert()));
    }

    @Test
    void recordComponentsExactThenCaseInsensitive() {
        record Exact(String ID, String id) {
        }
        assertEquals("upper lower", render("{{.ID}} {{.id}}", new Exact("upper", "lower")));
        assertEquals("cpu_alert cpu_alert", render("{{.TaskName}} {{.taskname}}", alert()));
    }

    @Test
    void objectsByPublicMethodOrGetter() {
        assertEquals("bean-title 3", render("{{.Title}} {{.Count}}", new Bean()));
    }

    @Test
    void mapsByKey() {
        Map<String, Object> data = new HashMap<>();
        data.put("A", Map.of("B", "deep"));
        data.put("n", 5L);
        assertEquals("deep 5", render("{{.A.B}} {{.n}}", data));
        assertEquals("<no value>", render("{{.Missing}}", data));
        assertEquals("<no value>", render("{{.Missing.Deeper}}", data));
        assertEquals("<no value>", render("{{.X}}", null));
    }

    @Test
    void unknownFieldOnRecordIsAnError() {
        TemplateException e = assertThrows(TemplateException.class, () -> render("ab {{.Nope}}", alert()));
        assertEquals("template: template:1:5: executing \"template\" at <.Nope>: can't evaluate field Nope in type "
                + "Alert", e.getMessage());
        assertEquals(1, e.line());
        assertEquals(5, e.column());
        TemplateException onString = assertThrows(TemplateException.class, () -> render("{{.ID.Foo}}", alert()));
        assertEquals("template: template:1:2: executing \"template\" at <.ID.Foo>: can't evaluate field Foo in "
                + "type string", onString.getMessage());
    }

    @Test
    void accessorsAreCachedPerClassAndWorkForManyClasses() {
        MessageTemplate t = MessageTemplate.parse("{{.Name}}");
        record A(String name) {
        }
        record B(String name) {
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("a", t.render(new A("a")));
            assertEquals("b", t.render(new B("b")));
            assertEquals("m", t.render(Map.of("Name", "m")));
        }
    }

    // ---------------------------------------------------------------- actions and literals

    @Test
    void dotAndConstantText() {
        assertEquals("x", render("{{.}}", "x"));
        assertEquals("[a b c]", render("{{.List}}", alert()));
        MessageTemplate constant = MessageTemplate.parse("no actions here");
        assertEquals("no actions here", constant.render(null));
        assertSame(constant.render(1), constant.render(2));
        assertEquals("", render("", null));
        assertEquals("no actions here", constant.source());
    }

    @Test
    void literals() {
        assertEquals("str raw\\n 42 -3 2.5 1000 true false 97 255 8 10",
                render("{{\"str\"}} {{`raw\\n`}} {{42}} {{-3}} {{2.5}} {{1e3}} {{true}} {{false}} {{'a'}} {{0xff}}"
                        + " {{010}} {{1_0}}", null));
        assertEquals("tab\there \"q\" é", render("{{\"tab\\there \\\"q\\\" \\u00e9\"}}", null));
        assertEquals("<nil>", render("{{print nil}}", null));
    }

    @Test
    void variables() {
        assertEquals("cpu cpu", render("{{$n := .Name}}{{$n}} {{$n}}", alert()));
        assertEquals("serverA", render("{{$t := .Tags}}{{$t.host}}", alert()));
        assertEquals("cpu", render("{{with .Tags}}{{$.Name}}{{end}}", alert()));
        assertEquals("2", render("{{$x := 1}}{{$x = 2}}{{$x}}", null));
        assertEquals("1 2", render("{{$x := 1}}{{if true}}{{$x := 2}}{{$x = 2}}{{end}}{{$x}} {{$x = 2}}{{$x}}",
                null));
    }

    @Test
    void pipelinesAndParentheses() {
        assertEquals("cpu!", render("{{ .Name | printf \"%s!\" }}", alert()));
        assertEquals("\"cpu\"", render("{{ .Name | printf \"%s\" | printf \"%q\" }}", alert()));
        assertEquals("5", render("{{ len (index .Fields \"name\" | printf \"%s!!\") }}", alert()));
        assertEquals("serverA", render("{{ (index . \"Tags\").host }}", Map.of("Tags", Map.of("host", "serverA"))));
        assertEquals("true", render("{{ 3 | eq 3 }}", null));
    }

    @Test
    void commentsAndTrimMarkers() {
        assertEquals("ab", render("a{{/* a comment */}}b", null));
        assertEquals("ab", render("a  {{- /* trimmed */ -}}  \n b", null));
        assertEquals("a1b", render("a \n\t{{- 1 -}} \r\n b", null));
        assertEquals("a 1b", render("a {{1 -}} b", null));
        assertEquals("-3", render("{{-3}}", null));
        assertEquals("x\n", render("{{/* multi\nline */}}x\n", null));
    }

    // ---------------------------------------------------------------- control structures

    @Test
    void ifElseIfElse() {
        String t = "{{if eq .Level \"CRITICAL\"}}crit{{else if eq .Level \"WARNING\"}}warn{{else}}other{{end}}";
        assertEquals("crit", render(t, alert()));
        assertEquals("warn", render(t, Map.of("Level", Level.WARNING)));
        assertEquals("other", render(t, Map.of("Level", "OK")));
        assertEquals("yes", render("{{if .List}}yes{{end}}", alert()));
        assertEquals("", render("{{if .Missing}}yes{{end}}", Map.of()));
        assertEquals("v=3", render("{{if $v := index .Fields \"count\"}}v={{$v}}{{end}}", alert()));
    }

    @Test
    void truthinessAsGo() {
        String t = "{{if .}}T{{else}}F{{end}}";
        assertEquals("F", render(t, false));
        assertEquals("F", render(t, 0L));
        assertEquals("F", render(t, 0.0));
        assertEquals("F", render(t, ""));
        assertEquals("F", render(t, List.of()));
        assertEquals("F", render(t, Map.of()));
        assertEquals("F", render(t, null));
        assertEquals("F", render(t, Duration.ZERO));
        assertEquals("T", render(t, true));
        assertEquals("T", render(t, -1));
        assertEquals("T", render(t, 0.5));
        assertEquals("T", render(t, "x"));
        assertEquals("T", render(t, List.of(0)));
        assertEquals("T", render(t, Map.of("a", 1)));
        assertEquals("T", render(t, new Bean()));
    }

    @Test
    void rangeOverListsMapsAndIntegers() {
        assertEquals("a,b,c,", render("{{range .List}}{{.}},{{end}}", alert()));
        assertEquals("0=a 1=b 2=c ", render("{{range $i, $e := .List}}{{$i}}={{$e}} {{end}}", alert()));
        assertEquals("a b c ", render("{{range $e := .List}}{{$e}} {{end}}", alert()));
        assertEquals("dc=east host=serverA ", render("{{range $k, $v := .Tags}}{{$k}}={{$v}} {{end}}", alert()));
        assertEquals("east serverA ", render("{{range .Tags}}{{.}} {{end}}", alert()));
        assertEquals("empty", render("{{range .}}x{{else}}empty{{end}}", List.of()));
        assertEquals("empty", render("{{range .Missing}}x{{else}}empty{{end}}", Map.of()));
        assertEquals("012", render("{{range 3}}{{.}}{{end}}", null));
        assertEquals("ab", render("{{range .}}{{if eq . \"c\"}}{{break}}{{end}}{{.}}{{end}}", List.of("a", "b", "c",
                "d")));
        assertEquals("ac", render("{{range .}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", List.of("a", "b",
                "c")));
        assertEquals("1 2 ", render("{{range .}}{{.}} {{end}}", new long[] {1, 2}));
    }

    @Test
    void withElse() {
        assertEquals("serverA", render("{{with .Tags}}{{.host}}{{end}}", alert()));
        assertEquals("none", render("{{with .Missing}}{{.}}{{else}}none{{end}}", Map.of()));
        assertEquals("b", render("{{with .A}}a{{else with .B}}{{.}}{{else}}c{{end}}", Map.of("B", "b")));
        assertEquals("3", render("{{with $x := index .Fields \"count\"}}{{$x}}{{end}}", alert()));
    }

    // ---------------------------------------------------------------- functions

    @Test
    void index() {
        Map<String, Object> data = Map.of("m", Map.of("k", List.of("x", Map.of("z", "deep"))), "l", List.of(10L, 20L));
        assertEquals("deep", render("{{index .m \"k\" 1 \"z\"}}", data));
        assertEquals("20", render("{{index .l 1}}", data));
        assertEquals("", render("{{index .m \"missing\"}}", data));
        assertEquals("[]", render("{{printf \"[%s]\" (index .m \"missing\")}}", data));
        assertEquals("98", render("{{index \"abc\" 1}}", null));
        assertEquals("map[k:[x map[z:deep]]]", render("{{index .m}}", data));
    }

    @Test
    void indexErrors() {
        TemplateException e = assertThrows(TemplateException.class, () -> render("{{index .Level 1}}", alert()));
        assertEquals("template: template:1:2: executing \"template\" at <index .Level 1>: error calling index: "
                + "can't index item of type Level", e.getMessage());
        e = assertThrows(TemplateException.class, () -> render("x\n  {{index .List 5}}", alert()));
        assertEquals("template: template:2:4: executing \"template\" at <index .List 5>: error calling index: "
                + "index out of range: 5", e.getMessage());
        assertEquals(2, e.line());
        assertEquals(4, e.column());
        e = assertThrows(TemplateException.class, () -> render("{{index .List \"a\"}}", alert()));
        assertEquals("template: template:1:2: executing \"template\" at <index .List \"a\">: error calling index: "
                + "cannot index slice/array with type string", e.getMessage());
    }

    @Test
    void printFunctions() {
        assertEquals("a1 2b3", render("{{print \"a\" 1 2 \"b\" 3}}", null));
        assertEquals("a 1 2 b 3\n", render("{{println \"a\" 1 2 \"b\" 3}}", null));
        assertEquals("97.5 CRITICAL", render("{{print (index .Fields \"value\") \" \" .Level}}", alert()));
        assertEquals("value: 97.50", render("{{printf \"value: %.2f\" (index .Fields \"value\")}}", alert()));
    }

    @Test
    void len() {
        assertEquals("3 2 0 5 2", render("{{len .List}} {{len .Tags}} {{len \"\"}} {{len \"hello\"}} {{len \"é\"}}",
                alert()));
        TemplateException e = assertThrows(TemplateException.class, () -> render("{{len 3}}", null));
        assertEquals("template: template:1:2: executing \"template\" at <len 3>: error calling len: len of type int",
                e.getMessage());
    }

    @Test
    void comparisons() {
        assertEquals("true false true", render("{{eq 1 1}} {{eq 1 2}} {{eq 1 2 3 1}}", null));
        assertEquals("true true", render("{{eq \"a\" \"a\"}} {{eq .Level \"CRITICAL\"}}", alert()));
        assertEquals("true true true", render("{{eq 1 1.0}} {{eq (index .Fields \"count\") 3}} {{lt 2 2.5}}",
                alert()));
        assertEquals("true false", render("{{ne 1 2}} {{ne \"a\" \"a\"}}", null));
        assertEquals("true true false", render("{{lt 1 2}} {{le 2 2}} {{lt \"b\" \"a\"}}", null));
        assertEquals("true true false", render("{{gt 3 2}} {{ge 2 2}} {{gt 2.5 3}}", null));
        assertEquals("true", render("{{gt (index .Fields \"value\") 90}}", alert()));
        assertEquals("false true", render("{{eq .Missing \"x\"}} {{eq .Missing nil}}", Map.of()));
        TemplateException e = assertThrows(TemplateException.class, () -> render("{{eq 1 \"1\"}}", null));
        assertEquals("template: template:1:2: executing \"template\" at <eq 1 \"1\">: error calling eq: incompatible "
                + "types for comparison: int and string", e.getMessage());
        e = assertThrows(TemplateException.class, () -> render("{{lt true false}}", null));
        assertEquals("template: template:1:2: executing \"template\" at <lt true false>: error calling lt: invalid "
                + "type for comparison", e.getMessage());
    }

    @Test
    void andOrNotShortCircuit() {
        assertEquals("0 b a 0", render("{{and 1 0 \"x\"}} {{and 1 \"a\" \"b\"}} {{or 0 \"a\" \"b\"}} {{or 0 \"\" 0}}",
                null));
        assertEquals("false true", render("{{not 1}} {{not \"\"}}", null));
        // The second operand would fail if evaluated.
        assertEquals("false", render("{{and false (index 1 1)}}", null));
        assertEquals("true", render("{{or true (index 1 1)}}", null));
        assertEquals("x", render("{{\"x\" | and 1}}", null));
    }

    @Test
    void escapers() {
        assertEquals("&lt;a href=&#34;x&#34;&gt;O&#39;Neil &amp; co+\uFFFD&lt;/a&gt;",
                render("{{html .}}", "<a href=\"x\">O'Neil & co+\0</a>"));
        assertEquals("\\'quoted\\' \\\"x\\\" \\u003Cb\\u003E \\u0026 \\u003D \\\\ \\u000A é",
                render("{{js .}}", "'quoted' \"x\" <b> & = \\ \n é"));
        assertEquals("a+b%26c%3Dd%2Fe%3F%C3%A9~-._", render("{{urlquery .}}", "a b&c=d/e?é~-._"));
        assertEquals("1+2", render("{{urlquery 1 2}}", null));
        assertEquals("&lt;no value&gt;", render("{{html .Missing}}", Map.of()));
    }

    @Test
    void extraFunctions() {
        Map<String, TemplateFunction> funcs = Map.of(
                "upper", args -> args.get(0).toString().toUpperCase(),
                "join", args -> String.join("-", args.stream().map(Object::toString).toList()),
                "boom", args -> {
                    throw new IllegalStateException("kaput");
                },
                "len", args -> "overridden");
        assertEquals("CPU a-b-CPU overridden", MessageTemplate.parse(
                "{{upper .Name}} {{.Name | upper | join \"a\" \"b\"}} {{len 1}}", funcs).render(alert()));
        TemplateException e = assertThrows(TemplateException.class,
                () -> MessageTemplate.parse("{{boom 1}}", funcs).render(null));
        assertEquals("template: template:1:2: executing \"template\" at <boom 1>: error calling boom: kaput",
                e.getMessage());
    }

    @Test
    void jsonFunctionsAsKapacitor() {
        Map<String, TemplateFunction> funcs = Map.of("json", TemplateFunctions.json(),
                "jsonCompact", TemplateFunctions.jsonCompact());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("b", List.of(1L, 2.5, "<x>"));
        data.put("a", "s");
        assertEquals("{\"b\":[1,2.5,\"\\u003cx\\u003e\"],\"a\":\"s\"}\n|{\"b\":[1,2.5,\"\\u003cx\\u003e\"],\"a\":\"s\"}",
                MessageTemplate.parse("{{json .}}|{{jsonCompact .}}", funcs).render(data));
        // In the details (html) template the JSON is HTML-escaped, as Kapacitor's is.
        assertEquals("{&#34;a&#34;:1}\n", MessageTemplate.parseHtml("{{json .}}", funcs).render(Map.of("a", 1L)));
    }

    // ---------------------------------------------------------------- html flavour

    @Test
    void htmlTemplateEscapesPrintedValues() {
        MessageTemplate t = MessageTemplate.parseHtml("<b>{{.Name}}</b> {{.Count}} {{.Missing}}|{{.Name | html}}");
        Map<String, Object> data = Map.of("Name", "<a&b> 'q' \"d\" 1+1 \0", "Count", 3L);
        assertEquals("<b>&lt;a&amp;b&gt; &#39;q&#39; &#34;d&#34; 1&#43;1 \uFFFD</b> 3 |"
                + "&lt;a&amp;b&gt; &#39;q&#39; &#34;d&#34; 1+1 \uFFFD", t.render(data));
        assertEquals("CRITICAL: cpu", MessageTemplate.parseHtml("{{.Level}}: {{.Name}}").render(alert()));
        assertEquals("a%26b", MessageTemplate.parseHtml("{{ .X | urlquery }}").render(Map.of("X", "a&b")));
        assertEquals("1&#43;2", MessageTemplate.parseHtml("{{ printf \"%d+%d\" 1 2 }}").render(null));
        assertEquals("x", MessageTemplate.parseHtml("{{$x := \"<\"}}x").render(null));
    }

    @Test
    void htmlTemplateRejectsPredefinedEscaperBeforeEnd() {
        MessageTemplate t = MessageTemplate.parseHtml("ok\n{{ .X | html | printf \"%s\" }}");
        TemplateException e = assertThrows(TemplateException.class, () -> t.render(Map.of("X", "y")));
        assertEquals("html/template:template:2:8: predefined escaper \"html\" disallowed in template",
                e.getMessage());
    }

    @Test
    void levelPrintsByName() {
        assertEquals("CRITICAL WARNING", render("{{.Level}} {{index . \"w\"}}", Map.of("Level", Level.CRITICAL,
                "w", Level.WARNING)));
        assertEquals("[OK INFO]", render("{{.}}", List.of(Level.OK, Level.INFO)));
    }

    @Test
    void namedTemplatesNameTheirErrors() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> MessageTemplate.parse("message", "{{ foo }}", Map.of()));
        assertEquals("template: message:1:3: function \"foo\" not defined", e.getMessage());
        assertEquals("message", MessageTemplate.parse("message", "x", Map.of()).name());
    }

    @Test
    void nullsInsideValues() {
        assertEquals("[a <nil>]", render("{{.}}", Arrays.asList("a", null)));
        assertEquals("<no value>", render("{{index . 1}}", Arrays.asList("a", null)));
    }
}
