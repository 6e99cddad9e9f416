package dev.herald.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.server.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The email handler through the server's HTTP API against a real GreenMail SMTP server: a TICKscript
 * {@code .email()} chain and an {@code smtp} topic handler deliver the mail as Kapacitor would, the config API
 * redacts the password, the {@code smtp} service test sends, and {@code /kapacitor/v1/handlers} lists the kind.
 */
class EmailEndToEndTest {
    private static final String PASSWORD = "smtp-e2e-s3cr3t";
    @TempDir
    static Path dir;
    private static GreenMail mail;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.withConfiguration(GreenMailConfiguration.aConfig().withUser("herald@example.com", "herald", PASSWORD));
        mail.start();
        server = TestServer.start(dir, "[smtp]\n  enabled = true\n  host = \"127.0.0.1\"\n  port = " + port + "\n"
                + "  username = \"herald\"\n  password = \"" + PASSWORD + "\"\n  from = \"test@example.com\"\n"
                + "  to = [\"ops@example.com\"]\n  idle-timeout = \"10s\"\n");
    }

    @AfterAll
    static void stop() {
        server.close();
        mail.stop();
    }

    @BeforeEach
    void purge() throws Exception {
        mail.purgeEmailFromAllMailboxes();
    }

    private static JsonNode ok(String method, String path, String body) {
        TestServer.Response r = server.send(method, path, body);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static void write(String lines) {
        server.write(lines);
    }

    private static void defineTask(String id, String script) {
        server.defineTask(id, script);
    }

    private static MimeMessage[] received(int count) {
        // polled, not GreenMail's waitForIncomingEmail: its wait object can miss mails that arrive before it exists
        MimeMessage[] messages = TestServer.await(count + " mail(s)", () -> {
            MimeMessage[] got = mail.getReceivedMessages();
            return got.length >= count ? got : null;
        });
        assertEquals(count, messages.length, () -> Arrays.toString(messages));
        return messages;
    }

    private static String header(MimeMessage m, String name) throws Exception {
        return String.join("|", m.getHeader(name));
    }

    @Test
    void tickScriptEmailChainSendsTheMail() throws Exception {
        defineTask("mail_alert", "stream\n    |from()\n        .measurement('mail_cpu')\n    |alert()\n"
                + "        .id('kapacitor.{{ .Name }}.{{ index .Tags \"host\" }}')\n"
                + "        .message('{{ .ID }} is {{ .Level }}')\n"
                + "        .details('<b>{{ .Message }}</b> <a href=\"http://graphs.example.com/host/{{ index .Tags \"host\" }}\">Details</a>')\n"
                + "        .crit(lambda: \"value\" > 5)\n"
                + "        .email('user1@example.com')\n        .to('user2@example.com')\n"
                + "        .toTemplates('{{ index .Tags \"owner\" }}')\n");
        write("mail_cpu,host=serverA,owner=bob@example.com value=10 10");
        MimeMessage m = received(3)[0];
        assertEquals("test@example.com", header(m, "From"));
        assertEquals("user1@example.com, user2@example.com, bob@example.com", header(m, "To"));
        assertEquals("kapacitor.mail_cpu.serverA is CRITICAL", header(m, "Subject"));
        assertEquals("text/html; charset=UTF-8", header(m, "Content-Type"));
        assertEquals("quoted-printable", header(m, "Content-Transfer-Encoding"));
        assertEquals("<b>kapacitor.mail_cpu.serverA is CRITICAL</b> "
                + "<a href=\"http://graphs.example.com/host/serverA\">Details</a>", m.getContent());
    }

    @Test
    void topicHandlerOfKindSmtpSendsTheMail() throws Exception {
        defineTask("mail_topic", "stream\n    |from()\n        .measurement('mail_mem')\n    |alert()\n"
                + "        .id('mem')\n        .message('message')\n        .details('details')\n"
                + "        .crit(lambda: TRUE)\n        .topic('mailtopic')\n");
        JsonNode handler = ok("POST", "/kapacitor/v1/alerts/topics/mailtopic/handlers",
                "{\"id\":\"mailer\",\"kind\":\"smtp\",\"options\":{\"to\":[\"oncall@example.com\","
                        + "\"backup@example.com\"]}}");
        assertEquals("smtp", handler.path("kind").asText());
        write("mail_mem value=1 20");
        MimeMessage m = received(2)[0];
        assertEquals("oncall@example.com, backup@example.com", header(m, "To"));
        assertEquals("message", header(m, "Subject"));
        assertEquals("details", GreenMailUtil.getBody(m));
    }

    @Test
    void configApiRedactsThePassword() throws Exception {
        TestServer.Response r = server.get("/kapacitor/v1/config/smtp");
        assertEquals(200, r.status());
        assertFalse(r.body().contains(PASSWORD), r.body());
        JsonNode element = r.json().path("elements").get(0);
        assertEquals("/kapacitor/v1/config/smtp/", element.path("link").path("href").asText());
        assertTrue(element.path("options").path("password").asBoolean());
        assertEquals("herald", element.path("options").path("username").asText());
        assertEquals("[\"password\"]", element.path("redacted").toString());
        assertFalse(server.get("/kapacitor/v1/config").body().contains(PASSWORD));
    }

    @Test
    void serviceTestSendsTheTestMail() throws Exception {
        JsonNode defaults = ok("GET", "/kapacitor/v1/service-tests/smtp", null);
        assertEquals("[\"ops@example.com\"]", defaults.path("options").path("to").toString());
        assertEquals("test subject", defaults.path("options").path("subject").asText());
        JsonNode result = ok("POST", "/kapacitor/v1/service-tests/smtp", "{\"body\":\"<p>hello</p>\"}");
        assertEquals("{\"success\":true,\"message\":\"\"}", result.toString());
        MimeMessage m = received(1)[0];
        assertEquals("test subject", m.getSubject());
        assertEquals("<p>hello</p>", m.getContent());
        assertEquals("ops@example.com", header(m, "To"));
    }

    @Test
    void handlersEndpointListsTheKind() throws Exception {
        JsonNode body = ok("GET", "/kapacitor/v1/handlers", null);
        JsonNode smtp = null;
        for (JsonNode h : body.path("handlers")) {
            if (h.path("kind").asText().equals("smtp")) {
                smtp = h;
            }
        }
        assertTrue(smtp != null, body.toString());
        assertEquals("email", smtp.path("tickName").asText());
        assertEquals("smtp", smtp.path("section").asText());
        assertTrue(smtp.path("hasServiceTest").asBoolean());
        assertTrue(smtp.path("config").path("properties").path("password").path("writeOnly").asBoolean());
    }
}
