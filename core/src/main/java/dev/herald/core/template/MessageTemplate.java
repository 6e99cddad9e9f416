package dev.herald.core.template;

import dev.herald.core.Api;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled Go template, as Kapacitor uses for alert ids, messages, details and handler templates.
 *
 * <p>Supports the subset of Go's {@code text/template} those templates use: {@code {{ .Field.Sub }}},
 * {@code {{ . }}}, variables ({@code $x := ...}, {@code $x = ...}, {@code $}), pipelines, parenthesized
 * arguments, string/raw-string/number/character/bool/nil literals, comments, trim markers ({@code {{-},
 * {@code -}}}), {@code if}/{@code else if}/{@code else}, {@code range} (lists, maps in sorted key order, integers;
 * with {@code else}, {@code break}, {@code continue}), {@code with}/{@code else with}, and the functions
 * {@code and or not len index print printf println html js urlquery eq ne lt le gt ge} plus any extra ones. Not
 * supported: {@code define}, {@code template}, {@code block}, {@code call}, method calls with arguments.
 *
 * <p>Field access {@code .Name}: on a {@link Map}, the value of key {@code Name} (a missing key prints as
 * {@code <no value>}); on a record, the component named exactly so, else case-insensitively
 * ({@code .TaskName} finds {@code taskName()}); on other objects a public no-argument method of that name
 * (case-insensitively), else a getter {@code getName()}. Accessors are found once per class and name and cached.
 * A null value yields null further down a chain ({@code .A.B} with {@code A} missing prints {@code <no value>}).
 * {@code index} of a missing map key yields the empty string (Go's zero value for Kapacitor's
 * {@code map[string]string} tags).
 *
 * <p>Values print as Go's {@code fmt} would ({@link GoFormat#value(Object)}). Numbers compare numerically
 * across integer and floating types (Go would refuse mixed types); enums compare with strings by name.
 *
 * <p>Instances are immutable and thread-safe; {@link #render(Object)} may be called concurrently.
 */
@Api(status = Api.Status.STABLE)
public final class MessageTemplate {

    private static final String DEFAULT_NAME = "template";

    private final String source;
    private final Nodes.Compiled compiled;
    private final String constant;

    private MessageTemplate(String source, Nodes.Compiled compiled) {
        this.source = source;
        this.compiled = compiled;
        this.constant = constantText(compiled);
    }

    /**
     * Parses a text template (Go's {@code text/template}) with the built-in functions only.
     *
     * @throws TemplateException on a syntax error
     */
    public static MessageTemplate parse(String text) {
        return parse(DEFAULT_NAME, text, Map.of(), false);
    }

    /**
     * Parses a text template with extra functions, which take precedence over built-ins of the same name
     * (e.g. {@link TemplateFunctions#json()} for Kapacitor's alert-post templates).
     *
     * @throws TemplateException on a syntax error, such as a call of a function that is neither built in nor
     *                           among {@code extraFunctions}
     */
    public static MessageTemplate parse(String text, Map<String, TemplateFunction> extraFunctions) {
        return parse(DEFAULT_NAME, text, extraFunctions, false);
    }

    /**
     * Parses a text template under a name, which error messages show as Go does
     * ({@code template: message:1:2: ...}).
     *
     * @throws TemplateException on a syntax error
     */
    public static MessageTemplate parse(String name, String text, Map<String, TemplateFunction> extraFunctions) {
        return parse(name, text, extraFunctions, false);
    }

    /**
     * Parses an HTML template, as Kapacitor does for an alert's details: every value printed by an action is
     * escaped as Go's html/template does in HTML text ({@code < > & ' " +} as {@code &lt; &gt; &amp; &#39;
     * &#34; &#43;}, NUL as U+FFFD; nil prints nothing). Only the text context is modelled: values inside tags,
     * attributes, scripts or styles are escaped the same way.
     *
     * @throws TemplateException on a syntax error
     */
    public static MessageTemplate parseHtml(String text) {
        return parse(DEFAULT_NAME, text, Map.of(), true);
    }

    /**
     * As {@link #parseHtml(String)}, with extra functions (Kapacitor's details template has {@code json}).
     *
     * @throws TemplateException on a syntax error
     */
    public static MessageTemplate parseHtml(String text, Map<String, TemplateFunction> extraFunctions) {
        return parse(DEFAULT_NAME, text, extraFunctions, true);
    }

    /**
     * As {@link #parseHtml(String, Map)}, under a name for error messages.
     *
     * @throws TemplateException on a syntax error
     */
    public static MessageTemplate parseHtml(String name, String text,
            Map<String, TemplateFunction> extraFunctions) {
        return parse(name, text, extraFunctions, true);
    }

    private static MessageTemplate parse(String name, String text, Map<String, TemplateFunction> extra,
            boolean html) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(extra, "extraFunctions");
        return new MessageTemplate(text, Parser.parse(name, text, Map.copyOf(extra), html));
    }

    private static String constantText(Nodes.Compiled compiled) {
        if (compiled.escapeError != null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Nodes.Node node : ((Nodes.ListNode) compiled.root).nodes) {
            if (!(node instanceof Nodes.TextNode text)) {
                return null;
            }
            sb.append(text.text);
        }
        return sb.toString();
    }

    /**
     * Executes the template with {@code data} as dot ({@code .}) and {@code $}.
     *
     * @param data the data, may be null
     * @return the output
     * @throws TemplateException on an execution error, e.g. {@code index} of a non-collection; the message
     *                           names the position and the problem as Go does
     */
    public String render(Object data) {
        if (constant != null) {
            return constant;
        }
        if (compiled.escapeError != null) {
            throw compiled.escapeError;
        }
        Nodes.Exec exec = new Nodes.Exec(compiled, data);
        compiled.root.render(exec, data);
        return exec.out.toString();
    }

    /** The template text as given. */
    public String source() {
        return source;
    }

    /** The name error messages use ({@code template} unless given). */
    public String name() {
        return compiled.name;
    }

    @Override
    public String toString() {
        return "MessageTemplate[" + compiled.name + "]";
    }
}
