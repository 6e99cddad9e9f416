package dev.herald.handler.email;

import dev.herald.core.config.Secret;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerResult;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Kapacitor's mailer: one SMTP connection, used by one sending thread, kept open between mails and closed after
 * {@code idle-timeout} without mail or when the connection settings change. Unlike Kapacitor, the outcome of each
 * mail is reported (Kapacitor only queues it and logs SMTP errors), so the engine can retry.
 */
final class Mailer implements AutoCloseable {

    /**
     * What a connection is opened with; a change closes the kept connection.
     *
     * @param host        server host
     * @param port        server port
     * @param username    AUTH user; empty = no AUTH
     * @param password    AUTH password
     * @param noVerify    trust any certificate
     * @param implicitTls TLS from the first byte
     * @param timeout     connect, read and write timeout
     */
    record Connection(String host, int port, String username, Secret password, boolean noVerify,
            boolean implicitTls, Duration timeout) {
        static Connection of(SmtpConfig config, Duration timeout) {
            return new Connection(config.host(), config.port(), config.username(), config.password(),
                    config.noVerify(), config.useImplicitTls(), timeout);
        }

        Session session() {
            Properties p = new Properties();
            String millis = Long.toString(Math.max(1, timeout.toMillis()));
            p.setProperty("mail.smtp.host", host);
            p.setProperty("mail.smtp.port", Integer.toString(port));
            p.setProperty("mail.smtp.connectiontimeout", millis);
            p.setProperty("mail.smtp.timeout", millis);
            p.setProperty("mail.smtp.writetimeout", millis);
            // Go's net/smtp greets with EHLO localhost.
            p.setProperty("mail.smtp.localhost", "localhost");
            p.setProperty("mail.smtp.auth", Boolean.toString(!username.isEmpty()));
            if (implicitTls) {
                p.setProperty("mail.smtp.ssl.enable", "true");
            } else {
                // Opportunistic, as gomail: STARTTLS when the server offers it, plain otherwise.
                p.setProperty("mail.smtp.starttls.enable", "true");
            }
            if (noVerify) {
                p.setProperty("mail.smtp.ssl.trust", "*");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "false");
            } else {
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            return Session.getInstance(p);
        }
    }

    /** One mail to send. */
    @FunctionalInterface
    interface Mail {
        MimeMessage build(Session session) throws MessagingException;
    }

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-smtp-mailer");
        t.setDaemon(true);
        // Jakarta Mail finds its SMTP provider through the context class loader: make it the plugin's own.
        t.setContextClassLoader(Mailer.class.getClassLoader());
        return t;
    });
    private final System.Logger logger;
    private Transport transport;
    private Connection connectedWith;
    private ScheduledFuture<?> idleClose;

    Mailer(System.Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    /** Sends {@code mail} to {@code recipients} over the kept connection (opened when needed). */
    CompletionStage<HandlerResult> send(Connection connection, Duration idleTimeout, Mail mail,
            InternetAddress[] recipients) {
        CompletableFuture<HandlerResult> result = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    result.complete(deliver(connection, idleTimeout, mail, recipients));
                } catch (RuntimeException e) {
                    closeTransport();
                    result.complete(HandlerResult.permanent("failed to send email: " + mask(e.toString(),
                            connection.password())));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.complete(HandlerResult.permanent("SMTP mailer is closed"));
        }
        return result;
    }

    private HandlerResult deliver(Connection connection, Duration idleTimeout, Mail mail,
            InternetAddress[] recipients) {
        if (idleClose != null) {
            idleClose.cancel(false);
            idleClose = null;
        }
        if (transport != null && (!connection.equals(connectedWith) || !transport.isConnected())) {
            closeTransport();
        }
        boolean reused = transport != null;
        HandlerResult outcome = attempt(connection, mail, recipients);
        if (reused && outcome instanceof HandlerResult.Failed f && f.retryable()) {
            // The server may have dropped a connection we kept; one fresh connection decides.
            outcome = attempt(connection, mail, recipients);
        }
        if (transport != null) {
            long nanos = Math.max(0, idleTimeout.toNanos());
            idleClose = worker.schedule(this::closeTransport, nanos, TimeUnit.NANOSECONDS);
        }
        return outcome;
    }

    private HandlerResult attempt(Connection connection, Mail mail, InternetAddress[] recipients) {
        try {
            if (transport == null) {
                Session session = connection.session();
                Transport fresh = session.getTransport("smtp");
                transport = fresh;
                connectedWith = connection;
                fresh.connect(connection.host(), connection.port(),
                        connection.username().isEmpty() ? null : connection.username(),
                        connection.username().isEmpty() ? null : connection.password().reveal());
            }
            MimeMessage message = mail.build(Session.getInstance(new Properties()));
            transport.sendMessage(message, recipients);
            return HandlerResult.delivered();
        } catch (MessagingException e) {
            int lastCode = transport instanceof SMTPTransport smtp ? smtp.getLastReturnCode() : -1;
            closeTransport();
            return classify(e, lastCode, connection);
        }
    }

    /**
     * Retryable: no connection, I/O errors, 4xx replies. Permanent: authentication failures, TLS certificate
     * problems, 5xx replies. The server's own text is kept; the password never is.
     */
    static HandlerResult classify(MessagingException e, int lastCode, Connection connection) {
        String where = connection.host() + ":" + connection.port();
        String text = mask(describe(e), connection.password());
        if (e instanceof AuthenticationFailedException) {
            return HandlerResult.permanent("SMTP authentication failed at " + where + ": " + text);
        }
        if (e instanceof MailConnectException) {
            return HandlerResult.retryable("cannot connect to SMTP server " + where + ": " + text);
        }
        int code = replyCode(e);
        if (code < 0) {
            Throwable cause = rootCause(e);
            if (cause instanceof SSLException || cause instanceof GeneralSecurityException) {
                return HandlerResult.permanent("TLS with SMTP server " + where + " failed: " + text);
            }
            if (cause instanceof IOException) {
                return HandlerResult.retryable("SMTP I/O error with " + where + ": " + text);
            }
            code = lastCode;
        }
        if (code >= 500 && code < 600) {
            return HandlerResult.permanent("SMTP server " + where + " rejected the mail: " + text);
        }
        return HandlerResult.retryable("SMTP server " + where + " failed: " + text);
    }

    private static int replyCode(MessagingException e) {
        Exception current = e;
        while (current != null) {
            if (current instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (current instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            Exception next = current instanceof MessagingException m ? m.getNextException() : null;
            current = next == current ? null : next;
        }
        return -1;
    }

    private static String describe(MessagingException e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()).strip());
        if (e instanceof SendFailedException s && s.getInvalidAddresses() != null
                && s.getInvalidAddresses().length > 0) {
            Exception next = s.getNextException();
            if (next != null && next.getMessage() != null && !out.toString().contains(next.getMessage().strip())) {
                out.append(": ").append(next.getMessage().strip());
            }
        }
        Throwable cause = rootCause(e);
        if (cause != e && cause.getMessage() != null && !out.toString().contains(cause.getMessage())) {
            out.append(" (").append(cause.getMessage()).append(')');
        }
        return out.toString();
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String mask(String text, Secret password) {
        return password.isEmpty() ? text : text.replace(password.reveal(), "******");
    }

    private void closeTransport() {
        Transport t = transport;
        transport = null;
        connectedWith = null;
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException | RuntimeException e) {
                logger.log(System.Logger.Level.DEBUG, "closing SMTP connection: {0}", e.getMessage());
            }
        }
    }

    /** Whether a connection is open now (for tests of the idle timeout). */
    boolean isConnected() {
        try {
            return worker.submit(() -> transport != null && transport.isConnected()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new HandlerException("mailer failed: " + e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            worker.submit(this::closeTransport).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | java.util.concurrent.RejectedExecutionException e) {
            logger.log(System.Logger.Level.DEBUG, "closing SMTP mailer: {0}", e.toString());
        }
        worker.shutdownNow();
    }
}
