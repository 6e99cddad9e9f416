package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.tick.Printer;
import dev.herald.engine.tick.Program;
import dev.herald.engine.tick.Tickscript;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Position;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kapacitor's vars JSON ({@code {"name": {"type": "float", "value": 5, "description": ""}}}) to TICKscript values,
 * and template vars back to that JSON.
 */
final class TaskVars {
    private TaskVars() {
    }

    /**
     * The TICKscript values of {@code vars}.
     *
     * @throws ApiException 400 naming the var and what its value must be
     */
    static Map<String, Expr> toExprs(JsonNode vars) {
        Map<String, Expr> out = new LinkedHashMap<>();
        if (vars == null || vars.isNull() || vars.isMissingNode()) {
            return out;
        }
        if (!vars.isObject()) {
            throw ApiException.badRequest("invalid vars: expected an object of name to {\"type\", \"value\"}");
        }
        vars.fields().forEachRemaining(f -> out.put(f.getKey(), toExpr(f.getKey(), f.getValue())));
        return out;
    }

    private static Expr toExpr(String name, JsonNode var) {
        if (!var.isObject() || !var.has("type")) {
            throw ApiException.badRequest("invalid var " + name + ": expected {\"type\": ..., \"value\": ...}");
        }
        String type = var.get("type").asText();
        JsonNode v = var.path("value");
        Position p = Position.NONE;
        String where = "invalid var " + name + ": ";
        switch (type) {
            case "bool":
                if (!v.isBoolean()) {
                    throw ApiException.badRequest(where + "expected a bool value");
                }
                return new Expr.BoolLit(p, v.asBoolean());
            case "int":
                if (!v.isIntegralNumber()) {
                    throw ApiException.badRequest(where + "expected int value");
                }
                return new Expr.IntLit(p, v.asLong(), false);
            case "float":
                if (!v.isNumber()) {
                    throw ApiException.badRequest(where + "expected float value");
                }
                return new Expr.FloatLit(p, v.asDouble());
            case "string":
                if (!v.isTextual()) {
                    throw ApiException.badRequest(where + "expected a string value");
                }
                return new Expr.StringLit(p, v.asText(), false);
            case "regex":
                if (!v.isTextual()) {
                    throw ApiException.badRequest(where + "expected a regex string value");
                }
                try {
                    com.google.re2j.Pattern.compile(v.asText());
                } catch (com.google.re2j.PatternSyntaxException e) {
                    throw ApiException.badRequest(where + "invalid regex pattern: " + e.getDescription());
                }
                return new Expr.RegexLit(p, v.asText().replace("/", "\\/"));
            case "duration":
                long nanos;
                if (v.isIntegralNumber()) {
                    nanos = v.asLong();
                } else if (v.isTextual()) {
                    try {
                        nanos = TimeText.parseDuration(v.asText()).toNanos();
                    } catch (IllegalArgumentException e) {
                        throw ApiException.badRequest(where + "invalid duration string " + v);
                    }
                } else {
                    throw ApiException.badRequest(where + "expected int or string value");
                }
                return new Expr.DurationLit(p, nanos, TimeText.format(java.time.Duration.ofNanos(nanos)));
            case "lambda":
                if (!v.isTextual()) {
                    throw ApiException.badRequest(where + "expected a lambda expression string");
                }
                try {
                    return new Expr.Lambda(p, Tickscript.parseLambda(v.asText()));
                } catch (TickscriptException e) {
                    throw ApiException.badRequest(where + "invalid lambda expression: " + e.getMessage());
                }
            case "star":
                return new Expr.Star(p);
            case "list":
                if (!v.isArray()) {
                    throw ApiException.badRequest(where + "expected list of vars");
                }
                List<Expr> items = new ArrayList<>();
                int i = 0;
                for (JsonNode item : v) {
                    items.add(toExpr(name + "[" + i++ + "]", item));
                }
                return new Expr.ListLit(p, items);
            default:
                throw ApiException.badRequest(where + "unknown type \"" + type
                        + "\"; types: bool, int, float, string, regex, duration, lambda, list, star");
        }
    }

    /** Kapacitor's vars JSON of a template's declared vars (pipeline vars left out). */
    static ObjectNode ofProgram(Program program) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Program.Var var : program.vars().values()) {
            if (var.node() != null || "pipeline".equals(var.type())) {
                continue;
            }
            ObjectNode v = out.putObject(var.name());
            v.put("type", var.type());
            v.set("value", var.value() == null ? Json.MAPPER.nullNode() : Json.toTree(value(var.value())));
            v.put("description", "");
        }
        return out;
    }

    private static Object value(Expr e) {
        if (e instanceof Expr.BoolLit b) {
            return b.value();
        } else if (e instanceof Expr.IntLit i) {
            return i.value();
        } else if (e instanceof Expr.FloatLit f) {
            return f.value();
        } else if (e instanceof Expr.StringLit s) {
            return s.value();
        } else if (e instanceof Expr.RegexLit r) {
            return r.pattern();
        } else if (e instanceof Expr.DurationLit d) {
            return d.nanos();
        } else if (e instanceof Expr.Lambda l) {
            return Printer.format(l.expression());
        } else if (e instanceof Expr.ListLit l) {
            List<Object> items = new ArrayList<>();
            for (Expr item : l.items()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("type", typeOf(item));
                v.put("value", value(item));
                v.put("description", "");
                items.add(v);
            }
            return items;
        } else if (e instanceof Expr.Star) {
            return null;
        }
        return String.valueOf(e);
    }

    private static String typeOf(Expr e) {
        String name = dev.herald.engine.tick.Tickscript.typeName(e);
        return name.equals("expression") ? "string" : name;
    }
}
