package dev.herald.core.config;

import dev.herald.core.Api;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Section-level facts of a config or options record that its components cannot say.
 */
@Api(status = Api.Status.STABLE)
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Schema {
    /**
     * For a config record: the key naming each element when the section is a list of named elements
     * ({@code [[slack]]} elements are named by {@code workspace}); empty for a single section.
     */
    String elementKey() default "";

    /**
     * For an options record: the keys filled by the positional arguments of the TICKscript entry method, in
     * order ({@code .log(path)} → {@code {"path"}}; {@code .exec(prog, args...)} → {@code {"prog", "args"}} where
     * a final {@link ValueType#LIST} key takes the remaining arguments).
     */
    String[] entryArgs() default {};

    /** One sentence describing the section or options. */
    String description() default "";
}
