package dev.herald.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DbrpTest {

    @Test
    void plainAndQuotedForms() {
        assertEquals(new Dbrp("telegraf", "autogen"), Dbrp.parse("telegraf.autogen"));
        assertEquals(new Dbrp("my.db", "rp"), Dbrp.parse("\"my.db\".rp"));
        assertEquals(new Dbrp("db", "a.b"), Dbrp.parse("db.\"a.b\""));
        assertEquals(new Dbrp("d\"q", "r"), Dbrp.parse("\"d\\\"q\".r"));
        assertEquals(new Dbrp("db", "rp.with.dots"), Dbrp.parse("db.rp.with.dots"));
    }

    @Test
    void rejectsMalformedPairs() {
        assertEquals("dbrp cannot be empty",
                assertThrows(IllegalArgumentException.class, () -> Dbrp.parse("")).getMessage());
        assertEquals("does not contain a '.', it must be in the form \"dbname\".\"rpname\" where the quotes are"
                + " optional.", assertThrows(IllegalArgumentException.class, () -> Dbrp.parse("telegraf")).getMessage());
        assertEquals("dbrp must specify retention policy, do you have a missing or extra '.'?",
                assertThrows(IllegalArgumentException.class, () -> Dbrp.parse("\"db\"rp")).getMessage());
        assertEquals("dbrp must specify retention policy, do you have a missing or extra '.'?",
                assertThrows(IllegalArgumentException.class, () -> Dbrp.parse("\"db\"")).getMessage());
    }

    @Test
    void rendersAsKapacitorDoes() {
        assertEquals("[\"telegraf\".\"autogen\" \"a\\\"b\".\"c\"]",
                Dbrp.listToString(List.of(new Dbrp("telegraf", "autogen"), new Dbrp("a\"b", "c"))));
        assertEquals("[]", Dbrp.listToString(List.of()));
    }
}
