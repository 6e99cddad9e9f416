package dev.herald.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go {@code flag} package semantics, which kapacitor's command lines rely on. */
class FlagSetTest {

    private static FlagSet flags(List<String> sink) {
        return new FlagSet()
                .stringFlag("tick", "Path to the TICKscript file")
                .boolFlag("no-reload", "Leave it running")
                .listFlag("dbrp", "A pair; repeatable", sink::add);
    }

    @Test
    void spellingsOfValuesAndRepeatedFlags() throws Exception {
        List<String> dbrps = new ArrayList<>();
        FlagSet f = flags(dbrps).parse(List.of("-tick", "a.tick", "--dbrp=db.rp", "-dbrp", "x.y", "-no-reload"));
        assertEquals("a.tick", f.string("tick"));
        assertEquals(List.of("db.rp", "x.y"), dbrps);
        assertTrue(f.bool("no-reload"));
        assertTrue(f.isSet("tick"));
        assertEquals(List.of(), f.args());
    }

    @Test
    void stopsAtFirstNonFlagAndAfterDoubleDash() throws Exception {
        FlagSet f = flags(new ArrayList<>()).parse(List.of("-tick", "t", "list", "-no-reload"));
        assertEquals(List.of("list", "-no-reload"), f.args());
        assertFalse(f.bool("no-reload"));

        FlagSet g = flags(new ArrayList<>()).parse(List.of("--", "-tick"));
        assertEquals(List.of("-tick"), g.args());
        assertEquals("", g.string("tick"));

        FlagSet h = flags(new ArrayList<>()).parse(List.of("-", "x"));
        assertEquals(List.of("-", "x"), h.args());
    }

    @Test
    void boolFlagsTakeNoSeparateArgument() throws Exception {
        FlagSet f = flags(new ArrayList<>()).parse(List.of("-no-reload", "false"));
        assertTrue(f.bool("no-reload"));
        assertEquals(List.of("false"), f.args());
        FlagSet g = flags(new ArrayList<>()).parse(List.of("-no-reload=false"));
        assertFalse(g.bool("no-reload"));
    }

    @Test
    void errorsAreWordedAsGo() {
        FlagSet.FlagException e = assertThrows(FlagSet.FlagException.class,
                () -> flags(new ArrayList<>()).parse(List.of("-nope")));
        assertEquals("flag provided but not defined: -nope", e.getMessage());
        e = assertThrows(FlagSet.FlagException.class, () -> flags(new ArrayList<>()).parse(List.of("-tick")));
        assertEquals("flag needs an argument: -tick", e.getMessage());
        e = assertThrows(FlagSet.FlagException.class,
                () -> flags(new ArrayList<>()).parse(List.of("-no-reload=maybe")));
        assertEquals("invalid boolean value \"maybe\" for -no-reload: parse error", e.getMessage());
        e = assertThrows(FlagSet.FlagException.class, () -> flags(new ArrayList<>()).parse(List.of("---x")));
        assertEquals("bad flag syntax: ---x", e.getMessage());
        e = assertThrows(FlagSet.FlagException.class, () -> new FlagSet()
                .valueFlag("dbrp", "pair", v -> Dbrp.parse(v)).parse(List.of("-dbrp", "nodot")));
        assertTrue(e.getMessage().startsWith("invalid value \"nodot\" for flag -dbrp: does not contain a '.'"),
                e.getMessage());
    }

    @Test
    void helpFlags() {
        for (String h : List.of("-h", "-help", "--help", "--h")) {
            assertThrows(FlagSet.HelpRequested.class, () -> flags(new ArrayList<>()).parse(List.of(h)), h);
        }
    }

    @Test
    void defaultsAreLaidOutAsGoPrintDefaults() {
        String expected = ""
                + "  -dbrp value\n"
                + "    \tA pair; repeatable\n"
                + "  -no-reload\n"
                + "    \tLeave it running\n"
                + "  -tick string\n"
                + "    \tPath to the TICKscript file\n";
        assertEquals(expected, flags(new ArrayList<>()).defaults());
        // A one-letter bool flag keeps its usage on the same line; a `name` in the usage names the argument.
        assertEquals("  -f path\n    \tthe path to read\n  -x\tshort\n",
                new FlagSet().boolFlag("x", "short").stringFlag("f", "the `path` to read").defaults());
    }
}
