package dev.herald.core.config;

import dev.herald.core.Api;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a component of a config or options record as a schema key. Every component of a record bound by
 * {@link ConfigSchema} is a key; this annotation only adds what the component's name and type cannot say.
 *
 * <p>Defaults: the key name is the component name in kebab case ({@code iconEmoji} → {@code icon-emoji}); the
 * TICKscript property is the component name; the default value is the type's zero value ({@code ""},
 * {@code false}, {@code 0}, empty list/map).
 */
@Api(status = Api.Status.STABLE)
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Key {
    /** Marks "no default given" in {@link #defaultValue()}. */
    String NO_DEFAULT = "\u0000";

    /** The key name in config files, handler files and the API; empty = kebab case of the component name. */
    String name() default "";

    /** One sentence for the API, the web page and generated docs. */
    String description() default "";

    /** The default in text form ({@code "kapacitor"}, {@code "true"}, {@code "10s"}); parsed by the key's type. */
    String defaultValue() default NO_DEFAULT;

    /** Whether binding fails when the key is absent or empty. */
    boolean required() default false;

    /** Whether the value is secret; components of type {@link Secret} always are. */
    boolean secret() default false;

    /** For {@link ValueType#ENUM}: the allowed values (a {@code String} component with these becomes an enum key). */
    String[] allowed() default {};

    /** The TICKscript property method; empty = the component name ({@code chatId}); {@code "-"} = none. */
    String property() default "";

    /**
     * Overrides the type inferred from the component's Java type; only {@link ValueType#URL} (on {@code String}
     * or {@link Secret} components: the text must be an absolute URL when non-empty) and {@link ValueType#ENUM}
     * (with {@link #allowed()}) are meaningful. {@link ValueType#STRING}, the default, means "infer".
     */
    ValueType type() default ValueType.STRING;
}
