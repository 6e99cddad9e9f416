package dev.herald.engine.topic;

import dev.herald.core.event.AlertEvent;
import dev.herald.core.event.Level;
import dev.herald.engine.tick.Tickscript;
import dev.herald.engine.tick.TickscriptException;
import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Operator;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import com.google.re2j.Pattern;

/**
 * A topic handler's {@code match} expression: a lambda over the event with Kapacitor's functions {@code changed()},
 * {@code level()}, {@code name()}, {@code taskName()}, {@code alertDuration()} (also {@code duration()}), the
 * level constants {@code OK INFO WARNING CRITICAL}, and tag references ({@code "host" == 'serverA'}). An empty
 * expression matches every event. A reference to a tag the event lacks makes the expression false.
 */
public final class MatchExpression {
    private static final MatchExpression ALWAYS = new MatchExpression("", null);

    private final String source;
    private final Expr expression;

    private MatchExpression(String source, Expr expression) {
        this.source = source;
        this.expression = expression;
    }

    /**
     * Compiles {@code source}; blank matches everything.
     *
     * @throws TickscriptException with line and column when it does not parse or uses an unknown name
     */
    public static MatchExpression compile(String source) {
        if (source == null || source.isBlank()) {
            return ALWAYS;
        }
        Expr parsed = Tickscript.parseLambda(source);
        Expr body = parsed instanceof Expr.Lambda l ? l.expression() : parsed;
        check(body);
        return new MatchExpression(source, body);
    }

    /** The expression as written. */
    public String source() {
        return source;
    }

    /** Whether {@code event} matches. */
    public boolean matches(AlertEvent event) {
        if (expression == null) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(eval(expression, event));
        } catch (MissingTag e) {
            return false;
        } catch (IllegalArgumentException e) {
            // a type error at match time (e.g. !'text'), found by fuzzing: the event does not match, as an
            // evaluation error does not match in Kapacitor
            return false;
        }
    }

    private static void check(Expr e) {
        if (e instanceof Expr.Identifier id) {
            if (levelConstant(id.name()) == null) {
                throw new TickscriptException(id.position(), "unknown identifier \"" + id.name()
                        + "\" in match expression; use OK, INFO, WARNING or CRITICAL, or quote a tag name");
            }
        } else if (e instanceof Expr.Call call) {
            switch (call.name()) {
                case "changed", "level", "name", "taskName", "alertDuration", "duration" -> {
                    if (!call.args().isEmpty()) {
                        throw new TickscriptException(call.position(), call.name() + " takes no arguments");
                    }
                }
                default -> throw new TickscriptException(call.position(), "unknown function \"" + call.name()
                        + "\" in match expression; known: changed(), level(), name(), taskName(), alertDuration()");
            }
        } else if (e instanceof Expr.Binary b) {
            check(b.left());
            check(b.right());
        } else if (e instanceof Expr.Unary u) {
            check(u.operand());
        }
    }

    private static Long levelConstant(String name) {
        return Level.parse(name).map(l -> (long) l.ordinal()).orElse(null);
    }

    private static final class MissingTag extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingTag() {
            super(null, null, false, false);
        }
    }

    private static Object eval(Expr e, AlertEvent event) {
        if (e instanceof Expr.BoolLit b) {
            return b.value();
        }
        if (e instanceof Expr.IntLit i) {
            return i.value();
        }
        if (e instanceof Expr.FloatLit f) {
            return f.value();
        }
        if (e instanceof Expr.StringLit s) {
            return s.value();
        }
        if (e instanceof Expr.DurationLit d) {
            return d.duration();
        }
        if (e instanceof Expr.RegexLit r) {
            return r.compile();
        }
        if (e instanceof Expr.Identifier id) {
            return levelConstant(id.name());
        }
        if (e instanceof Expr.Reference r) {
            String tag = event.data().tags().get(r.name());
            if (tag == null) {
                throw new MissingTag();
            }
            return tag;
        }
        if (e instanceof Expr.Call call) {
            return switch (call.name()) {
                case "changed" -> event.level() != event.previousLevel();
                case "level" -> (long) event.level().ordinal();
                case "name" -> event.data().name();
                case "taskName" -> event.data().taskName();
                default -> event.duration();
            };
        }
        if (e instanceof Expr.Unary u) {
            Object v = eval(u.operand(), event);
            if (u.op() == Operator.NOT && v instanceof Boolean b) {
                return !b;
            }
            if (u.op() == Operator.MINUS && v instanceof Long l) {
                return -l;
            }
            if (u.op() == Operator.MINUS && v instanceof Double d) {
                return -d;
            }
            throw new IllegalArgumentException("invalid operand for " + u.op());
        }
        if (e instanceof Expr.Binary b) {
            if (b.op() == Operator.AND || b.op() == Operator.OR) {
                // a chain "a OR b OR c ..." is left-deep: walked in a loop, so its length costs no stack
                java.util.ArrayDeque<Expr> rights = new java.util.ArrayDeque<>();
                Expr left = b;
                while (left instanceof Expr.Binary chain && chain.op() == b.op()) {
                    rights.push(chain.right());
                    left = chain.left();
                }
                boolean and = b.op() == Operator.AND;
                boolean value = truth(eval(left, event));
                while (!rights.isEmpty() && value == and) {
                    value = truth(eval(rights.pop(), event));
                }
                return value;
            }
            Object l = eval(b.left(), event);
            Object r = eval(b.right(), event);
            return binary(b.op(), l, r);
        }
        throw new IllegalArgumentException("unsupported expression in match: " + e);
    }

    /** A regex match (RE2: linear time). */
    private static boolean regexFind(Pattern p, String s) {
        try {
            return dev.herald.engine.lambda.LambdaCompiler.regexFind(p, s);
        } catch (dev.herald.engine.lambda.LambdaException e) {
            return false;
        }
    }

    private static boolean truth(Object v) {
        return Boolean.TRUE.equals(v);
    }

    private static Object binary(Operator op, Object l, Object r) {
        switch (op) {
            case REGEX_EQ:
                return r instanceof Pattern p && l instanceof String s && regexFind(p, s);
            case REGEX_NE:
                return r instanceof Pattern p && l instanceof String s && !regexFind(p, s);
            case EQ:
                return compare(l, r) == 0;
            case NE:
                return compare(l, r) != 0;
            case LT:
                return compare(l, r) < 0;
            case LE:
                return compare(l, r) <= 0;
            case GT:
                return compare(l, r) > 0;
            case GE:
                return compare(l, r) >= 0;
            default:
                throw new IllegalArgumentException("operator " + op + " is not supported in match expressions");
        }
    }

    private static int compare(Object l, Object r) {
        if (l instanceof Number a && r instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (l instanceof Duration a && r instanceof Duration b) {
            return a.compareTo(b);
        }
        if (l instanceof String a && r instanceof String b) {
            return a.compareTo(b);
        }
        if (l instanceof Boolean a && r instanceof Boolean b) {
            return Boolean.compare(a, b);
        }
        if (Objects.equals(l, r)) {
            return 0;
        }
        throw new IllegalArgumentException("cannot compare " + l + " with " + r);
    }

    @Override
    public String toString() {
        return source;
    }

    static Map<String, Long> constants() {
        return Map.of("OK", 0L, "INFO", 1L, "WARNING", 2L, "CRITICAL", 3L);
    }
}
