package dev.herald.engine.handlers;

import dev.herald.core.config.ConfigException;
import dev.herald.core.config.Key;
import dev.herald.core.config.Schema;
import dev.herald.core.config.Secret;
import dev.herald.core.template.MessageTemplate;
import dev.herald.core.template.TemplateException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One {@code [[httppost]]} element: a named endpoint that {@code post} handlers select with {@code endpoint}.
 *
 * @param endpoint          the element's name
 * @param url               the URL, a template over the alert data
 * @param headers           headers added to every request
 * @param basicAuth         {@code username} and {@code password}; used when both are set (secret as a whole)
 * @param alertTemplate     body template for alert events (gets {@code json} and {@code jsonCompact})
 * @param alertTemplateFile absolute path of a file holding the body template; read when the section is loaded
 * @param rowTemplate       body template for the {@code httpPost} pipeline node
 * @param rowTemplateFile   absolute path of a file holding the row template
 */
@Schema(elementKey = "endpoint", description = "Named HTTP endpoints that post handlers send alerts to.")
record HttpPostConfig(
        @Key(defaultValue = "example", description = "Name of this endpoint, used by .endpoint('name').")
        String endpoint,
        @Key(defaultValue = "http://example.com",
                description = "URL to POST to; a template over the alert data.") String url,
        @Key(description = "Headers added to every request.") Map<String, String> headers,
        @Key(name = "basic-auth", secret = true,
                description = "Basic authentication: {username, password}; used when both are set.")
        Map<String, String> basicAuth,
        @Key(description = "Template of the request body for alerts; default is the alert JSON.")
        String alertTemplate,
        @Key(description = "Absolute path of a file holding the alert body template.") String alertTemplateFile,
        @Key(description = "Template of the request body for the httpPost node.") String rowTemplate,
        @Key(description = "Absolute path of a file holding the row body template.") String rowTemplateFile) {

    private static final String SECTION = "httppost";
    private static final Set<String> AUTH_KEYS = Set.of("username", "password");

    HttpPostConfig {
        if (endpoint.isEmpty()) {
            throw new ConfigException(SECTION, "endpoint", "must specify endpoint name");
        }
        if (url.isEmpty()) {
            throw new ConfigException(SECTION, "url", "must specify url");
        }
        checkUrlTemplate(SECTION, "url", url);
        for (String name : headers.keySet()) {
            PostHandlerFactory.checkSettableHeader(SECTION, name);
        }
        for (String key : basicAuth.keySet()) {
            if (!AUTH_KEYS.contains(key)) {
                throw new ConfigException(SECTION, "basic-auth", "invalid value for \"basic-auth\": unknown key \""
                        + key + "\" (expected username and password)");
            }
        }
        if (!alertTemplate.isEmpty() && !alertTemplateFile.isEmpty()) {
            throw new ConfigException(SECTION, "alert-template",
                    "must specify only one of alert-template and alert-template-file");
        }
        if (!rowTemplate.isEmpty() && !rowTemplateFile.isEmpty()) {
            throw new ConfigException(SECTION, "row-template",
                    "must specify only one of row-template and row-template-file");
        }
        checkAbsolute("alert-template-file", alertTemplateFile);
        checkAbsolute("row-template-file", rowTemplateFile);
        if (!alertTemplate.isEmpty()) {
            parse(SECTION, "alert-template", alertTemplate);
        }
        if (!rowTemplate.isEmpty()) {
            parse(SECTION, "row-template", rowTemplate);
        }
    }

    /** The basic-auth credentials, the password as a {@link Secret}. */
    BasicAuth credentials() {
        return new BasicAuth(basicAuth.getOrDefault("username", ""),
                Secret.of(basicAuth.getOrDefault("password", "")));
    }

    /** Never shows the basic-auth values. */
    @Override
    public String toString() {
        return "HttpPostConfig[endpoint=" + endpoint + ", url=" + url + ", headers=" + headers.keySet()
                + ", basic-auth=" + (basicAuth.isEmpty() ? "" : "******") + ", alert-template=" + alertTemplate
                + ", alert-template-file=" + alertTemplateFile + ", row-template=" + rowTemplate
                + ", row-template-file=" + rowTemplateFile + "]";
    }

    /** Parses a template with {@code json}/{@code jsonCompact}, as a {@link ConfigException} of {@code key}. */
    static MessageTemplate parse(String section, String key, String text) {
        try {
            return MessageTemplate.parse(key, text, PostHandlerFactory.FUNCTIONS);
        } catch (TemplateException e) {
            throw new ConfigException(section, key, "invalid template for \"" + key + "\": " + e.getMessage());
        }
    }

    /** Parses a URL template; a URL without actions must be an absolute http(s) URL. */
    static MessageTemplate checkUrlTemplate(String section, String key, String text) {
        MessageTemplate template = parse(section, key, text);
        if (!text.contains("{{")) {
            checkUrl(section, key, text);
        }
        return template;
    }

    /** {@code text} as an absolute http(s) URL, or a {@link ConfigException} that does not echo it. */
    static URI checkUrl(String section, String key, String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(section, key, "invalid value for \"" + key
                + "\": not an absolute http or https URL");
    }

    private static void checkAbsolute(String key, String path) {
        if (path.isEmpty()) {
            return;
        }
        boolean absolute;
        try {
            absolute = Path.of(path).isAbsolute();
        } catch (InvalidPathException e) {
            absolute = false;
        }
        if (!absolute) {
            throw new ConfigException(SECTION, key, "must use an absolute path for " + key);
        }
    }

    /** Basic-auth credentials; used only when both are set. */
    record BasicAuth(String username, Secret password) {
        boolean valid() {
            return !username.isEmpty() && !password.isEmpty();
        }
    }
}
