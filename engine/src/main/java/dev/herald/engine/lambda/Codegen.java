package dev.herald.engine.lambda;

import dev.herald.engine.PointTags;
import dev.herald.engine.tick.ast.Expr;
import dev.herald.engine.tick.ast.Operator;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.objectweb.asm.Opcodes.*;

/**
 * Compiles an expression, specialised for one assignment of reference types, to the bytecode of one hidden class: a
 * {@link Nodes.N} whose typed accessor is a single straight-line method doing what hand-written Java would do. It
 * reads each distinct reference once per evaluation ({@code fields().get(name)}, then {@code tags().get(name)} for a
 * string missing from the fields; a string the specialisation found in the tags is read from the tags alone when the
 * point's {@link PointTags} say no field shadows a tag), checks every reference's type up front (throwing
 * {@link GuardFailure} so the caller respecialises, exactly like the closure tree's guards), then evaluates on
 * primitives: unboxed arithmetic and comparisons, precompiled patterns and function implementations as constants of
 * the class data, string and math functions as direct calls.
 *
 * <p>Evaluation order and errors mirror {@link Compiler} (and so {@link Interpreter}): operands left to right, a
 * short-circuited operand is not evaluated, and a sub-expression that is certain to fail (a missing reference, a
 * type mismatch) is evaluated in the same order and raises the same exception. Anything not covered raises
 * {@link Unsupported} and the caller keeps the closure tree.
 */
final class Codegen {
    private static final String POINT = "dev/herald/engine/Point";
    private static final String POINT_TAGS = "dev/herald/engine/PointTags";
    private static final String POINT_ARG = "(L" + POINT + ";)";
    private static final String NODE = "dev/herald/engine/lambda/Nodes$N";
    private static final String TYPE = "dev/herald/engine/lambda/Type";
    private static final String OPS = "dev/herald/engine/lambda/Ops";
    private static final String FUNCTIONS = "dev/herald/engine/lambda/Functions";
    private static final String OPERATOR = "dev/herald/engine/tick/ast/Operator";
    private static final String MAP = "java/util/Map";
    private static final String OBJECT = "java/lang/Object";
    private static final String STRING = "java/lang/String";
    private static final String SELF = "dev/herald/engine/lambda/Specialised";
    private static final Handle CLASS_DATA_AT = new Handle(H_INVOKESTATIC, "java/lang/invoke/MethodHandles",
            "classDataAt", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)"
                    + "Ljava/lang/Object;", false);

    /** Math functions whose implementation is exactly the {@code java.lang.Math} method of the same name. */
    private static final Set<String> MATH_1 = Set.of("abs", "acos", "asin", "atan", "cbrt", "ceil", "cos", "cosh",
            "exp", "expm1", "floor", "log", "log10", "log1p", "sin", "sinh", "sqrt", "tan", "tanh");
    private static final Set<String> MATH_2 = Set.of("atan2", "hypot", "max", "min", "pow");
    /** String functions called directly (see {@link #directCall}). */
    private static final Set<String> STRING_DIRECT = Set.of("strContains", "strHasPrefix", "strHasSuffix", "strIndex",
            "strLastIndex", "strCount", "strLength", "strTrimSpace");

    /** The generator does not cover this specialisation; the closure tree is used instead. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private final Function<String, Type> refTypes;
    private final Predicate<String> tagRefs;
    private final List<Object> constants = new ArrayList<>();
    private final Map<String, Integer> slots = new HashMap<>();
    private MethodVisitor mv;
    private final Label guardFailed = new Label();

    private Codegen(Function<String, Type> refTypes, Predicate<String> tagRefs) {
        this.refTypes = refTypes;
        this.tagRefs = tagRefs;
    }

    /**
     * The generated specialisation, or null when not covered (or the class cannot be defined).
     *
     * @param refTypes the type of each reference
     * @param tagRefs  whether a reference of type string was found in the tags (not the fields)
     */
    static Nodes.N tryGenerate(Expr e, Function<String, Type> refTypes, Predicate<String> tagRefs) {
        try {
            return generate(e, refTypes, tagRefs);
        } catch (RuntimeException | LinkageError x) {
            return null;
        }
    }

    /** The generated specialisation. @throws Unsupported when the generator does not cover it */
    static Nodes.N generate(Expr e, Function<String, Type> refTypes, Predicate<String> tagRefs) {
        ClassFile c = classFile(e, refTypes, tagRefs);
        try {
            MethodHandles.Lookup l = Anchor.LOOKUP.defineHiddenClassWithClassData(c.bytes(), c.constants(), true,
                    MethodHandles.Lookup.ClassOption.NESTMATE);
            return (Nodes.N) l.findConstructor(l.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error x) {
            throw x;
        } catch (Throwable x) {
            throw new IllegalStateException("cannot define specialisation of " + e, x);
        }
    }

    /** The bytes of the hidden class and its class data. */
    record ClassFile(byte[] bytes, List<Object> constants) {
    }

    static ClassFile classFile(Expr e, Function<String, Type> refTypes, Predicate<String> tagRefs) {
        Type t = Typing.typeOf(e, refTypes);
        if (t == null) {
            throw new Unsupported("always fails");
        }
        Codegen g = new Codegen(refTypes, tagRefs);
        byte[] bytes = g.classBytes(e, t);
        return new ClassFile(bytes, List.copyOf(g.constants));
    }

    // ------------------------------------------------------------------ class layout

    private byte[] classBytes(Expr e, Type t) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return OBJECT; // never merged into a variable used at a narrower type
            }
        };
        cw.visit(V17, ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC, SELF, null, NODE, null);

        mv = cw.visitMethod(0, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETSTATIC, TYPE, t.name(), "L" + TYPE + ";");
        mv.visitMethodInsn(INVOKESPECIAL, NODE, "<init>", "(L" + TYPE + ";)V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        String accessor = accessor(t);
        String desc = POINT_ARG + desc(t);
        mv = cw.visitMethod(0, accessor, desc, null, null);
        mv.visitCode();
        prologue(e);
        Type got = emit(e);
        if (got != t) {
            throw new IllegalStateException("generated " + got + " for " + t + ": " + e);
        }
        mv.visitInsn(returnOp(t));
        mv.visitLabel(guardFailed);
        mv.visitFieldInsn(GETSTATIC, "dev/herald/engine/lambda/GuardFailure", "INSTANCE",
                "Ldev/herald/engine/lambda/GuardFailure;");
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        // the boxed accessor calls the typed one directly
        mv = cw.visitMethod(0, "o", POINT_ARG + "L" + OBJECT + ";", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitMethodInsn(INVOKEVIRTUAL, SELF, accessor, desc, false);
        box(t);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        cw.visitEnd();
        return cw.toByteArray();
    }

    private static String accessor(Type t) {
        switch (t) {
            case BOOL:
                return "b";
            case INT:
                return "i";
            case FLOAT:
                return "f";
            case STRING:
                return "s";
            case DURATION:
                return "d";
            case REGEX:
                return "r";
            case TIME:
                return "t";
            default:
                throw new Unsupported("type " + t);
        }
    }

    /** JVM descriptor of a value of type t: durations are long nanoseconds. */
    private static String desc(Type t) {
        switch (t) {
            case BOOL:
                return "Z";
            case INT:
            case DURATION:
                return "J";
            case FLOAT:
                return "D";
            case STRING:
                return "Ljava/lang/String;";
            case REGEX:
                return "Ljava/util/regex/Pattern;";
            case TIME:
                return "Ljava/time/Instant;";
            default:
                throw new Unsupported("type " + t);
        }
    }

    private static int returnOp(Type t) {
        switch (t) {
            case BOOL:
                return IRETURN;
            case INT:
            case DURATION:
                return LRETURN;
            case FLOAT:
                return DRETURN;
            default:
                return ARETURN;
        }
    }

    private static boolean wide(Type t) {
        return t == Type.INT || t == Type.FLOAT || t == Type.DURATION;
    }

    // ------------------------------------------------------------------ references

    private static void refNames(Expr e, Set<String> out) {
        if (e instanceof Expr.Lambda l) {
            refNames(l.expression(), out);
        } else if (e instanceof Expr.Reference r) {
            out.add(r.name());
        } else if (e instanceof Expr.Unary u) {
            refNames(u.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            refNames(b.left(), out);
            refNames(b.right(), out);
        } else if (e instanceof Expr.Call c) {
            c.args().forEach(a -> refNames(a, out));
        }
    }

    private Type refType(String name) {
        Type t = refTypes.apply(name);
        if (t == Type.TIME && !name.equals("time")) {
            throw new Unsupported("time value in field " + name);
        }
        return t;
    }

    /**
     * Reads and type-checks every reference once, into locals: slot 2 holds the fields, 3 the tags, 4 the value being
     * checked, 5 (when a string was found in the tags) the tags again if they are {@link PointTags} with no tag
     * shadowed by a field, else null, then one slot (pair) per reference. A value of another type than specialised
     * for jumps to the {@link GuardFailure}.
     */
    private void prologue(Expr e) {
        Set<String> names = new LinkedHashSet<>(); // in evaluation order
        refNames(e, names);
        int fields = 2;
        int tags = 3;
        int value = 4;
        int direct = 5;
        boolean anyTagRef = false;
        for (String name : names) {
            anyTagRef |= isTagRef(name);
        }
        int next = anyTagRef ? 6 : 5;
        mv.visitVarInsn(ALOAD, 1);
        mv.visitMethodInsn(INVOKEVIRTUAL, POINT, "fields", "()L" + MAP + ";", false);
        mv.visitVarInsn(ASTORE, fields);
        boolean tagsLoaded = false;
        for (String name : names) {
            Type t = refType(name);
            if (t == Type.TIME) {
                continue; // the point time, nothing to check
            }
            if ((t == Type.STRING || t == Type.MISSING) && !tagsLoaded) {
                mv.visitVarInsn(ALOAD, 1);
                mv.visitMethodInsn(INVOKEVIRTUAL, POINT, "tags", "()L" + MAP + ";", false);
                mv.visitVarInsn(ASTORE, tags);
                tagsLoaded = true;
                if (anyTagRef) {
                    directTags(tags, direct);
                }
            }
            if (isTagRef(name)) {
                // no field shadows a tag: the tag it was found in is the value, or it is absent (respecialise)
                Label slow = new Label();
                Label done = new Label();
                int slot = next++;
                slots.put(name, slot);
                mv.visitVarInsn(ALOAD, direct);
                mv.visitJumpInsn(IFNULL, slow);
                mv.visitVarInsn(ALOAD, direct);
                mv.visitLdcInsn(name);
                mv.visitMethodInsn(INVOKEVIRTUAL, POINT_TAGS, "get", "(L" + OBJECT + ";)L" + STRING + ";", false);
                mv.visitInsn(DUP);
                mv.visitVarInsn(ASTORE, slot);
                mv.visitJumpInsn(IFNULL, guardFailed);
                mv.visitJumpInsn(GOTO, done);
                mv.visitLabel(slow);
                // otherwise the field-first lookup
                mapCall(fields, name, "get", "L" + OBJECT + ";");
                mv.visitVarInsn(ASTORE, value);
                stringFieldThenTag(name, value, tags, slot, done);
                mv.visitLabel(done);
                continue;
            }
            if (t == Type.MISSING) {
                mapCall(fields, name, "containsKey", "Z");
                mv.visitJumpInsn(IFNE, guardFailed);
                mapCall(tags, name, "containsKey", "Z");
                mv.visitJumpInsn(IFNE, guardFailed);
                continue;
            }
            int slot = next;
            next += wide(t) ? 2 : 1;
            slots.put(name, slot);
            mapCall(fields, name, "get", "L" + OBJECT + ";");
            mv.visitVarInsn(ASTORE, value);
            Label done = new Label();
            switch (t) {
                case FLOAT:
                    unboxGuard(value, "java/lang/Double", "doubleValue", "D", -1, DSTORE, slot, done, false);
                    unboxGuard(value, "java/lang/Float", "floatValue", "F", F2D, DSTORE, slot, done, true);
                    break;
                case INT:
                    unboxGuard(value, "java/lang/Long", "longValue", "J", -1, LSTORE, slot, done, false);
                    unboxGuard(value, "java/lang/Integer", "intValue", "I", I2L, LSTORE, slot, done, true);
                    break;
                case BOOL:
                    unboxGuard(value, "java/lang/Boolean", "booleanValue", "Z", -1, ISTORE, slot, done, true);
                    break;
                case STRING:
                    stringFieldThenTag(name, value, tags, slot, done);
                    break;
                default:
                    throw new Unsupported(t + " value in field " + name);
            }
            mv.visitLabel(done);
        }
    }

    /** Whether name is a string reference the specialisation found in the tags (no field of that name). */
    private boolean isTagRef(String name) {
        return refType(name) == Type.STRING && tagRefs.test(name);
    }

    /** direct = tags instanceof PointTags pt &amp;&amp; !pt.shadowed() ? pt : null */
    private void directTags(int tags, int direct) {
        Label no = new Label();
        Label done = new Label();
        mv.visitVarInsn(ALOAD, tags);
        mv.visitTypeInsn(INSTANCEOF, POINT_TAGS);
        mv.visitJumpInsn(IFEQ, no);
        mv.visitVarInsn(ALOAD, tags);
        mv.visitTypeInsn(CHECKCAST, POINT_TAGS);
        mv.visitMethodInsn(INVOKEVIRTUAL, POINT_TAGS, "shadowed", "()Z", false);
        mv.visitJumpInsn(IFNE, no);
        mv.visitVarInsn(ALOAD, tags);
        mv.visitTypeInsn(CHECKCAST, POINT_TAGS);
        mv.visitVarInsn(ASTORE, direct);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(no);
        mv.visitInsn(ACONST_NULL);
        mv.visitVarInsn(ASTORE, direct);
        mv.visitLabel(done);
    }

    /**
     * The field-first lookup of a string, the field's value already in the value slot: the field if it is a string,
     * else (no such field) the tag, else a guard failure; stores it in slot and falls through (or jumps to done).
     */
    private void stringFieldThenTag(String name, int value, int tags, int slot, Label done) {
        Label notField = new Label();
        mv.visitVarInsn(ALOAD, value);
        mv.visitTypeInsn(INSTANCEOF, STRING);
        mv.visitJumpInsn(IFEQ, notField);
        mv.visitVarInsn(ALOAD, value);
        mv.visitTypeInsn(CHECKCAST, STRING);
        mv.visitVarInsn(ASTORE, slot);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(notField);
        mv.visitVarInsn(ALOAD, value);
        mv.visitJumpInsn(IFNONNULL, guardFailed);
        mapCall(tags, name, "get", "L" + OBJECT + ";");
        mv.visitVarInsn(ASTORE, value);
        mv.visitVarInsn(ALOAD, value);
        mv.visitTypeInsn(INSTANCEOF, STRING);
        mv.visitJumpInsn(IFEQ, guardFailed);
        mv.visitVarInsn(ALOAD, value);
        mv.visitTypeInsn(CHECKCAST, STRING);
        mv.visitVarInsn(ASTORE, slot);
    }

    private void mapCall(int map, String key, String method, String ret) {
        mv.visitVarInsn(ALOAD, map);
        mv.visitLdcInsn(key);
        mv.visitMethodInsn(INVOKEINTERFACE, MAP, method, "(L" + OBJECT + ";)" + ret, true);
    }

    /** if (value instanceof cls) { slot = ((cls) value).unbox() [convert]; goto done } [else guard failure] */
    private void unboxGuard(int value, String cls, String unbox, String unboxDesc, int convert, int store, int slot,
            Label done, boolean last) {
        Label no = new Label();
        mv.visitVarInsn(ALOAD, value);
        mv.visitTypeInsn(INSTANCEOF, cls);
        mv.visitJumpInsn(IFEQ, last ? guardFailed : no);
        mv.visitVarInsn(ALOAD, value);
        mv.visitTypeInsn(CHECKCAST, cls);
        mv.visitMethodInsn(INVOKEVIRTUAL, cls, unbox, "()" + unboxDesc, false);
        if (convert >= 0) {
            mv.visitInsn(convert);
        }
        mv.visitVarInsn(store, slot);
        if (!last) {
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(no);
        }
    }

    // ------------------------------------------------------------------ expressions

    /**
     * Emits code leaving the value of e on the stack and returns its type (as {@link Typing} computes it), or emits
     * code that always throws and returns null.
     */
    private Type emit(Expr e) {
        if (e instanceof Expr.Lambda l) {
            return emit(l.expression());
        }
        if (e instanceof Expr.IntLit i) {
            mv.visitLdcInsn(i.value());
            return Type.INT;
        }
        if (e instanceof Expr.FloatLit f) {
            mv.visitLdcInsn(f.value());
            return Type.FLOAT;
        }
        if (e instanceof Expr.StringLit s) {
            mv.visitLdcInsn(s.value());
            return Type.STRING;
        }
        if (e instanceof Expr.BoolLit b) {
            mv.visitInsn(b.value() ? ICONST_1 : ICONST_0);
            return Type.BOOL;
        }
        if (e instanceof Expr.DurationLit d) {
            mv.visitLdcInsn(d.nanos());
            return Type.DURATION;
        }
        if (e instanceof Expr.RegexLit r) {
            constant(Pattern.compile(r.pattern()), "Ljava/util/regex/Pattern;");
            return Type.REGEX;
        }
        if (e instanceof Expr.Reference r) {
            return reference(r.name());
        }
        if (jumps(e)) {
            return jumpsAsValue(e);
        }
        if (e instanceof Expr.Unary u) {
            return unary(u.op(), u.operand());
        }
        if (e instanceof Expr.Binary b) {
            if (b.op() == Operator.AND || b.op() == Operator.OR) {
                return logical(b.op(), b.left(), b.right());
            }
            return binary(b.op(), b.left(), b.right());
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        throw new Unsupported("expression " + e);
    }

    private Type typeOf(Expr e) {
        return Typing.typeOf(e, refTypes);
    }

    private Type reference(String name) {
        Type t = refType(name);
        switch (t) {
            case TIME:
                mv.visitVarInsn(ALOAD, 1);
                mv.visitMethodInsn(INVOKEVIRTUAL, POINT, "time", "()Ljava/time/Instant;", false);
                return t;
            case MISSING:
                mv.visitTypeInsn(NEW, "dev/herald/engine/lambda/MissingReferenceException");
                mv.visitInsn(DUP);
                mv.visitLdcInsn(name);
                mv.visitMethodInsn(INVOKESPECIAL, "dev/herald/engine/lambda/MissingReferenceException", "<init>",
                        "(L" + STRING + ";)V", false);
                mv.visitInsn(ATHROW);
                return null;
            default:
                int slot = slots.get(name);
                mv.visitVarInsn(t == Type.BOOL ? ILOAD : t == Type.INT ? LLOAD : t == Type.FLOAT ? DLOAD : ALOAD,
                        slot);
                return t;
        }
    }

    private Type unary(Operator op, Expr operand) {
        Type x = emit(operand);
        if (x == null) {
            return null;
        }
        Type t = Ops.unaryResult(op, x);
        if (t == null) {
            throwError(() -> Ops.unaryMismatch(op, x));
            return null;
        }
        if (op == Operator.NOT) {
            mv.visitInsn(ICONST_1);
            mv.visitInsn(IXOR);
        } else {
            mv.visitInsn(t == Type.FLOAT ? DNEG : LNEG);
        }
        return t;
    }

    private Type logical(Operator op, Expr left, Expr right) {
        Type lt = emit(left);
        if (lt == null) {
            return null;
        }
        if (lt != Type.BOOL) {
            // both evaluated for their errors, then the mismatch
            Type rt = emit(right);
            if (rt != null) {
                throwError(() -> Ops.mismatch(op, lt, rt));
            }
            return null;
        }
        boolean and = op == Operator.AND;
        Label shortCircuit = new Label();
        Label end = new Label();
        mv.visitJumpInsn(and ? IFEQ : IFNE, shortCircuit);
        Type rt = emit(right);
        if (rt == Type.BOOL) {
            mv.visitJumpInsn(GOTO, end);
        } else if (rt != null) {
            throwError(() -> Ops.mismatch(op, Type.BOOL, rt));
        }
        mv.visitLabel(shortCircuit);
        mv.visitInsn(and ? ICONST_0 : ICONST_1);
        mv.visitLabel(end);
        return Type.BOOL;
    }

    private Type binary(Operator op, Expr left, Expr right) {
        Type lt = emit(left);
        if (lt == null) {
            return null;
        }
        Type rt = typeOf(right);
        Type res = Ops.binaryResult(op, lt, rt);
        if (res == null) {
            // the right operand is evaluated for its errors, then the mismatch
            if (expect(emit(right), rt) != null) {
                throwError(() -> Ops.mismatch(op, lt, rt));
            }
            return null;
        }
        if (op == Operator.REGEX_EQ || op == Operator.REGEX_NE) {
            if (unwrap(right) instanceof Expr.RegexLit r) {
                constant(Pattern.compile(r.pattern()), "Ljava/util/regex/Pattern;");
            } else {
                expect(emit(right), rt);
            }
            mv.visitInsn(SWAP);
            mv.visitMethodInsn(INVOKESTATIC, OPS, "find", "(Ljava/util/regex/Pattern;Ljava/lang/String;)Z", false);
            if (op == Operator.REGEX_NE) {
                mv.visitInsn(ICONST_1);
                mv.visitInsn(IXOR);
            }
            return Type.BOOL;
        }
        if (op.isComparison()) {
            Label no = new Label();
            Label end = new Label();
            compareJump(op, lt, right, rt, false, no);
            mv.visitInsn(ICONST_1);
            mv.visitJumpInsn(GOTO, end);
            mv.visitLabel(no);
            mv.visitInsn(ICONST_0);
            mv.visitLabel(end);
            return Type.BOOL;
        }
        if (res == Type.STRING) {
            expect(emit(right), rt);
            mv.visitMethodInsn(INVOKEVIRTUAL, STRING, "concat", "(L" + STRING + ";)L" + STRING + ";", false);
            return res;
        }
        if (lt == Type.DURATION || rt == Type.DURATION) {
            durationMath(op, lt, right, rt);
            return res;
        }
        if (res == Type.INT) {
            expect(emit(right), rt);
            switch (op) {
                case PLUS:
                    mv.visitInsn(LADD);
                    break;
                case MINUS:
                    mv.visitInsn(LSUB);
                    break;
                case MULT:
                    mv.visitInsn(LMUL);
                    break;
                case DIV:
                    mv.visitMethodInsn(INVOKESTATIC, OPS, "div", "(JJ)J", false);
                    break;
                default:
                    mv.visitMethodInsn(INVOKESTATIC, OPS, "mod", "(JJ)J", false);
                    break;
            }
            return res;
        }
        toDouble(lt);
        emitDouble(right, rt);
        switch (op) {
            case PLUS:
                mv.visitInsn(DADD);
                break;
            case MINUS:
                mv.visitInsn(DSUB);
                break;
            case MULT:
                mv.visitInsn(DMUL);
                break;
            default:
                mv.visitInsn(DDIV);
                break;
        }
        return res;
    }

    private static Expr unwrap(Expr e) {
        return e instanceof Expr.Lambda l ? unwrap(l.expression()) : e;
    }

    /**
     * With the left operand (of type lt) on the stack, evaluates the right one and jumps to target when the
     * comparison's result is {@code when}.
     */
    private void compareJump(Operator op, Type lt, Expr right, Type rt, boolean when, Label target) {
        int jump;
        if (lt.isNumeric()) {
            if (lt == Type.INT && rt == Type.INT) {
                expect(emit(right), rt);
                mv.visitInsn(LCMP);
            } else {
                toDouble(lt);
                emitDouble(right, rt);
                // NaN compares false except with !=, as with Java's operators
                mv.visitInsn(op == Operator.LT || op == Operator.LE ? DCMPG : DCMPL);
            }
            jump = ifOp(op);
        } else {
            expect(emit(right), rt);
            switch (lt) {
                case DURATION:
                    mv.visitInsn(LCMP);
                    jump = ifOp(op);
                    break;
                case STRING:
                    if (op == Operator.EQ || op == Operator.NE) {
                        mv.visitMethodInsn(INVOKEVIRTUAL, STRING, "equals", "(L" + OBJECT + ";)Z", false);
                        jump = op == Operator.EQ ? IFNE : IFEQ;
                    } else {
                        mv.visitMethodInsn(INVOKEVIRTUAL, STRING, "compareTo", "(L" + STRING + ";)I", false);
                        jump = ifOp(op);
                    }
                    break;
                default: // bool == / !=
                    jump = op == Operator.EQ ? IF_ICMPEQ : IF_ICMPNE;
            }
        }
        mv.visitJumpInsn(when ? jump : negate(jump), target);
    }

    private static int negate(int jump) {
        switch (jump) {
            case IFEQ:
                return IFNE;
            case IFNE:
                return IFEQ;
            case IFLT:
                return IFGE;
            case IFGE:
                return IFLT;
            case IFGT:
                return IFLE;
            case IFLE:
                return IFGT;
            case IF_ICMPEQ:
                return IF_ICMPNE;
            default:
                return IF_ICMPEQ;
        }
    }

    private static int ifOp(Operator op) {
        switch (op) {
            case EQ:
                return IFEQ;
            case NE:
                return IFNE;
            case LT:
                return IFLT;
            case LE:
                return IFLE;
            case GT:
                return IFGT;
            default:
                return IFGE;
        }
    }

    /**
     * Whether e is a boolean expression compiled as jumps ({@link #branch}): a negation, or a comparison or logical
     * operator whose operands are certain to have the right types (no mismatch error to raise).
     */
    private boolean jumps(Expr e) {
        Expr u = unwrap(e);
        if (u instanceof Expr.Unary n) {
            return n.op() == Operator.NOT && typeOf(n.operand()) == Type.BOOL;
        }
        if (u instanceof Expr.Binary b && typeOf(b) == Type.BOOL) {
            Operator op = b.op();
            if (op == Operator.AND || op == Operator.OR) {
                return typeOf(b.right()) == Type.BOOL;
            }
            return op.isComparison() && op != Operator.REGEX_EQ && op != Operator.REGEX_NE;
        }
        return false;
    }

    /**
     * Emits code that jumps to target when the boolean expression e evaluates to {@code when} and falls through
     * otherwise (or always throws, when e does).
     */
    private void branch(Expr e, boolean when, Label target) {
        if (!jumps(e)) {
            Type t = emit(e);
            if (t != null) {
                expect(t, Type.BOOL);
                mv.visitJumpInsn(when ? IFNE : IFEQ, target);
            }
            return;
        }
        Expr u = unwrap(e);
        if (u instanceof Expr.Unary n) {
            branch(n.operand(), !when, target);
            return;
        }
        Expr.Binary b = (Expr.Binary) u;
        if (b.op() == Operator.AND || b.op() == Operator.OR) {
            boolean and = b.op() == Operator.AND;
            if (when != and) {
                // AND jumping when false, OR jumping when true: either operand decides
                branch(b.left(), when, target);
                branch(b.right(), when, target);
            } else {
                Label done = new Label();
                branch(b.left(), !when, done);
                branch(b.right(), when, target);
                mv.visitLabel(done);
            }
            return;
        }
        Type lt = expect(emit(b.left()), typeOf(b.left()));
        compareJump(b.op(), lt, b.right(), typeOf(b.right()), when, target);
    }

    /** A boolean expression compiled as jumps, as a value: 1 or 0. */
    private Type jumpsAsValue(Expr e) {
        Label no = new Label();
        Label end = new Label();
        branch(e, false, no);
        mv.visitInsn(ICONST_1);
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(no);
        mv.visitInsn(ICONST_0);
        mv.visitLabel(end);
        return Type.BOOL;
    }

    /** Evaluates e (of type t, numeric) as a double; an int literal becomes a double constant. */
    private void emitDouble(Expr e, Type t) {
        if (unwrap(e) instanceof Expr.IntLit i) {
            mv.visitLdcInsn((double) i.value());
            return;
        }
        toDouble(expect(emit(e), t));
    }

    private void toDouble(Type t) {
        if (t == Type.INT) {
            mv.visitInsn(L2D);
        }
    }

    /** Same evaluation order and conversions as {@code Compiler.durationMath}; the left operand is on the stack. */
    private void durationMath(Operator op, Type lt, Expr right, Type rt) {
        switch (op) {
            case PLUS:
                expect(emit(right), rt);
                mv.visitInsn(LADD);
                return;
            case MINUS:
                expect(emit(right), rt);
                mv.visitInsn(LSUB);
                return;
            case MULT: {
                Type num = lt == Type.DURATION ? rt : lt;
                if (num == Type.FLOAT) {
                    if (lt == Type.DURATION) {
                        mv.visitInsn(L2D);
                        expect(emit(right), rt);
                    } else {
                        expect(emit(right), rt);
                        mv.visitInsn(L2D);
                    }
                    mv.visitInsn(DMUL);
                    mv.visitInsn(D2L);
                } else {
                    expect(emit(right), rt);
                    mv.visitInsn(LMUL);
                }
                return;
            }
            default: // DIV, the left operand is a duration
                if (rt == Type.FLOAT) {
                    mv.visitInsn(L2D);
                    expect(emit(right), rt);
                    mv.visitInsn(DDIV);
                    mv.visitInsn(D2L);
                } else {
                    expect(emit(right), rt);
                    mv.visitMethodInsn(INVOKESTATIC, OPS, "div", "(JJ)J", false);
                }
        }
    }

    // ------------------------------------------------------------------ functions

    private Type call(Expr.Call c) {
        Functions.Fn fn = Functions.lookup(c.name());
        List<Expr> args = c.args();
        if (fn.kind() == Functions.Kind.IS_PRESENT) {
            // the reference was checked in the prologue
            Type t = refType(((Expr.Reference) unwrap(args.get(0))).name());
            mv.visitInsn(t == Type.MISSING ? ICONST_0 : ICONST_1);
            return Type.BOOL;
        }
        if (fn.kind() == Functions.Kind.IF) {
            return ifCall(args);
        }
        Type[] types = new Type[args.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = typeOf(args.get(i));
            if (types[i] == null) {
                // the arguments before it are evaluated for their errors, then this one fails
                for (int j = 0; j <= i; j++) {
                    expect(emit(args.get(j)), types[j]);
                }
                return null;
            }
        }
        Functions.Sig sig = Functions.match(fn, types);
        if (sig == null) {
            for (int j = 0; j < types.length; j++) {
                expect(emit(args.get(j)), types[j]);
            }
            Type[] ts = types.clone();
            throwError(() -> Functions.signatureError(fn, ts));
            return null;
        }
        if (fn.kind() == Functions.Kind.GENERIC) {
            return generic(fn, sig, args, types);
        }
        String name = fn.name();
        boolean direct = MATH_1.contains(name) || MATH_2.contains(name) || STRING_DIRECT.contains(name);
        String iface = null;
        if (!direct) {
            switch (fn.kind()) {
                case F_F -> iface = "java/util/function/DoubleUnaryOperator";
                case FF_F -> iface = "java/util/function/DoubleBinaryOperator";
                case SS_B -> iface = "java/util/function/BiPredicate";
                case SS_I -> iface = "java/util/function/ToLongBiFunction";
                case SS_S -> iface = "java/util/function/BiFunction";
                case S_S -> iface = "java/util/function/Function";
                case S_I -> iface = "java/util/function/ToLongFunction";
                default -> throw new Unsupported("function kind " + fn.kind());
            }
            constant(fn.impl(), "L" + iface + ";");
        }
        emitArgs(args, types, sig);
        if (direct) {
            directCall(name);
        } else {
            switch (fn.kind()) {
                case F_F -> mv.visitMethodInsn(INVOKEINTERFACE, iface, "applyAsDouble", "(D)D", true);
                case FF_F -> mv.visitMethodInsn(INVOKEINTERFACE, iface, "applyAsDouble", "(DD)D", true);
                case SS_B -> mv.visitMethodInsn(INVOKEINTERFACE, iface, "test", "(L" + OBJECT + ";L" + OBJECT
                        + ";)Z", true);
                case SS_I -> mv.visitMethodInsn(INVOKEINTERFACE, iface, "applyAsLong", "(L" + OBJECT + ";L"
                        + OBJECT + ";)J", true);
                case SS_S -> {
                    mv.visitMethodInsn(INVOKEINTERFACE, iface, "apply", "(L" + OBJECT + ";L" + OBJECT + ";)L"
                            + OBJECT + ";", true);
                    mv.visitTypeInsn(CHECKCAST, STRING);
                }
                case S_S -> {
                    mv.visitMethodInsn(INVOKEINTERFACE, iface, "apply", "(L" + OBJECT + ";)L" + OBJECT + ";", true);
                    mv.visitTypeInsn(CHECKCAST, STRING);
                }
                default -> mv.visitMethodInsn(INVOKEINTERFACE, iface, "applyAsLong", "(L" + OBJECT + ";)J", true);
            }
        }
        return sig.ret();
    }

    /** Evaluates the arguments in order, promoting ints passed as floats. */
    private void emitArgs(List<Expr> args, Type[] types, Functions.Sig sig) {
        for (int i = 0; i < types.length; i++) {
            expect(emit(args.get(i)), types[i]);
            if (sig.params().get(i) == Type.FLOAT) {
                toDouble(types[i]);
            }
        }
    }

    private void directCall(String name) {
        if (MATH_1.contains(name)) {
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", name, "(D)D", false);
            return;
        }
        if (MATH_2.contains(name)) {
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", name, "(DD)D", false);
            return;
        }
        String s = "L" + STRING + ";";
        switch (name) {
            case "strContains" -> mv.visitMethodInsn(INVOKEVIRTUAL, STRING, "contains", "(Ljava/lang/CharSequence;)Z",
                    false);
            case "strHasPrefix" -> mv.visitMethodInsn(INVOKEVIRTUAL, STRING, "startsWith", "(" + s + ")Z", false);
            case "strHasSuffix" -> mv.visitMethodInsn(INVOKEVIRTUAL, STRING, "endsWith", "(" + s + ")Z", false);
            case "strIndex" -> {
                mv.visitMethodInsn(INVOKEVIRTUAL, STRING, "indexOf", "(" + s + ")I", false);
                mv.visitInsn(I2L);
            }
            case "strLastIndex" -> {
                mv.visitMethodInsn(INVOKEVIRTUAL, STRING, "lastIndexOf", "(" + s + ")I", false);
                mv.visitInsn(I2L);
            }
            case "strCount" -> mv.visitMethodInsn(INVOKESTATIC, FUNCTIONS, "count", "(" + s + s + ")J", false);
            case "strLength" -> {
                mv.visitMethodInsn(INVOKEVIRTUAL, STRING, "length", "()I", false);
                mv.visitInsn(I2L);
            }
            case "strTrimSpace" -> mv.visitMethodInsn(INVOKEVIRTUAL, STRING, "strip", "()" + s, false);
            default -> throw new IllegalStateException(name);
        }
    }

    /** Conversions between primitives inline; everything else through {@link Functions#call} on boxed values. */
    private Type generic(Functions.Fn fn, Functions.Sig sig, List<Expr> args, Type[] types) {
        if (types.length == 1) {
            Type a = types[0];
            String name = fn.name();
            boolean same = name.equals("int") && a == Type.INT || name.equals("float") && a == Type.FLOAT
                    || name.equals("bool") && a == Type.BOOL || name.equals("string") && a == Type.STRING;
            int convert = name.equals("float") && a == Type.INT ? L2D : name.equals("float") && a == Type.BOOL ? I2D
                    : name.equals("int") && a == Type.FLOAT ? D2L : name.equals("int") && a == Type.BOOL ? I2L : -1;
            if (same || convert >= 0) {
                expect(emit(args.get(0)), a);
                if (convert >= 0) {
                    mv.visitInsn(convert);
                }
                return sig.ret();
            }
            if (name.equals("string") && (a == Type.INT || a == Type.BOOL)) {
                expect(emit(args.get(0)), a);
                mv.visitMethodInsn(INVOKESTATIC, STRING, "valueOf", "(" + desc(a) + ")L" + STRING + ";", false);
                return sig.ret();
            }
        }
        constant(fn, "L" + FUNCTIONS + "$Fn;");
        constant(sig, "L" + FUNCTIONS + "$Sig;");
        pushInt(types.length);
        mv.visitTypeInsn(ANEWARRAY, OBJECT);
        for (int i = 0; i < types.length; i++) {
            mv.visitInsn(DUP);
            pushInt(i);
            expect(emit(args.get(i)), types[i]);
            Type t = types[i];
            if (sig.params().get(i) == Type.FLOAT && t == Type.INT) {
                mv.visitInsn(L2D);
                t = Type.FLOAT;
            }
            box(t);
            mv.visitInsn(AASTORE);
        }
        mv.visitMethodInsn(INVOKESTATIC, FUNCTIONS, "call", "(L" + FUNCTIONS + "$Fn;L" + FUNCTIONS + "$Sig;[L"
                + OBJECT + ";)L" + OBJECT + ";", false);
        unbox(sig.ret());
        return sig.ret();
    }

    /** {@code if(c, a, b)}: the references of both branches were checked in the prologue, like the If node's guards. */
    private Type ifCall(List<Expr> args) {
        Type ct = typeOf(args.get(0));
        if (ct != Type.BOOL) {
            if (expect(emit(args.get(0)), ct) != null) {
                throwError(() -> Functions.callError("if",
                        "first argument to if must be a condition with type of bool - got " + ct));
            }
            return null;
        }
        Type at = typeOf(args.get(1));
        Type bt = typeOf(args.get(2));
        if (at != null && bt != null && at != bt) {
            expect(emit(args.get(0)), ct);
            throwError(() -> Interpreter.ifMismatch(at, bt));
            return null;
        }
        Label otherwise = new Label();
        Label end = new Label();
        branch(args.get(0), false, otherwise);
        expect(emit(args.get(1)), at);
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(otherwise);
        expect(emit(args.get(2)), bt);
        mv.visitLabel(end);
        return at != null ? at : bt;
    }

    // ------------------------------------------------------------------ helpers

    private static Type expect(Type got, Type want) {
        if (got != want) {
            throw new IllegalStateException("generated " + got + " where typing expects " + want);
        }
        return got;
    }

    /** Loads class data element as a constant of the given descriptor. */
    private void constant(Object value, String descriptor) {
        int index = constants.size();
        constants.add(value);
        mv.visitLdcInsn(new ConstantDynamic("_", descriptor, CLASS_DATA_AT, index));
    }

    private void throwError(Supplier<LambdaException> error) {
        constant(error, "Ljava/util/function/Supplier;");
        mv.visitMethodInsn(INVOKEINTERFACE, "java/util/function/Supplier", "get", "()L" + OBJECT + ";", true);
        mv.visitTypeInsn(CHECKCAST, "java/lang/RuntimeException");
        mv.visitInsn(ATHROW);
    }

    private void pushInt(int i) {
        if (i <= 5) {
            mv.visitInsn(ICONST_0 + i);
        } else {
            mv.visitIntInsn(BIPUSH, i);
        }
    }

    private void box(Type t) {
        switch (t) {
            case BOOL -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Boolean", "valueOf", "(Z)Ljava/lang/Boolean;",
                    false);
            case INT -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "valueOf", "(J)Ljava/lang/Long;", false);
            case FLOAT -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "valueOf", "(D)Ljava/lang/Double;",
                    false);
            case DURATION -> mv.visitMethodInsn(INVOKESTATIC, "java/time/Duration", "ofNanos",
                    "(J)Ljava/time/Duration;", false);
            default -> {
                // references already
            }
        }
    }

    private void unbox(Type t) {
        switch (t) {
            case BOOL -> {
                mv.visitTypeInsn(CHECKCAST, "java/lang/Boolean");
                mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Boolean", "booleanValue", "()Z", false);
            }
            case INT -> {
                mv.visitTypeInsn(CHECKCAST, "java/lang/Long");
                mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Long", "longValue", "()J", false);
            }
            case FLOAT -> {
                mv.visitTypeInsn(CHECKCAST, "java/lang/Double");
                mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Double", "doubleValue", "()D", false);
            }
            case DURATION -> mv.visitMethodInsn(INVOKESTATIC, OPS, "nanos", "(L" + OBJECT + ";)J", false);
            case STRING -> mv.visitTypeInsn(CHECKCAST, STRING);
            case REGEX -> mv.visitTypeInsn(CHECKCAST, "java/util/regex/Pattern");
            default -> mv.visitTypeInsn(CHECKCAST, "java/time/Instant");
        }
    }
}
