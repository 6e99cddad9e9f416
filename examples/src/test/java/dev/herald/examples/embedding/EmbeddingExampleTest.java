package dev.herald.examples.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {
    @Test
    void printsTheAlertsOfTheExample() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EmbeddingExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals("""
                WARNING cpu:host=web01: web01 is WARNING: idle 15%
                CRITICAL cpu:host=web02: web02 is CRITICAL: idle 4%
                OK cpu:host=web01: web01 is OK: idle 60%
                """, captured.toString(StandardCharsets.UTF_8));
    }
}
