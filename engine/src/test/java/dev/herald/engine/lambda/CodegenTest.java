package dev.herald.engine.lambda;

import dev.herald.engine.Point;
import dev.herald.engine.PointTags;
import dev.herald.engine.tick.Tickscript;
import dev.herald.engine.tick.ast.Expr;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bytecode specialisations: what they read, when they are used, and the fallbacks. */
class CodegenTest {
    private static Point point(Map<String, String> tags, Map<String, Object> fields) {
        return new Point("db", "rp", "cpu", tags, fields, Instant.parse("2024-03-09T13:45:30Z"));
    }

    private static final Point CPU = point(Map.of("host", "web01", "cpu", "cpu-total"),
            Map.of("usage_idle", 5.0, "load", 1.0, "path", "/api/v1/write"));

    private static Expr parse(String src) {
        Expr e = Tickscript.parseLambda(src);
        return e instanceof Expr.Lambda l ? l.expression() : e;
    }

    /**
     * The map calls ("get"/"containsKey" with their constant key) made by the generated class for p's
     * specialisation, in code order; "tags get" is the direct read of {@link PointTags}.
     */
    private static List<String> mapCalls(String src, Point p) {
        Codegen.ClassFile c = Codegen.classFile(parse(src), name -> Interpreter.refType(p, name),
                name -> CompiledLambda.isTag(p, name));
        List<String> calls = new ArrayList<>();
        new ClassReader(c.bytes()).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    private Object lastConstant;

                    @Override
                    public void visitLdcInsn(Object value) {
                        lastConstant = value;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (owner.equals("java/util/Map")) {
                            calls.add(method + " " + lastConstant);
                        } else if (owner.equals("dev/herald/engine/PointTags") && method.equals("get")) {
                            calls.add("tags get " + lastConstant);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }

    @Test
    void benchmarkExpressionsAreGeneratedAndReadEachReferenceOnce() {
        for (String src : List.of("\"usage_idle\" < 10",
                "\"usage_idle\" < 10 AND \"host\" =~ /^web/ OR \"load\" > 2.5",
                "strContains(\"path\", 'api') AND strLength(\"path\") > 3")) {
            CompiledLambda l = LambdaCompiler.compilePredicate(src);
            assertTrue(l.specialisation(CPU).getClass().isHidden(), src);
            assertEquals(LambdaCompiler.interpret(parse(src), CPU), l.test(CPU), src);
        }
        assertEquals(List.of("get usage_idle"), mapCalls("\"usage_idle\" < 10 OR \"usage_idle\" > 90", CPU));
        // a string found in the tags is read from them alone when no field shadows a tag; else (second and third
        // call sites) in the tags only after the field lookup misses
        assertEquals(List.of("get usage_idle", "tags get host", "get host", "get host", "get load"),
                mapCalls("\"usage_idle\" < 10 AND \"host\" =~ /^web/ OR \"load\" > 2.5", CPU));
        assertEquals(List.of("get path", "get path"),
                mapCalls("strContains(\"path\", 'api') AND strLength(\"path\") > 3 AND \"path\" != ''", CPU));
        // absent: checked for presence in both
        assertEquals(List.of("containsKey nope", "containsKey nope"), mapCalls("isPresent(\"nope\")", CPU));
    }

    @Test
    void fieldWinsOverTagAndTagsAreReadWhenNoField() {
        Point both = point(Map.of("x", "tag"), Map.of("x", 1.0));
        Point tagOnly = point(Map.of("x", "tag"), Map.of());
        CompiledLambda l = LambdaCompiler.compile("\"x\"");
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, l.eval(both));
            assertEquals("tag", l.eval(tagOnly));
        }
        LambdaException e = assertThrows(LambdaException.class,
                () -> LambdaCompiler.compile("\"x\" =~ /tag/").test(both));
        assertEquals("mismatched type to binary operator. got float =~ regex. see bool(), int(), float(), string(), "
                + "duration()", e.getMessage());
        assertTrue(LambdaCompiler.compile("\"x\" =~ /tag/").test(tagOnly));
    }

    @Test
    void tagsAreReadDirectlyUnlessAFieldShadowsATag() {
        String src = "\"host\" =~ /^web/ AND \"load\" > 1.5";
        Expr e = parse(src);
        Point plain = point(Map.of("host", "web01", "cpu", "cpu0"), Map.of("load", 2.0));
        // another tag shadowed: the point's tags are not read directly, "host" is still the tag
        Point otherShadowed = point(Map.of("host", "web01", "load", "tag"), Map.of("load", 2.0));
        // "host" itself shadowed by a field: the field wins
        Point hostField = point(Map.of("host", "web01"), Map.of("host", "db1", "load", 2.0));
        Point hostFieldNumber = point(Map.of("host", "web01"), Map.of("host", 1.0, "load", 2.0));
        // no tag: a field alone, or nothing
        Point fieldOnly = point(Map.of("cpu", "cpu0"), Map.of("host", "web3", "load", 2.0));
        Point noHost = point(Map.of("cpu", "cpu0"), Map.of("load", 2.0));
        assertFalse(((PointTags) plain.tags()).shadowed());
        assertTrue(((PointTags) otherShadowed.tags()).shadowed());
        assertTrue(((PointTags) hostField.tags()).shadowed());
        assertFalse(((PointTags) fieldOnly.tags()).shadowed());

        CompiledLambda l = LambdaCompiler.compilePredicate(src);
        Nodes.N tagSpec = l.specialisation(plain);
        assertTrue(tagSpec.getClass().isHidden());
        assertSame(tagSpec, l.specialisation(otherShadowed)); // same types, "host" found in the tags
        assertNotSame(tagSpec, l.specialisation(hostField)); // a string field: another specialisation
        assertNotSame(tagSpec, l.specialisation(fieldOnly));
        assertEquals(Boolean.TRUE, tagSpec.o(plain));
        assertEquals(Boolean.TRUE, tagSpec.o(otherShadowed));
        // the slow path gives the field, as the language says; a number is another specialisation
        assertEquals(Boolean.FALSE, tagSpec.o(hostField));
        assertThrows(GuardFailure.class, () -> tagSpec.o(hostFieldNumber));
        // the direct read misses: respecialise (to the field, or to a missing reference)
        assertThrows(GuardFailure.class, () -> tagSpec.o(fieldOnly));
        assertThrows(GuardFailure.class, () -> tagSpec.o(noHost));

        List<Point> points = List.of(plain, otherShadowed, hostField, hostFieldNumber, fieldOnly, noHost);
        for (int round = 0; round < 3; round++) {
            for (Point p : points) {
                Object want;
                try {
                    want = LambdaCompiler.interpret(e, p);
                } catch (LambdaException x) {
                    want = x.getClass().getSimpleName() + ": " + x.getMessage();
                }
                Object got;
                try {
                    got = l.test(p);
                } catch (LambdaException x) {
                    got = x.getClass().getSimpleName() + ": " + x.getMessage();
                }
                assertEquals(want, got, p.toString());
            }
        }
        assertTrue(l.test(plain));
        assertFalse(l.test(hostField));
        assertTrue(l.test(fieldOnly));
        assertThrows(MissingReferenceException.class, () -> l.test(noHost));
    }

    @Test
    void specialisationsAreCachedPerTypeCombination() {
        CompiledLambda l = LambdaCompiler.compile("\"v\" * 2");
        Point f = point(Map.of(), Map.of("v", 1.5));
        Point i = point(Map.of(), Map.of("v", 2L));
        Point boxedInt = point(Map.of(), Map.of("v", 2)); // Integer: read as int
        Point single = point(Map.of(), Map.of("v", 1.5f)); // Float: read as float
        Point missing = point(Map.of(), Map.of());
        Nodes.N forFloat = l.specialisation(f);
        Nodes.N forInt = l.specialisation(i);
        assertNotSame(forFloat, forInt);
        assertSame(forFloat, l.specialisation(single));
        assertSame(forInt, l.specialisation(boxedInt));
        for (int k = 0; k < 3; k++) {
            assertEquals(3.0, l.eval(f));
            assertEquals(4L, l.eval(i));
            assertEquals(4L, l.eval(boxedInt));
            assertEquals(3.0, l.eval(single));
            assertEquals(4.0, l.evalDouble(i));
            assertThrows(MissingReferenceException.class, () -> l.eval(missing));
        }
        // a guard failure on the current specialisation switches to the cached one
        assertThrows(GuardFailure.class, () -> forFloat.o(i));
    }

    @Test
    void valuesOutsideTheLanguageFallBackToTheInterpreter() {
        Point odd = point(Map.of(), Map.of("d", Duration.ofSeconds(5), "n", 1.0));
        CompiledLambda l = LambdaCompiler.compile("\"n\" > 0 AND isPresent(\"d\")");
        assertFalse(l.specialisation(odd).getClass().isHidden()); // the closure tree
        assertEquals(LambdaCompiler.interpret(parse("\"n\" > 0 AND isPresent(\"d\")"), odd), l.eval(odd));
        assertTrue(l.test(odd));
        // and back to the generated code for ordinary points
        assertFalse(l.test(point(Map.of(), Map.of("n", -1.0, "d", 2L))));
    }

    @Test
    void errorsKeepEvaluationOrder() {
        Point p = point(Map.of("host", "web01"), Map.of("n", 4L, "z", 0L));
        // the division by zero on the left comes before the missing reference on the right
        LambdaException e = assertThrows(LambdaException.class,
                () -> LambdaCompiler.compile("\"n\" / \"z\" > 1 OR \"nope\" > 1").test(p));
        assertEquals("integer division by zero", e.getMessage());
        e = assertThrows(MissingReferenceException.class,
                () -> LambdaCompiler.compile("\"n\" / 2 > 1 AND \"nope\" > 1").test(p));
        assertEquals("no field or tag exists for nope", e.getMessage());
        // short circuit skips the failing operand
        assertTrue(LambdaCompiler.compile("\"n\" > 1 OR \"nope\" > 1").test(p));
        assertEquals(2L, LambdaCompiler.compile("if(\"n\" > 1, 2, \"nope\")").eval(p));
        e = assertThrows(LambdaException.class, () -> LambdaCompiler.compile("if(\"n\" > 1, 2, \"host\")").eval(p));
        assertEquals("error calling \"if\": Different return types are not supported - second argument is int and "
                + "third argument is string", e.getMessage());
    }
}
