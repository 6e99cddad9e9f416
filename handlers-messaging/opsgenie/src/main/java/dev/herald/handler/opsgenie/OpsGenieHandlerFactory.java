package dev.herald.handler.opsgenie;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The {@code opsgenie} handler ({@code .opsGenie()} in TICKscript): Opsgenie's legacy v1 JSON API, as Kapacitor
 * sends it. A recovery is posted as a note to the alert with the same alias (the alert id).
 */
public final class OpsGenieHandlerFactory implements HandlerFactory<OpsGenieConfig, OpsGenieOptions> {

    /**
     * Options of the {@code opsgenie} service test, with Kapacitor's names and defaults.
     *
     * @param teams       teams
     * @param recipients  recipients
     * @param messageType sent as {@code details.Level}; {@code RECOVERY} posts to the recovery URL
     * @param message     the message
     * @param entityId    the alias and entity
     */
    @Schema(description = "Sends a test alert to Opsgenie (v1).")
    public record TestOptions(List<String> teams, List<String> recipients,
            @Key(name = "message-type", defaultValue = "CRITICAL") String messageType,
            @Key(defaultValue = "test opsgenie message") String message,
            @Key(name = "entity-id", defaultValue = "testEntityID") String entityId) {
    }

    @Override
    public String kind() {
        return "opsgenie";
    }

    @Override
    public String tickName() {
        return "opsGenie";
    }

    @Override
    public String description() {
        return "Sends alerts to Opsgenie through its legacy v1 JSON API.";
    }

    @Override
    public Class<OpsGenieConfig> configType() {
        return OpsGenieConfig.class;
    }

    @Override
    public Class<OpsGenieOptions> optionsType() {
        return OpsGenieOptions.class;
    }

    @Override
    public Handler create(OpsGenieOptions options, ServiceConfig<OpsGenieConfig> config, HandlerContext context) {
        return event -> send(context, config, options.teamsList(), options.recipientsList(),
                messageType(event.level()), event.id(), event.message(), AlertEventJson.result(event.data()));
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<OpsGenieConfig> config, HandlerContext context) {
        OpsGenieConfig c = config.defaultElement().map(ServiceElement::config).orElseThrow();
        TestOptions defaults = new TestOptions(c.teams(), c.recipients(), "CRITICAL", "test opsgenie message",
                "testEntityID");
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> send(context, config, test.teams(),
                test.recipients(), test.messageType(), test.entityId(), test.message(),
                AlertEventJson.result(EventData.EMPTY))));
    }

    @Override
    public void validateConfig(List<ServiceElement<OpsGenieConfig>> elements) {
        for (ServiceElement<OpsGenieConfig> element : elements) {
            OpsGenieConfig c = element.config();
            if (element.enabled() && c.apiKey().reveal().isEmpty()) {
                throw new ConfigException(section(), "api-key", "api-key cannot be empty");
            }
            checkUrl(section(), "url", c.url());
            checkUrl(section(), "recovery_url", c.recoveryUrl());
        }
    }

    static void checkUrl(String section, String key, String url) {
        if (url.isEmpty()) {
            throw new ConfigException(section, key, key + " cannot be empty");
        }
        if (HttpDelivery.httpUrl(url).isEmpty()) {
            throw new ConfigException(section, key, "invalid " + key + " \"" + url + "\"");
        }
    }

    /** Kapacitor's v1 level names: OK is {@code RECOVERY}. */
    static String messageType(Level level) {
        return level == Level.OK ? "RECOVERY" : level.name();
    }

    private static CompletionStage<HandlerResult> send(HandlerContext context, ServiceConfig<OpsGenieConfig> config,
            List<String> teams, List<String> recipients, String messageType, String entityId, String message,
            Map<String, Object> result) {
        return HttpDelivery.send(context, () -> OpsGenieRequest.build(config.require(""), teams, recipients,
                messageType, entityId, message, result), OpsGenieRequest.SERVICE, status -> status == 200,
                OpsGenieRequest.ERRORS);
    }
}
