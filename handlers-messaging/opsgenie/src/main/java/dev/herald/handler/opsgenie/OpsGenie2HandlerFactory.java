package dev.herald.handler.opsgenie;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.AlertEventJson;
import dev.herald.core.event.EventData;
import dev.herald.core.event.Level;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.json.GoJson;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The {@code opsgenie2} handler ({@code .opsGenie2()} in TICKscript): Opsgenie's Alert API v2 as Kapacitor sends
 * it, or the same requests to Opsgenie's EU region or Jira Service Management ({@code target}). The alert's alias is
 * derived from its id, so a recovery adds a note to (or closes) the alert the same alert id created.
 */
public final class OpsGenie2HandlerFactory implements HandlerFactory<OpsGenie2Config, OpsGenie2Options> {

    /**
     * Options of the {@code opsgenie2} service test, with Kapacitor's names and defaults.
     *
     * @param teams          teams
     * @param recipients     recipients
     * @param recoveryAction {@code notes} or {@code close}, for {@code RECOVERY}
     * @param messageType    {@code RECOVERY} sends a recovery; otherwise a level name (any case)
     * @param message        the message
     * @param entityId       the alert id (entity, and the alias's source)
     */
    @Schema(description = "Sends a test alert to Opsgenie (v2).")
    public record TestOptions(List<String> teams, List<String> recipients,
            @Key(name = "recovery_action") String recoveryAction,
            @Key(name = "message-type", defaultValue = "CRITICAL") String messageType,
            @Key(defaultValue = "test opsgenie message") String message,
            @Key(name = "entity-id", defaultValue = "testEntityID") String entityId) {
    }

    @Override
    public String kind() {
        return "opsgenie2";
    }

    @Override
    public String tickName() {
        return "opsGenie2";
    }

    @Override
    public String description() {
        return "Sends alerts to Opsgenie (Alert API v2) or Jira Service Management, and notes or closes them on "
                + "recovery.";
    }

    @Override
    public Class<OpsGenie2Config> configType() {
        return OpsGenie2Config.class;
    }

    @Override
    public Class<OpsGenie2Options> optionsType() {
        return OpsGenie2Options.class;
    }

    @Override
    public Handler create(OpsGenie2Options options, ServiceConfig<OpsGenie2Config> config, HandlerContext context) {
        return event -> send(context, config, c -> request(c, options, event));
    }

    private static HttpRequest request(OpsGenie2Config c, OpsGenie2Options options, AlertEvent event) {
        List<String> teams = options.teamsList().isEmpty() ? c.teams() : options.teamsList();
        List<String> recipients = options.recipientsList().isEmpty() ? c.recipients() : options.recipientsList();
        if (event.level() == Level.OK) {
            return OpsGenie2Request.recover(c.endpoint(), c.apiKey().reveal(), event.id(),
                    recoveryAction(options.recoveryAction(), c.recoveryAction()), event.message());
        }
        boolean useDetails = (c.details() || options.details()) && !event.details().isEmpty();
        String description = useDetails ? event.details() : GoJson.encode(AlertEventJson.result(event.data()));
        return OpsGenie2Request.create(c.endpoint(), c.apiKey().reveal(), event.id(), event.message(), description,
                details(event.level(), event.data()), event.level(), teams, recipients);
    }

    /** The {@code details} object: tool, level, the first row's tags, and the task's name. */
    static Map<String, String> details(Level level, EventData data) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("Monitoring Tool", "Kapacitor");
        details.put("Level", level.name());
        if (!data.series().isEmpty()) {
            details.putAll(data.series().get(0).tags());
        }
        if (!data.taskName().isEmpty()) {
            details.put("Kapacitor Task Name", data.taskName());
        }
        return details;
    }

    /** The handler's action when it is {@code close} or {@code notes}, else the config's, else {@code notes}. */
    static String recoveryAction(String handler, String config) {
        if (handler.equals("close") || handler.equals("notes")) {
            return handler;
        }
        return config.equals("close") || config.equals("notes") ? config : "notes";
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<OpsGenie2Config> config, HandlerContext context) {
        OpsGenie2Config c = config.defaultElement().map(ServiceElement::config).orElseThrow();
        TestOptions defaults = new TestOptions(c.teams(), c.recipients(), c.recoveryAction(), "CRITICAL",
                "test opsgenie message", "testEntityID");
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> {
            Level level;
            if (test.messageType().equalsIgnoreCase("RECOVERY")) {
                level = Level.OK;
            } else {
                try {
                    level = Level.valueOf(test.messageType().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return CompletableFuture.completedFuture(HandlerResult.permanent("unknown message-type \""
                            + test.messageType() + "\": want RECOVERY, OK, INFO, WARNING or CRITICAL"));
                }
            }
            Level chosen = level;
            return send(context, config, cfg -> {
                if (chosen == Level.OK) {
                    return OpsGenie2Request.recover(cfg.endpoint(), cfg.apiKey().reveal(), test.entityId(),
                            recoveryAction(test.recoveryAction(), cfg.recoveryAction()), test.message());
                }
                Map<String, String> details = new LinkedHashMap<>();
                details.put("Monitoring Tool", "Kapacitor");
                details.put("Level", chosen.name());
                return OpsGenie2Request.create(cfg.endpoint(), cfg.apiKey().reveal(), test.entityId(),
                        test.message(), GoJson.encode(AlertEventJson.result(EventData.EMPTY)), details, chosen,
                        test.teams(), test.recipients());
            });
        }));
    }

    @Override
    public void validateConfig(List<ServiceElement<OpsGenie2Config>> elements) {
        for (ServiceElement<OpsGenie2Config> element : elements) {
            OpsGenie2Config c = element.config();
            if (element.enabled() && c.apiKey().reveal().isEmpty()) {
                throw new ConfigException(section(), "api-key", "api-key cannot be empty");
            }
            OpsGenieHandlerFactory.checkUrl(section(), "url", c.url());
            if (c.recoveryAction().isEmpty()) {
                throw new ConfigException(section(), "recovery_action", "recovery_action cannot be empty");
            }
        }
    }

    private static CompletionStage<HandlerResult> send(HandlerContext context, ServiceConfig<OpsGenie2Config> config,
            Function<OpsGenie2Config, HttpRequest> build) {
        return HttpDelivery.send(context, () -> {
            OpsGenie2Config c = config.require("");
            if (c.apiKey().reveal().isEmpty()) {
                throw new HandlerException("api-key cannot be empty");
            }
            return build.apply(c);
        }, "OpsGenie", status -> status == 202, OpsGenie2Request.ERRORS);
    }
}
