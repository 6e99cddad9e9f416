package dev.herald.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Matches a method and path to an endpoint. Patterns are literal segments and {@code {name}} segments matching one
 * non-empty path segment; a trailing {@code /} in a pattern is significant, as in Kapacitor's config API.
 */
final class Router {

    /** An endpoint. */
    @FunctionalInterface
    interface Endpoint {
        Reply handle(Request request) throws Exception;
    }

    private record Route(String method, String[] segments, boolean trailingSlash, Endpoint endpoint) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Endpoint endpoint) {
        routes.add(new Route(method, split(pattern), pattern.length() > 1 && pattern.endsWith("/"), endpoint));
        return this;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    /** The reply of the matching endpoint; 404 when no route matches the path, 405 when only the method is wrong. */
    Reply dispatch(Request request) throws Exception {
        String[] path = split(request.path());
        boolean trailing = request.path().length() > 1 && request.path().endsWith("/");
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> params = match(route, path, trailing);
            if (params == null) {
                continue;
            }
            if (route.method().equals(request.method())
                    || (request.method().equals("HEAD") && route.method().equals("GET"))) {
                return route.endpoint().handle(request.withParams(params));
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            return Reply.error(405, "method " + request.method() + " not allowed on " + request.path()
                    + "; allowed: " + String.join(", ", allowed)).withHeader("Allow", String.join(", ", allowed));
        }
        return Reply.error(404, "no such endpoint: " + request.method() + " " + request.path());
    }

    private static Map<String, String> match(Route route, String[] path, boolean trailing) {
        if (route.segments().length != path.length || route.trailingSlash() != trailing) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < path.length; i++) {
            String pattern = route.segments()[i];
            if (pattern.startsWith("{") && pattern.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(pattern.substring(1, pattern.length() - 1), path[i]);
            } else if (!pattern.equals(path[i])) {
                return null;
            }
        }
        return params;
    }
}
