package dev.herald.core.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.NoConfig;
import dev.herald.core.config.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
    @Schema(elementKey = "workspace")
    record ListConfig(boolean enabled, @Key(name = "default") boolean isDefault, String workspace, String channel) {
    }

    static final class ListFactory implements HandlerFactory<ListConfig, NoConfig> {
        @Override
        public String kind() {
            return "list";
        }

        @Override
        public Class<ListConfig> configType() {
            return ListConfig.class;
        }

        @Override
        public Class<NoConfig> optionsType() {
            return NoConfig.class;
        }

        @Override
        public Handler create(NoConfig options, ServiceConfig<ListConfig> config, HandlerContext context) {
            return event -> java.util.concurrent.CompletableFuture.completedFuture(HandlerResult.delivered());
        }

        @Override
        public void validateConfig(List<ServiceElement<ListConfig>> elements) {
            if (elements.stream().noneMatch(ServiceElement::isDefault)) {
                throw new ConfigException("list", "default", "at least one config must be set as default");
            }
        }
    }

    @Test
    void bindsNamedElementsAndResolvesTheDefault() {
        ServiceConfig<ListConfig> config = ServiceConfig.bind(new ListFactory(), List.of(
                Map.of("workspace", "a", "enabled", true, "channel", "#a"),
                Map.of("workspace", "b", "default", true, "channel", "#b")));
        assertEquals("b", config.defaultElement().orElseThrow().name());
        assertEquals("#b", config.element("").orElseThrow().config().channel());
        assertEquals("#a", config.require("a").channel());
        HandlerException disabled = assertThrows(HandlerException.class, () -> config.require("b"));
        assertEquals("service is not enabled", disabled.getMessage());
        HandlerException unknown = assertThrows(HandlerException.class, () -> config.require("c"));
        assertEquals("element id not found: c", unknown.getMessage());
    }

    @Test
    void aSingleElementIsTheDefaultAndNoneGivesTheBuiltInOne() {
        ServiceConfig<ListConfig> single = ServiceConfig.bind(new ListFactory(),
                List.of(Map.of("workspace", "only", "enabled", true)));
        assertEquals("only", single.defaultElement().orElseThrow().name());
        ServiceConfig<ListConfig> builtIn = ServiceConfig.bind(new ListFactory(), List.of());
        assertEquals(1, builtIn.elements().size());
        assertEquals(false, builtIn.defaultElement().orElseThrow().enabled());
    }

    @Test
    void factoryValidationRuns() {
        ConfigException error = assertThrows(ConfigException.class, () -> ServiceConfig.bind(new ListFactory(),
                List.of(Map.of("workspace", "a"), Map.of("workspace", "b"))));
        assertEquals("list: at least one config must be set as default", error.getMessage());
    }
}
