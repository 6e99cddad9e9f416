package dev.herald.engine.alert;

import dev.herald.engine.tick.ast.Position;
import java.util.Map;

/**
 * A handler declared in a TICKscript alert chain ({@code .slack().channel('#x')}), as an options map for its kind.
 *
 * @param kind     handler kind
 * @param options  options by key name
 * @param position where the chain starts, for errors
 */
record AlertHandlerSpec(String kind, Map<String, Object> options, Position position) {
}
