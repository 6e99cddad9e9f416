package dev.herald.handler.email;

import static dev.herald.core.testkit.ServiceTestRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.herald.core.config.ConfigException;
import dev.herald.core.config.ConfigSchema;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The email handler against a real GreenMail SMTP and SMTPS server on loopback (one for the class): the mail as
 * received (envelope recipients, headers, quoted-printable HTML body), AUTH, implicit TLS, and how every failure is
 * classified.
 */
class EmailDeliveryTest {
    private static final String PASSWORD = "gm-s3cr3t-pw";
    private static GreenMail mail;
    private static int smtpPort;
    private static int smtpsPort;

    private final HandlerContext context = HandlerContext.standalone().withRequestTimeout(Duration.ofSeconds(10));

    @BeforeAll
    static void startServer() throws IOException {
        smtpPort = freePort();
        smtpsPort = freePort();
        mail = new GreenMail(new ServerSetup[] {
            new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(smtpsPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)});
        mail.withConfiguration(GreenMailConfiguration.aConfig().withUser("herald@example.com", "herald", PASSWORD));
        mail.start();
    }

    @AfterAll
    static void stopServer() {
        mail.stop();
    }

    @BeforeEach
    void purge() throws Exception {
        if (!mail.isRunning()) {
            mail.start();
        }
        mail.purgeEmailFromAllMailboxes();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @SuppressWarnings("unchecked")
    static HandlerFactory<SmtpConfig, EmailOptions> factory() {
        for (HandlerFactory<?, ?> f : ServiceLoader.load(HandlerFactory.class)) {
            if (f.kind().equals("smtp")) {
                return (HandlerFactory<SmtpConfig, EmailOptions>) f;
            }
        }
        throw new AssertionError("no smtp factory");
    }

    private static ServiceConfig<SmtpConfig> config(Map<String, Object> overrides) {
        Map<String, Object> raw = new HashMap<>(Map.of("enabled", true, "host", "127.0.0.1", "port", smtpPort,
                "from", "test@example.com"));
        raw.putAll(overrides);
        return ServiceConfig.bind(factory(), List.of(raw));
    }

    private static EmailOptions options(Map<String, Object> raw) {
        return ConfigSchema.of(EmailOptions.class).bind(raw);
    }

    private HandlerResult send(ServiceConfig<SmtpConfig> config, Map<String, Object> options, AlertEvent event) {
        try (Handler handler = factory().create(options(options), config, context)) {
            return handler.handle(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static AlertEvent event(String message, String details, EventData data) {
        return new AlertEvent("cpu", "id", message, details, Instant.parse("1970-01-01T00:00:00Z"), Duration.ZERO,
                Level.CRITICAL, Level.OK, data);
    }

    private static final EventData CPU = new EventData("cpu", "task", "", "host=serverA",
            Map.of("host", "serverA", "owner", "bob2@example.com"), Map.of("extraemail", "bob@example.com",
            "value", 10L), true, List.of());

    private static MimeMessage[] received(int count) {
        assertTrue(mail.waitForIncomingEmail(10_000, count), "expected " + count + " mails");
        MimeMessage[] messages = mail.getReceivedMessages();
        assertEquals(count, messages.length, () -> Arrays.toString(messages));
        return messages;
    }

    private static String header(MimeMessage message, String name) throws Exception {
        String[] values = message.getHeader(name);
        assertTrue(values != null && values.length == 1, name + ": " + Arrays.toString(values));
        return values[0];
    }

    private static void poll(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Test
    void topicHandlerOfKapacitorsServerTest() throws Exception {
        HandlerResult result = send(config(Map.of()), Map.of("to", List.of("oncall@example.com",
                "backup@example.com")), event("message", "details", EventData.EMPTY));
        assertTrue(result.isDelivered(), result::toString);
        MimeMessage[] messages = received(2); // one RCPT TO per recipient: one copy in each mailbox
        for (MimeMessage m : messages) {
            assertEquals("test@example.com", header(m, "From"));
            assertEquals("oncall@example.com, backup@example.com", header(m, "To"));
            assertEquals("message", header(m, "Subject"));
            assertEquals("1.0", header(m, "MIME-Version"));
            assertEquals("text/html; charset=UTF-8", header(m, "Content-Type"));
            assertEquals("quoted-printable", header(m, "Content-Transfer-Encoding"));
            assertEquals("Thu, 1 Jan 1970 00:00:00 +0000 (UTC)".substring(0, 16), header(m, "Date").substring(0, 16));
            assertEquals("details", GreenMailUtil.getBody(m));
        }
        for (String rcpt : List.of("oncall@example.com", "backup@example.com")) {
            assertEquals(1, mail.findReceivedMessages(u -> u.getEmail().equals(rcpt), m -> true).count(), rcpt);
        }
    }

    @Test
    void streamerTestAddressTemplatesAndHtmlBody() throws Exception {
        String details = "<b>kapacitor.cpu.serverA is CRITICAL</b>\nValue: 10\n"
                + "<a href=\"http://graphs.example.com/host/serverA\">Details</a>";
        HandlerResult result = send(config(Map.of()), Map.of("to", List.of("user1@example.com", "user2@example.com"),
                "to-field", List.of("{{ index .Fields \"extraemail\" }}", "{{ index .Tags \"owner\" }}",
                        "{{ index .Tags \"missing\" }}")),
                event("kapacitor.cpu.serverA is CRITICAL", details, CPU));
        assertTrue(result.isDelivered(), result::toString);
        MimeMessage m = received(4)[0];
        assertEquals("user1@example.com, user2@example.com, bob@example.com, bob2@example.com", header(m, "To"));
        assertEquals("kapacitor.cpu.serverA is CRITICAL", header(m, "Subject"));
        String raw = GreenMailUtil.getWholeMessage(m);
        assertTrue(raw.contains("<a href=3D\"http://graphs.example.com/host/serverA\">Details</a>"), raw);
        assertEquals(details, ((String) m.getContent()).replace("\r\n", "\n"));
    }

    @Test
    void nonAsciiSubjectAndBodyArriveIntact() throws Exception {
        assertTrue(send(config(Map.of()), Map.of("to", List.of("a@example.com")),
                event("Température critique ✓", "<p>état: élevé</p>", EventData.EMPTY)).isDelivered());
        MimeMessage m = received(1)[0];
        assertEquals("Température critique ✓", m.getSubject());
        assertEquals("<p>état: élevé</p>", m.getContent());
    }

    @Test
    void configRecipientsWhenTheHandlerHasNoneAndAnErrorWhenNeitherHas() throws Exception {
        assertTrue(send(config(Map.of("to", List.of("ops@example.com"))), Map.of(),
                event("m", "d", EventData.EMPTY)).isDelivered());
        assertEquals("ops@example.com", header(received(1)[0], "To"));
        HandlerResult none = send(config(Map.of()), Map.of(), event("m", "d", EventData.EMPTY));
        assertEquals(HandlerResult.permanent("not sending email, no recipients defined"), none);
    }

    @Test
    void badRecipientIsPermanentAndBadTemplateFailsCreation() {
        HandlerResult result = send(config(Map.of()), Map.of("to", List.of("not an address")),
                event("m", "d", EventData.EMPTY));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, result);
        assertFalse(failed.retryable());
        assertTrue(failed.reason().startsWith("invalid to email address: \"not an address\", "), failed.reason());
        ConfigException error = assertThrows(ConfigException.class, () -> factory().create(
                options(Map.of("to-field", List.of("{{ .Tags "))), config(Map.of()), context));
        assertEquals("to-field", error.key().orElseThrow());
    }

    @Test
    void disabledServiceFailsWithoutConnecting() {
        HandlerResult result = send(config(Map.of("enabled", false)), Map.of("to", List.of("a@example.com")),
                event("m", "d", EventData.EMPTY));
        assertEquals(HandlerResult.permanent("service is not enabled"), result);
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void authenticatesWithUsernameAndPassword() throws Exception {
        HandlerResult result = send(config(Map.of("username", "herald", "password", PASSWORD)),
                Map.of("to", List.of("a@example.com")), event("m", "d", EventData.EMPTY));
        assertTrue(result.isDelivered(), result::toString);
        received(1);
    }

    @Test
    void authenticationFailureIsPermanentAndHidesThePassword() {
        String wrong = "wrong-s3cr3t-password";
        HandlerResult result = send(config(Map.of("username", "herald", "password", wrong)),
                Map.of("to", List.of("a@example.com")), event("m", "d", EventData.EMPTY));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, result);
        assertFalse(failed.retryable(), failed.reason());
        assertTrue(failed.reason().startsWith("SMTP authentication failed at 127.0.0.1:" + smtpPort), failed.reason());
        assertTrue(failed.reason().contains("535"), failed.reason());
        assertFalse(failed.reason().contains(wrong), failed.reason());
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void refusedConnectionIsRetryable() throws IOException {
        int closed = freePort();
        HandlerResult result = send(config(Map.of("port", closed)), Map.of("to", List.of("a@example.com")),
                event("m", "d", EventData.EMPTY));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, result);
        assertTrue(failed.retryable(), failed.reason());
        assertTrue(failed.reason().startsWith("cannot connect to SMTP server 127.0.0.1:" + closed), failed.reason());
    }

    @Test
    void implicitTlsWithNoVerifyDeliversAndVerificationRejectsASelfSignedCertificate() throws Exception {
        HandlerResult result = send(config(Map.of("port", smtpsPort, "implicit-tls", true, "no-verify", true,
                "username", "herald", "password", PASSWORD)), Map.of("to", List.of("tls@example.com")),
                event("over tls", "d", EventData.EMPTY));
        assertTrue(result.isDelivered(), result::toString);
        assertEquals("over tls", received(1)[0].getSubject());

        HandlerResult verified = send(config(Map.of("port", smtpsPort, "implicit-tls", true)),
                Map.of("to", List.of("tls@example.com")), event("m", "d", EventData.EMPTY));
        HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, verified);
        assertFalse(failed.retryable(), failed.reason());
        assertTrue(failed.reason().startsWith("TLS with SMTP server 127.0.0.1:" + smtpsPort + " failed"),
                failed.reason());
    }

    @Test
    void plainServerWithoutStartTlsStillDelivers() throws Exception {
        // STARTTLS is opportunistic as in Kapacitor: GreenMail's SMTP does not offer it, so the mail goes in clear.
        assertTrue(send(config(Map.of("no-verify", false)), Map.of("to", List.of("a@example.com")),
                event("m", "d", EventData.EMPTY)).isDelivered());
        received(1);
    }

    @Test
    void serverStoppedGivesRetryableFailuresAndDeliveryResumesWhenItIsBack() throws Exception {
        ServiceConfig<SmtpConfig> config = config(Map.of());
        try (Handler handler = factory().create(options(Map.of("to", List.of("a@example.com"))), config, context)) {
            assertTrue(handler.handle(event("first", "d", EventData.EMPTY)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).isDelivered());
            mail.stop();
            HandlerResult down = handler.handle(event("second", "d", EventData.EMPTY)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            HandlerResult.Failed failed = assertInstanceOf(HandlerResult.Failed.class, down);
            assertTrue(failed.retryable(), failed.reason());
            mail.start();
            HandlerResult back = handler.handle(event("third", "d", EventData.EMPTY)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertTrue(back.isDelivered(), back::toString);
            assertEquals("third", received(1)[0].getSubject());
        }
    }

    @Test
    void connectionIsKeptBetweenMailsAndClosedAfterTheIdleTimeout() throws Exception {
        try (Mailer mailer = new Mailer(System.getLogger("test"))) {
            Mailer.Connection connection = Mailer.Connection.of(config(Map.of()).require(""), Duration.ofSeconds(10));
            EmailMessage message = new EmailMessage(new InternetAddress("test@example.com"),
                    List.of(new InternetAddress("a@example.com")), "kept", "d", Instant.EPOCH);
            InternetAddress[] to = message.recipients().toArray(new InternetAddress[0]);
            assertTrue(mailer.send(connection, Duration.ofMinutes(5), message::toMime, to).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).isDelivered());
            assertTrue(mailer.isConnected(), "connection kept after a mail");
            assertTrue(mailer.send(connection, Duration.ofMillis(50), message::toMime, to).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS).isDelivered());
            poll("idle connection to close", () -> !mailer.isConnected());
            received(2);
        }
    }

    @Test
    void serviceTestSendsTestSubjectAndBodyToTheConfiguredRecipients() throws Exception {
        ServiceTest<?> test = factory().serviceTest(config(Map.of("to", List.of("ops@example.com"))), context)
                .orElseThrow();
        ServiceTest<Record> typed = cast(test);
        Map<String, Object> defaults = typed.optionsSchema().redactedValues(typed.defaultOptions());
        assertEquals(Map.of("to", List.of("ops@example.com"), "subject", "test subject", "body", "test body"),
                defaults);
        assertTrue(run(test, Map.of()).isDelivered());
        MimeMessage m = received(1)[0];
        assertEquals("test subject", m.getSubject());
        assertEquals("test body", m.getContent());
        assertEquals("ops@example.com", m.getRecipients(Message.RecipientType.TO)[0].toString());
        ServiceTest<?> noRecipients = factory().serviceTest(config(Map.of()), context).orElseThrow();
        assertEquals(HandlerResult.permanent("not sending email, no recipients defined"),
                run(noRecipients, Map.of()));
    }

    @SuppressWarnings("unchecked")
    private static ServiceTest<Record> cast(ServiceTest<?> test) {
        return (ServiceTest<Record>) test;
    }


    @Test
    void configValidationUsesKapacitorsMessages() {
        assertEquals("smtp: host cannot be empty", invalid(Map.of("host", "")));
        assertEquals("smtp: invalid port 0", invalid(Map.of("port", 0)));
        assertEquals("smtp: idle timeout must be positive", invalid(Map.of("idle-timeout", "-1s")));
        assertEquals("smtp: must provide a 'from' address", invalid(Map.of("from", "")));
        assertTrue(invalid(Map.of("from", "nope")).startsWith("smtp: invalid from email address: \"nope\", "));
        assertTrue(invalid(Map.of("to", List.of("ok@example.com", "bad"))).startsWith(
                "smtp: invalid to email address: \"bad\", "));
        // disabled: from may be empty, host may not
        ServiceConfig.bind(factory(), List.of(Map.of("enabled", false)));
        SmtpConfig defaults = ServiceConfig.bind(factory(), List.of()).elements().get(0).config();
        assertEquals("localhost", defaults.host());
        assertEquals(25, defaults.port());
        assertEquals(Duration.ofSeconds(30), defaults.idleTimeout());
        assertFalse(defaults.useImplicitTls());
    }

    private static String invalid(Map<String, Object> overrides) {
        return assertThrows(ConfigException.class, () -> config(overrides)).getMessage();
    }

    @Test
    void passwordIsRedactedInTheConfigView() {
        SmtpConfig c = config(Map.of("username", "herald", "password", PASSWORD)).require("");
        assertFalse(c.toString().contains(PASSWORD));
        Map<String, Object> view = ConfigSchema.of(SmtpConfig.class).redactedValues(c);
        assertEquals(Boolean.TRUE, view.get("password"));
        assertEquals(List.of("password"), List.copyOf(ConfigSchema.of(SmtpConfig.class).secretKeys()));
    }

    @Test
    void recipientsAreAvailableUnchangedForServiceElements() {
        ServiceElement<SmtpConfig> element = config(Map.of("to", List.of("x@example.com"))).elements().get(0);
        assertEquals(List.of("x@example.com"), element.config().to());
    }
}
