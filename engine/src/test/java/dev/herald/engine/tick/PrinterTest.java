package dev.herald.engine.tick;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrinterTest {

    private static void check(String in, String expected) {
        assertEquals(expected, Tickscript.format(in));
        // idempotent
        assertEquals(expected, Tickscript.format(expected));
    }

    @Test
    void kapacitorFormattingCases() {
        check("var x = 1", "var x = 1\n");
        check("var x=1", "var x = 1\n");
        check("var x=1.0", "var x = 1.0\n");
        check("var x=01", "var x = 01\n");
        check("var x=0600", "var x = 0600\n");
        check("var x=1m", "var x = 1m\n");
        check("var x=60s", "var x = 60s\n");
        check("var x= /.*/", "var x = /.*/\n");
        check("var x= /^\\/root\\//", "var x = /^\\/root\\//\n");
        check("var x=stream()|window().period(10s).every(10s)", """
                var x = stream()
                    |window()
                        .period(10s)
                        .every(10s)
                """);
        check("global(lambda: (\"a\" + (1)) / (( 4 +\"b\") * (\"c\")))",
                "global(lambda: (\"a\" + 1) / ((4 + \"b\") * \"c\"))\n");
        check("global(lambda: (1 + 2 - 3 * 4 / 5) < (sin(6)) AND (TRUE OR FALSE))",
                "global(lambda: (1 + 2 - 3 * 4 / 5) < sin(6) AND (TRUE OR FALSE))\n");
        check("global(lambda: \n(1 + 2 - 3 * 4 / 5) \n< \n(sin(6))\nAND \n(TRUE\nOR (FALSE \nAND TRUE)))", """
                global(lambda: (1 + 2 - 3 * 4 / 5) <
                    sin(6) AND
                    (TRUE OR
                        (FALSE AND
                            TRUE)))
                """);
    }

    @Test
    void multiLineArgumentsAndStatements() {
        check("""
                var x = stream
                |eval(lambda: "a" * 2,
                   lambda: "b")
                .as('a2',
                'b')
                stream|alert().id('{{ .Name }}').crit(lambda: "v" > -5).message('it\\'s').email()
                var t = '''raw 'quoted' text'''
                var l = [a, 'b', *]
                var neg = -1.5
                var yes = TRUE
                dbrp "telegraf"."autogen"
                """, """
                var x = stream
                    |eval(
                        lambda: "a" * 2,
                        lambda: "b"
                    )
                        .as(
                            'a2',
                            'b'
                        )

                stream
                    |alert()
                        .id('{{ .Name }}')
                        .crit(lambda: "v" > -5)
                        .message('it\\'s')
                        .email()

                var t = '''raw 'quoted' text'''

                var l = [a, 'b', *]

                var neg = -1.5

                var yes = TRUE

                dbrp "telegraf"."autogen"
                """);
    }

    @Test
    void roundTripKeepsStructure() {
        List<String> scripts = List.of(
                """
                        var data = stream|from().measurement('cpu').groupBy('host', 'cpu').where(lambda: "cpu" == 'cpu-total')
                        data|window().period(1m).every(10s)|mean('usage_idle').as('idle')
                        data|alert().warn(lambda: "usage_idle" < 20 AND "host" =~ /^web\\d+$/).crit(lambda: !("usage_idle" >= 10.0) OR strContains("host", 'db')).stateChangesOnly().log('/tmp/a.log')
                        """,
                "batch|query('''SELECT mean(\"value\") FROM \"db\".\"rp\".\"m\"''').period(5m).every(1m).groupBy(*)|httpOut('x')\n",
                "var t = 5m\nvar n = -\"x\" + 3 % 2\nstream|deadman(0.0, t).message('a\\'b')\n");
        for (String s : scripts) {
            String once = Tickscript.format(s);
            assertEquals(once, Tickscript.format(once), s);
            assertEquals(Printer.format(Tickscript.parseStatements(once)), once);
        }
    }
}
