package dev.herald.handler.pagerduty;

import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import java.util.List;

/**
 * Options of one PagerDuty v2 handler: {@code .pagerDuty2().routingKey('k').link('href', 'text')} in TICKscript
 * ({@code .serviceKey('k')} is Kapacitor's alias of {@code routingKey}), {@code routing-key} and {@code links} in a
 * handler file.
 *
 * @param routingKey the routing key; empty = {@code serviceKey}, then the config's {@code routing-key}
 * @param serviceKey Kapacitor's TICKscript alias of {@code routingKey}
 * @param links      links sent with the event; href and text are templates
 */
@Schema(description = "Send the alert to PagerDuty (Events API v2).")
public record PagerDuty2Options(
        @Key(description = "Routing key; empty for the config's routing-key.") Secret routingKey,
        @Key(description = "Alias of routing-key (TICKscript .serviceKey()).") Secret serviceKey,
        @Key(property = "link", description = "Links shown with the incident: href and text, both templates; "
                + "an empty text shows the href.") List<Link> links) {

    /**
     * One link: {@code .link('href'[, 'text'])}.
     *
     * @param href the URL (a template)
     * @param text the link text (a template); empty = the rendered href
     */
    @Schema(description = "A link shown with the incident.")
    public record Link(@Key(description = "URL, a template.") String href,
            @Key(description = "Link text, a template; empty shows the href.") String text) {
    }

    /** The routing key this handler sends with, before the config's fallback. */
    String key() {
        return routingKey.reveal().isEmpty() ? serviceKey.reveal() : routingKey.reveal();
    }
}
