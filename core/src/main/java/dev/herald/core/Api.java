package dev.herald.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * States how stable a public type of the SDK is, so that handler authors know what they may rely on.
 *
 * <p>Modelled on JUnit's {@code @API}: {@link Status#STABLE} types change only in a major release,
 * {@link Status#EXPERIMENTAL} types may change in a minor release, {@link Status#INTERNAL} types are public
 * only for Herald's own modules and may change at any time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Api {

    /** How stable the annotated element is. */
    Status status();

    /** Stability levels. */
    enum Status {
        /** Changes only in a major release. */
        STABLE,
        /** May change in a minor release. */
        EXPERIMENTAL,
        /** For Herald's own modules only. */
        INTERNAL
    }
}
