package dev.herald.core.template;

import dev.herald.core.Api;
import dev.herald.core.json.GoJson;
import java.util.List;

/**
 * Ready-made {@link TemplateFunction}s that Kapacitor registers for some templates; pass them in the
 * {@code extraFunctions} map of {@link MessageTemplate#parse(String, java.util.Map)}.
 *
 * <p>Both take exactly one argument. As in Kapacitor ({@code alert.go} for the details template,
 * {@code services/httppost/config.go} for alert-post bodies), {@code json} is Go's {@code json.Encoder.Encode}:
 * compact JSON followed by a newline; {@code jsonCompact} is the same without the newline. Neither indents.
 * In an HTML template ({@link MessageTemplate#parseHtml(String, java.util.Map)}) the result is HTML-escaped
 * like any printed value, as Go's html/template does with Kapacitor's {@code html.JS} results in text context.
 */
@Api(status = Api.Status.INTERNAL)
public final class TemplateFunctions {

    private static final TemplateFunction JSON = args -> GoJson.encodeLine(single("json", args));
    private static final TemplateFunction JSON_COMPACT = args -> GoJson.encode(single("jsonCompact", args));

    private TemplateFunctions() {
    }

    /** Kapacitor's {@code json}: {@code value} as compact Go-style JSON plus a trailing {@code \n}. */
    public static TemplateFunction json() {
        return JSON;
    }

    /** Kapacitor's {@code jsonCompact}: {@code value} as compact Go-style JSON, no trailing newline. */
    public static TemplateFunction jsonCompact() {
        return JSON_COMPACT;
    }

    /** For {@link #json()} true (a trailing newline), for {@link #jsonCompact()} false, else empty. */
    static java.util.Optional<Boolean> jsonNewline(TemplateFunction function) {
        return function == JSON ? java.util.Optional.of(true)
                : function == JSON_COMPACT ? java.util.Optional.of(false) : java.util.Optional.empty();
    }

    private static Object single(String name, List<Object> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("wrong number of args for " + name + ": want 1 got " + args.size());
        }
        return args.get(0);
    }
}
