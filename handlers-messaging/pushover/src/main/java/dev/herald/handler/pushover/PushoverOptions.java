package dev.herald.handler.pushover;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import java.time.Duration;

/**
 * Options of one Pushover handler: {@code .pushover().userKey('k').device('d').title('t').URL('u').URLTitle('ut')
 * .sound('s')} in TICKscript, {@code user-key}, {@code device}, {@code title}, {@code url}, {@code url-title},
 * {@code sound} in a handler file, as Kapacitor; plus {@code emergency}, {@code retry} and {@code expire}.
 *
 * @param userKey   the user or group key; empty = the config's {@code user-key}
 * @param device    device name(s), comma-separated; empty = all of the user's devices
 * @param title     the message title; empty = the application's name
 * @param url       a supplementary URL
 * @param urlTitle  the title of {@code url}
 * @param sound     the notification sound
 * @param emergency send CRITICAL with emergency priority (2), repeated every {@code retry} until acknowledged or
 *                  {@code expire} has passed
 * @param retry     how often Pushover repeats an emergency notification (at least 30s)
 * @param expire    how long Pushover keeps repeating it (at most 3h)
 */
@Schema(description = "Send the alert message as a Pushover notification.")
public record PushoverOptions(
        @Key(description = "User or group key; empty for the config's user-key.") Secret userKey,
        @Key(description = "Device name(s), comma-separated; empty for all devices.") String device,
        @Key(description = "Message title; empty for the application's name.") String title,
        @Key(property = "URL", description = "Supplementary URL shown with the message.") String url,
        @Key(property = "URLTitle", description = "Title of the supplementary URL.") String urlTitle,
        @Key(description = "Notification sound, e.g. siren.") String sound,
        @Key(description = "Send CRITICAL events with emergency priority (2); needs retry and expire.")
        boolean emergency,
        @Key(description = "Emergency priority: how often to repeat the notification (at least 30s).")
        Duration retry,
        @Key(description = "Emergency priority: how long to keep repeating it (at most 3h).") Duration expire) {
}
