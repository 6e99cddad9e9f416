package dev.herald.core.template;

import dev.herald.core.Api;
import java.util.List;

/**
 * A function callable from a template by name, like an entry of Go's {@code template.FuncMap}.
 *
 * <p>It receives the evaluated arguments (the piped value, if any, last) and returns the value to print or to
 * pipe on. To fail the rendering, throw any runtime exception: the template reports it as
 * {@code error calling <name>: <message>} at the call's position.
 */
@Api(status = Api.Status.STABLE)
@FunctionalInterface
public interface TemplateFunction {

    /**
     * Calls the function.
     *
     * @param args the arguments, never null (elements may be null); unmodifiable
     * @return the result, may be null
     */
    Object apply(List<Object> args);
}
