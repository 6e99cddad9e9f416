package dev.herald.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateErrorsTest {

    private static TemplateException parseError(String text) {
        return assertThrows(TemplateException.class, () -> MessageTemplate.parse("t", text, Map.of()));
    }

    private static TemplateException execError(String text, Object data) {
        MessageTemplate t = MessageTemplate.parse("t", text, Map.of());
        return assertThrows(TemplateException.class, () -> t.render(data));
    }

    private static void assertError(TemplateException e, String message, int line, int column) {
        assertEquals(message, e.getMessage());
        assertEquals(line, e.line(), "line");
        assertEquals(column, e.column(), "column");
    }

    @Test
    void unclosedAction() {
        assertError(parseError("abc\nde {{ .X "), "template: t:2:3: unclosed action", 2, 3);
        assertError(parseError("{{ .X }"), "template: t:1:6: unexpected \"}\" in operand", 1, 6);
        assertError(parseError("{{ .X \u20ac }}"), "template: t:1:6: bad character U+20AC '\u20ac'", 1, 6);
    }

    @Test
    void unknownFunction() {
        assertError(parseError("a {{ .X | foo }}"), "template: t:1:10: function \"foo\" not defined", 1, 10);
        assertError(parseError("{{if true}}\n  {{bar 1}}{{end}}"), "template: t:2:4: function \"bar\" not defined",
                2, 4);
    }

    @Test
    void unexpectedEndAndElse() {
        assertError(parseError("x{{end}}"), "template: t:1:3: unexpected {{end}}", 1, 3);
        assertError(parseError("x{{ else }}"), "template: t:1:4: unexpected {{else}}", 1, 4);
        assertError(parseError("{{if .X}}abc"), "template: t:1:12: unexpected EOF", 1, 12);
        assertError(parseError("{{range .X}}{{else}}a{{else}}b{{end}}"),
                "template: t:1:23: expected end; found {{else}}", 1, 23);
        assertError(parseError("{{end 1}}"), "template: t:1:6: unexpected \"1\" in end", 1, 6);
    }

    @Test
    void otherSyntaxErrors() {
        assertError(parseError("{{ }}"), "template: t:1:3: missing value for command", 1, 3);
        assertError(parseError("{{ .X | 3 }}"), "template: t:1:8: non executable command in pipeline stage 2", 1, 8);
        assertError(parseError("{{ $y }}"), "template: t:1:3: undefined variable \"$y\"", 1, 3);
        assertError(parseError("{{ \"abc }}"), "template: t:1:3: unterminated quoted string", 1, 3);
        assertError(parseError("{{/* x }}"), "template: t:1:0: unclosed comment", 1, 0);
        assertError(parseError("{{/* x */ .X}}"), "template: t:1:0: comment ends before closing delimiter", 1, 0);
        assertError(parseError("{{ (1 }}"), "template: t:1:6: unclosed left paren", 1, 6);
        assertError(parseError("{{ 1) }}"), "template: t:1:4: unexpected right paren", 1, 4);
        assertError(parseError("{{break}}"), "template: t:1:2: {{break}} outside {{range}}", 1, 2);
        assertError(parseError("{{define \"x\"}}{{end}}"), "template: t:1:2: {{define}} is not supported", 1, 2);
        assertError(parseError("{{ .X # }}"), "template: t:1:6: unexpected \"#\" in operand", 1, 6);
        assertError(parseError("{{ .X | }}"), "template: t:1:8: missing command after |", 1, 8);
        assertError(parseError("{{ 3x }}"), "template: t:1:3: bad number syntax: \"3x\"", 1, 3);
        assertError(parseError("{{ \"a\".B }}"), "template: t:1:6: unexpected . after term \"\\\"a\\\"\"", 1, 6);
        // The variable's scope ends with its control structure.
        assertError(parseError("{{if true}}{{$x := 1}}{{end}}{{$x}}"), "template: t:1:31: undefined variable \"$x\"",
                1, 31);
    }

    @Test
    void wrongArgumentCountAtExecution() {
        assertError(execError("{{not 1 2}}", null),
                "template: t:1:2: executing \"t\" at <not>: wrong number of args for not: want 1 got 2", 1, 2);
        assertError(execError("{{ lt 1 }}", null),
                "template: t:1:3: executing \"t\" at <lt>: wrong number of args for lt: want 2 got 1", 1, 3);
        assertError(execError("{{ index }}", null),
                "template: t:1:3: executing \"t\" at <index>: wrong number of args for index: want at least 1 got 0",
                1, 3);
        assertError(execError("{{ eq 1 }}", null),
                "template: t:1:3: executing \"t\" at <eq 1>: error calling eq: missing argument for comparison", 1, 3);
    }

    @Test
    void otherExecutionErrors() {
        assertError(execError("{{ nil }}", null), "template: t:1:3: executing \"t\" at <nil>: nil is not a command",
                1, 3);
        assertError(execError("{{ 1 2 }}", null),
                "template: t:1:3: executing \"t\" at <1>: can't give argument to non-function 1", 1, 3);
        assertError(execError("{{range 1.5}}{{end}}", null),
                "template: t:1:2: executing \"t\" at <range 1.5>: range can't iterate over 1.5", 1, 2);
        assertError(execError("{{ printf 3 }}", null),
                "template: t:1:3: executing \"t\" at <printf 3>: wrong type for value; expected string; got int", 1, 3);
        assertError(execError("{{ len .X }}", Map.of()),
                "template: t:1:3: executing \"t\" at <len .X>: error calling len: len of nil pointer", 1, 3);
        assertError(execError("ok\n{{ range . }}{{ .Foo }}{{ end }}", List.of("s")),
                "template: t:2:16: executing \"t\" at <.Foo>: can't evaluate field Foo in type string", 2, 16);
    }
}
