package dev.herald.core.template;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds, once per (class, field name), the accessor that {@code .Name} uses on a Java object, and caches it as a
 * {@link MethodHandle} of type {@code (Object)Object}.
 *
 * <p>Records: the component whose name matches exactly, else case-insensitively. Other classes: a public
 * no-argument non-void method of that name (exactly, else case-insensitively), else a bean getter
 * {@code getName}/{@code isName}.
 */
final class Accessors {

    /** Cached "no such accessor". */
    private static final MethodHandle MISSING = MethodHandles.constant(Object.class, null);

    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

    private static final ClassValue<Map<String, MethodHandle>> CACHE = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Accessors() {
    }

    /** The accessor, or null when the class has none of that name. */
    static MethodHandle find(Class<?> type, String name) {
        Map<String, MethodHandle> byName = CACHE.get(type);
        MethodHandle handle = byName.get(name);
        if (handle == null) {
            handle = byName.computeIfAbsent(name, n -> {
                MethodHandle found = lookup(type, n);
                return found == null ? MISSING : found;
            });
        }
        return handle == MISSING ? null : handle;
    }

    private static MethodHandle lookup(Class<?> type, String name) {
        Method method = null;
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent c : components) {
                if (c.getName().equals(name)) {
                    method = c.getAccessor();
                    break;
                }
            }
            if (method == null) {
                for (RecordComponent c : components) {
                    if (c.getName().equalsIgnoreCase(name)) {
                        method = c.getAccessor();
                        break;
                    }
                }
            }
        }
        if (method == null) {
            method = publicGetter(type, name);
        }
        if (method == null) {
            method = publicGetter(type, "get" + name);
        }
        if (method == null) {
            method = publicGetter(type, "is" + name);
        }
        if (method == null) {
            return null;
        }
        return unreflect(type, method);
    }

    private static Method publicGetter(Class<?> type, String name) {
        Method insensitive = null;
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || m.getReturnType() == void.class
                    || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            if (m.getName().equals(name)) {
                return m;
            }
            if (insensitive == null && m.getName().equalsIgnoreCase(name)) {
                insensitive = m;
            }
        }
        return insensitive;
    }

    private static MethodHandle unreflect(Class<?> type, Method method) {
        MethodHandle handle = null;
        Method accessible = accessibleVersion(type, method);
        if (accessible != null) {
            try {
                handle = MethodHandles.publicLookup().unreflect(accessible);
            } catch (IllegalAccessException e) {
                handle = null;
            }
        }
        if (handle == null) {
            // A non-public class (e.g. a package-private record): open the method itself.
            if (!method.trySetAccessible()) {
                return null;
            }
            try {
                handle = MethodHandles.lookup().unreflect(method);
            } catch (IllegalAccessException e) {
                return null;
            }
        }
        return handle.asType(GETTER);
    }

    /** The method as declared by a public class or interface, so that the public lookup may call it. */
    private static Method accessibleVersion(Class<?> type, Method method) {
        if (isPublic(method.getDeclaringClass())) {
            return method;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Method m = declaredIn(c, method);
            if (m != null) {
                return m;
            }
            for (Class<?> i : c.getInterfaces()) {
                m = declaredInInterface(i, method);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    private static Method declaredInInterface(Class<?> iface, Method method) {
        Method m = declaredIn(iface, method);
        if (m != null) {
            return m;
        }
        for (Class<?> parent : iface.getInterfaces()) {
            m = declaredInInterface(parent, method);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    private static Method declaredIn(Class<?> c, Method method) {
        if (!isPublic(c)) {
            return null;
        }
        try {
            return c.getMethod(method.getName());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static boolean isPublic(Class<?> c) {
        if (!Modifier.isPublic(c.getModifiers())) {
            return false;
        }
        Module module = c.getModule();
        Package pkg = c.getPackage();
        if (pkg != null && !module.isExported(pkg.getName())) {
            return false;
        }
        Class<?> enclosing = c.getEnclosingClass();
        return enclosing == null || isPublic(enclosing);
    }
}
