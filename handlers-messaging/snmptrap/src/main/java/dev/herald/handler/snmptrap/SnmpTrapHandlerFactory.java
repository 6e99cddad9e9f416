package dev.herald.handler.snmptrap;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Schema;
import dev.herald.core.event.AlertEvent;
import dev.herald.core.handler.Handler;
import dev.herald.core.handler.HandlerContext;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HandlerFactory;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.handler.ServiceTest;
import dev.herald.core.template.MessageTemplate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.snmp4j.PDU;

/**
 * The {@code snmptrap} handler ({@code .snmpTrap(oid).data(oid, type, value)}, section {@code [snmptrap]}): one
 * SNMPv2c trap per event, with Kapacitor's varbinds.
 */
public final class SnmpTrapHandlerFactory implements HandlerFactory<SnmpTrapConfig, SnmpTrapOptions> {

    /**
     * Options of the {@code snmptrap} service test (Kapacitor's defaults; values are sent as given, not templated).
     *
     * @param trapOid  the trap OID
     * @param dataList the varbinds
     */
    @Schema(description = "Sends a test trap.")
    public record TestOptions(String trapOid, List<SnmpTrapOptions.Data> dataList) {
    }

    private final TrapSender sender = new TrapSender();

    @Override
    public String kind() {
        return "snmptrap";
    }

    @Override
    public String tickName() {
        return "snmpTrap";
    }

    @Override
    public String description() {
        return "Sends alerts as SNMPv2c traps.";
    }

    @Override
    public Class<SnmpTrapConfig> configType() {
        return SnmpTrapConfig.class;
    }

    @Override
    public Class<SnmpTrapOptions> optionsType() {
        return SnmpTrapOptions.class;
    }

    @Override
    public Handler create(SnmpTrapOptions options, ServiceConfig<SnmpTrapConfig> config, HandlerContext context) {
        TrapPdu trap = TrapPdu.compile(kind(), options, text -> {
            MessageTemplate template = context.template(text);
            return template::render;
        });
        return event -> send(config, context, trap, event);
    }

    @Override
    public Optional<ServiceTest<?>> serviceTest(ServiceConfig<SnmpTrapConfig> config, HandlerContext context) {
        TestOptions defaults = new TestOptions("1.1.1.1",
                List.of(new SnmpTrapOptions.Data("1.1.1.1.2", "s", "test snmptrap message")));
        return Optional.of(ServiceTest.of(TestOptions.class, defaults, test -> {
            TrapPdu trap;
            try {
                // Kapacitor does not template the test values: a template that only prints its text does the same.
                trap = TrapPdu.compile(kind(), new SnmpTrapOptions(test.trapOid(), test.dataList()),
                        text -> data -> text);
            } catch (ConfigException e) {
                return CompletableFuture.completedFuture(HandlerResult.permanent(e.detail()));
            }
            return send(config, context, trap, null);
        }));
    }

    /** Kapacitor's check of an {@code [snmptrap]} section. */
    @Override
    public void validateConfig(List<ServiceElement<SnmpTrapConfig>> elements) {
        for (ServiceElement<SnmpTrapConfig> element : elements) {
            SnmpTrapConfig c = element.config();
            if (element.enabled() && c.addr().isEmpty()) {
                throw new ConfigException(section(), "addr", "must specify addr");
            }
            if (!c.addr().isEmpty()) {
                try {
                    TrapSender.parseAddr(c.addr());
                } catch (HandlerException e) {
                    throw new ConfigException(section(), "addr", e.getMessage());
                }
            }
            if (c.retries() < 0) {
                throw new ConfigException(section(), "retries", "retries must not be negative");
            }
        }
    }

    private CompletionStage<HandlerResult> send(ServiceConfig<SnmpTrapConfig> config, HandlerContext context,
            TrapPdu trap, AlertEvent event) {
        try {
            SnmpTrapConfig c = config.require("");
            PDU pdu = trap.build(event == null ? Map.of() : event.templateData());
            return CompletableFuture.completedFuture(sender.send(pdu, c.addr(), c.community(), c.retries(),
                    context.requestTimeout()));
        } catch (HandlerException e) {
            return CompletableFuture.completedFuture(HandlerResult.permanent(e.getMessage()));
        }
    }
}
