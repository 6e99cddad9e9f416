package dev.herald.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

    enum Mode { FAST, SAFE }

    @Schema(elementKey = "workspace", description = "A chat service.")
    record ChatConfig(
            boolean enabled,
            @Key(name = "default") boolean isDefault,
            String workspace,
            @Key(type = ValueType.URL, description = "Webhook URL.") Secret url,
            Secret token,
            @Key(defaultValue = "kapacitor") String username,
            String iconEmoji,
            @Key(defaultValue = "10s") Duration timeout,
            @Key(defaultValue = "25") int port,
            long count,
            double ratio,
            URI proxy,
            Mode mode,
            @Key(allowed = {"Markdown", "HTML"}) String parseMode,
            boolean stateChangesOnly) {
    }

    record Datum(String oid, @Key(allowed = {"c", "i", "s"}) String type, String value) {
    }

    @Schema(entryArgs = {"program", "args"})
    record ExecOptions(
            @Key(required = true) String program,
            List<String> args,
            Map<String, String> headers,
            List<Datum> data,
            boolean quiet,
            @Key(property = "-") String internal) {
    }

    private final ConfigSchema<ChatConfig> chat = ConfigSchema.of(ChatConfig.class);
    private final ConfigSchema<ExecOptions> exec = ConfigSchema.of(ExecOptions.class);

    @Test
    void keysAreDerivedFromComponents() {
        assertEquals(List.of("enabled", "default", "workspace", "url", "token", "username", "icon-emoji", "timeout",
                "port", "count", "ratio", "proxy", "mode", "parse-mode", "state-changes-only"),
                chat.keys().stream().map(ConfigKey::name).toList());
        assertEquals(Optional.of("workspace"), chat.elementKey());
        assertEquals(List.of("url", "token"), chat.secretKeys());
        ConfigKey emoji = chat.key("icon-emoji").orElseThrow();
        assertEquals(ValueType.STRING, emoji.type());
        assertEquals(Optional.of("iconEmoji"), emoji.property());
        assertEquals(1, emoji.arity());
        assertEquals(ValueType.URL, chat.key("url").orElseThrow().type());
        assertEquals(ValueType.ENUM, chat.key("mode").orElseThrow().type());
        assertEquals(List.of("FAST", "SAFE"), chat.key("mode").orElseThrow().allowedValues());
        assertEquals(ValueType.ENUM, chat.key("parse-mode").orElseThrow().type());
        assertEquals(0, chat.key("enabled").orElseThrow().arity());
        assertEquals(chat.key("icon-emoji"), chat.keyForProperty("iconEmoji"));
        assertEquals(chat.key("icon-emoji"), chat.key("ICON-EMOJI"), "case-insensitive fallback");
    }

    @Test
    void propertyShapesFollowTypes() {
        assertEquals(ConfigKey.VARARGS, exec.key("args").orElseThrow().arity());
        assertEquals(2, exec.key("headers").orElseThrow().arity());
        assertEquals(3, exec.key("data").orElseThrow().arity());
        assertEquals(ValueType.OBJECT_LIST, exec.key("data").orElseThrow().type());
        assertEquals(Optional.empty(), exec.key("internal").orElseThrow().property());
        assertEquals(List.of("program", "args"), exec.entryArgs());
    }

    @Test
    void defaultsBind() {
        ChatConfig defaults = chat.defaults();
        assertEquals("kapacitor", defaults.username());
        assertEquals(Duration.ofSeconds(10), defaults.timeout());
        assertEquals(25, defaults.port());
        assertEquals(Secret.EMPTY, defaults.url());
        assertEquals(Mode.FAST, defaults.mode());
        assertEquals("", defaults.parseMode());
        assertEquals(URI.create(""), defaults.proxy());
    }

    @Test
    void everyTypeBinds() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("enabled", true);
        raw.put("url", "https://hooks.example.com/services/T/B/X");
        raw.put("token", "xoxb-1");
        raw.put("timeout", "1m30s");
        raw.put("port", 8080L);
        raw.put("count", BigInteger.valueOf(7));
        raw.put("ratio", 1);
        raw.put("proxy", "http://proxy:3128");
        raw.put("mode", "safe");
        raw.put("parse-mode", "html");
        ChatConfig config = chat.bind(raw);
        assertTrue(config.enabled());
        assertEquals("https://hooks.example.com/services/T/B/X", config.url().reveal());
        assertEquals(Duration.ofSeconds(90), config.timeout());
        assertEquals(8080, config.port());
        assertEquals(7L, config.count());
        assertEquals(1.0, config.ratio());
        assertEquals(URI.create("http://proxy:3128"), config.proxy());
        assertEquals(Mode.SAFE, config.mode());
        assertEquals("html", config.parseMode());

        ExecOptions options = exec.bind(Map.of("program", "/bin/echo", "args", List.of("a", "b"),
                "headers", Map.of("k", "v"), "data", List.of(Map.of("oid", "1.2", "type", "c", "value", "x"))));
        assertEquals(List.of("a", "b"), options.args());
        assertEquals(Map.of("k", "v"), options.headers());
        assertEquals(List.of(new Datum("1.2", "c", "x")), options.data());
    }

    @Test
    void durationsAcceptKapacitorNanosecondsAndGoText() {
        assertEquals(Duration.ofSeconds(5), chat.bind(Map.of("timeout", 5_000_000_000L)).timeout());
        assertEquals(Duration.ofMillis(1500), chat.bind(Map.of("timeout", "1.5s")).timeout());
        assertEquals(Duration.ofHours(1).plusMinutes(2).plusNanos(3000),
                chat.bind(Map.of("timeout", "1h2m3us")).timeout());
        ConfigException error = assertThrows(ConfigException.class, () -> chat.bind(Map.of("timeout", "soon")));
        assertEquals("ChatConfig: invalid value for \"timeout\": \"soon\" is not a duration "
                + "(expected e.g. 10s, 1m30s, 500ms)", error.getMessage());
    }

    @Test
    void unknownKeyNamesItAndListsTheKnownOnes() {
        ConfigException error = assertThrows(ConfigException.class, () -> exec.bind(Map.of("program", "x",
                "programme", "y")));
        assertEquals(Optional.of("programme"), error.key());
        assertEquals("ExecOptions: unknown key \"programme\"; known keys: args, data, headers, internal, program, "
                + "quiet", error.getMessage());
    }

    @Test
    void wrongTypeNamesKeyValueAndExpectation() {
        ConfigException error = assertThrows(ConfigException.class, () -> chat.bind(Map.of("enabled", "true")));
        assertEquals("ChatConfig: invalid value for \"enabled\": \"true\" is a string (expected true or false)",
                error.getMessage());
        error = assertThrows(ConfigException.class, () -> chat.bind(Map.of("port", 2.5)));
        assertEquals("ChatConfig: invalid value for \"port\": 2.5 is a number (expected an integer)",
                error.getMessage());
        error = assertThrows(ConfigException.class, () -> chat.bind(Map.of("port", 1L << 40)));
        assertTrue(error.getMessage().contains("out of range"), error.getMessage());
        error = assertThrows(ConfigException.class, () -> chat.bind(Map.of("mode", "turbo")));
        assertEquals("ChatConfig: invalid value for \"mode\": \"turbo\" (allowed values: FAST, SAFE)",
                error.getMessage());
        error = assertThrows(ConfigException.class, () -> chat.bind(Map.of("parse-mode", "MarkdownV2")));
        assertEquals("ChatConfig: invalid value for \"parse-mode\": \"MarkdownV2\" (allowed values: Markdown, HTML)",
                error.getMessage());
        error = assertThrows(ConfigException.class, () -> chat.bind(Map.of("proxy", "not a url")));
        assertEquals(Optional.of("proxy"), error.key());
        error = assertThrows(ConfigException.class,
                () -> exec.bind(Map.of("program", "x", "args", List.of("a", 1))));
        assertEquals("ExecOptions: invalid value for \"args\": element 1 is an integer (expected a list of strings)",
                error.getMessage());
        error = assertThrows(ConfigException.class, () -> exec.bind(Map.of("program", "x",
                "data", List.of(Map.of("oid", "1", "type", "q", "value", "v")))));
        assertEquals("ExecOptions: invalid value for \"data\" element 0: invalid value for \"type\": \"q\" "
                + "(allowed values: c, i, s)", error.getMessage());
    }

    @Test
    void missingRequiredValueNamesTheKey() {
        ConfigException error = assertThrows(ConfigException.class, () -> exec.bind(Map.of("quiet", true)));
        assertEquals(Optional.of("program"), error.key());
        assertEquals("ExecOptions: missing required value for \"program\" (expected a string)", error.getMessage());
        assertThrows(ConfigException.class, () -> exec.bind(Map.of("program", "")));
    }

    @Test
    void secretsNeverShow() throws Exception {
        ChatConfig config = chat.bind(Map.of("url", "https://hooks.example.com/T0P-SECRET", "token", "xoxb-SECRET"));
        assertFalse(config.toString().contains("SECRET"), config.toString());
        Map<String, Object> redacted = chat.redactedValues(config);
        assertEquals(true, redacted.get("url"));
        assertEquals(true, redacted.get("token"));
        assertEquals(false, chat.redactedValues(chat.defaults()).get("token"));
        assertFalse(new ObjectMapper().writeValueAsString(redacted).contains("SECRET"));
        ConfigException error = assertThrows(ConfigException.class,
                () -> chat.bind(Map.of("url", "T0P-SECRET not a url")));
        assertFalse(error.getMessage().contains("SECRET"), error.getMessage());
        error = assertThrows(ConfigException.class, () -> chat.bind(Map.of("token", List.of("SECRET"))));
        assertFalse(error.getMessage().contains("SECRET"), error.getMessage());
        assertEquals("https://hooks.example.com/T0P-SECRET", chat.revealedValues(config).get("url"));
        assertFalse(chat.key("token").orElseThrow().toString().contains("SECRET"));
    }

    @Test
    void valuesRoundTripAndOverridesApplyOnTopOfABase() {
        ChatConfig config = chat.bind(Map.of("enabled", true, "timeout", "2s", "token", "t"));
        Map<String, Object> values = chat.revealedValues(config);
        assertEquals("2s", values.get("timeout"));
        assertEquals("FAST", values.get("mode"));
        assertEquals(config, chat.bind(values));
        ChatConfig overridden = chat.bind(Map.of("username", "bot"), values);
        assertEquals("bot", overridden.username());
        assertEquals(Duration.ofSeconds(2), overridden.timeout());
        assertEquals("t", overridden.token().reveal());
    }

    @Test
    void rendersJsonSchema() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(chat.toJsonSchema()));
        assertEquals("object", schema.path("type").asText());
        assertEquals("A chat service.", schema.path("description").asText());
        assertFalse(schema.path("additionalProperties").asBoolean());
        assertEquals("workspace", schema.path("x-herald-element-key").asText());
        JsonNode props = schema.path("properties");
        assertEquals("boolean", props.path("enabled").path("type").asText());
        assertEquals("kapacitor", props.path("username").path("default").asText());
        assertEquals("iconEmoji", props.path("icon-emoji").path("x-herald-property").asText());
        assertTrue(props.path("url").path("writeOnly").asBoolean());
        assertEquals("uri", props.path("url").path("format").asText());
        assertTrue(props.path("url").path("default").isMissingNode());
        assertEquals("10s", props.path("timeout").path("default").asText());
        assertEquals("[\"FAST\",\"SAFE\"]", props.path("mode").path("enum").toString());

        JsonNode execSchema = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(exec.toJsonSchema()));
        assertEquals("[\"program\"]", execSchema.path("required").toString());
        assertEquals("[\"program\",\"args\"]", execSchema.path("x-herald-entry-args").toString());
        assertEquals(-1, execSchema.path("properties").path("args").path("x-herald-arity").asInt());
        assertEquals("string", execSchema.path("properties").path("data").path("items").path("properties")
                .path("oid").path("type").asText());
    }

    record Unsupported(Object anything) {
    }

    @Test
    void unsupportedComponentTypesAreRejectedAtDerivation() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ConfigSchema.of(Unsupported.class));
        assertTrue(error.getMessage().contains("unsupported type java.lang.Object"), error.getMessage());
    }

    @Test
    void kebabCaseConversion() {
        assertEquals("state-changes-only", ComponentBinding.kebab("stateChangesOnly"));
        assertEquals("ssl-ca", ComponentBinding.kebab("sslCA"));
        assertEquals("url", ComponentBinding.kebab("url"));
        assertEquals("avatar-url", ComponentBinding.kebab("avatarURL"));
    }

    @Test
    void goDurationsFormatAsGoPrintsThem() {
        assertEquals("0s", dev.herald.core.template.GoFormat.duration(Duration.ZERO));
        assertEquals("1m0s", dev.herald.core.template.GoFormat.duration(Duration.ofMinutes(1)));
        assertEquals("1h2m3.5s", dev.herald.core.template.GoFormat.duration(Duration.parse("PT1H2M3.5S")));
        assertEquals("100ms", dev.herald.core.template.GoFormat.duration(Duration.ofMillis(100)));
        assertEquals("1.5µs", dev.herald.core.template.GoFormat.duration(Duration.ofNanos(1500)));
        assertEquals("-5s", dev.herald.core.template.GoFormat.duration(Duration.ofSeconds(-5)));
    }
}
