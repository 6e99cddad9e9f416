package dev.herald.handler.email;

import dev.herald.core.event.EventData;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mail Kapacitor's SMTP service sends: subject = the event message, body = the event details as
 * {@code text/html; charset=UTF-8} in quoted-printable, {@code From} = config {@code from}, one {@code To} header
 * with every recipient joined by {@code ", "}, and one envelope recipient each.
 *
 * @param from       sender address
 * @param recipients recipients, in order
 * @param subject    the subject
 * @param body       the HTML body
 * @param date       the {@code Date} header
 */
record EmailMessage(InternetAddress from, List<InternetAddress> recipients, String subject, String body, Instant date) {

    /**
     * The recipients of one event: handler {@code to} plus each non-empty rendered address template; when that is
     * empty, the config's {@code to}.
     *
     * @throws HandlerException {@code not sending email, no recipients defined} or an unparsable address
     */
    static List<InternetAddress> recipients(List<String> to, List<MessageTemplate> templates, EventData data,
            List<String> configTo) {
        List<String> all = new ArrayList<>(to);
        for (MessageTemplate template : templates) {
            String address;
            try {
                address = template.render(templateData(data));
            } catch (TemplateException e) {
                throw new HandlerException("error in email template: " + e.getMessage());
            }
            if (!address.isEmpty()) {
                all.add(address);
            }
        }
        if (all.isEmpty()) {
            all.addAll(configTo);
        }
        if (all.isEmpty()) {
            throw new HandlerException("not sending email, no recipients defined");
        }
        List<InternetAddress> out = new ArrayList<>(all.size());
        for (String address : all) {
            out.add(parse("to", address));
        }
        return out;
    }

    /** What Kapacitor's address templates see: the event data, not the alert's template data (no .ID, .Message). */
    static Map<String, Object> templateData(EventData data) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", data.name());
        out.put("TaskName", data.taskName());
        out.put("Category", data.category());
        out.put("Group", data.group());
        out.put("Tags", data.tags());
        out.put("Fields", data.fields());
        out.put("Recoverable", data.recoverable());
        out.put("Result", Map.of("Series", data.series()));
        return out;
    }

    /**
     * Parses one address strictly.
     *
     * @throws HandlerException {@code invalid <what> email address: "<a>", <reason>}
     */
    static InternetAddress parse(String what, String address) {
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            return parsed;
        } catch (AddressException e) {
            throw new HandlerException("invalid " + what + " email address: \"" + address + "\", " + e.getMessage());
        }
    }

    /** The MIME message for {@code session}. */
    MimeMessage toMime(Session session) throws MessagingException {
        MimeMessage mime = new MimeMessage(session);
        mime.setFrom(from);
        mime.setRecipients(Message.RecipientType.TO, recipients.toArray(new InternetAddress[0]));
        mime.setSubject(subject, "UTF-8");
        mime.setSentDate(Date.from(date));
        mime.setText(body, "UTF-8", "html");
        mime.saveChanges();
        // After saveChanges, which would otherwise pick 7bit for ASCII text: Kapacitor always sends quoted-printable.
        mime.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return mime;
    }
}
