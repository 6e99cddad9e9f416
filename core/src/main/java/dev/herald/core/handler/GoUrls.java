package dev.herald.core.handler;

import dev.herald.core.Api;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Go's URL path handling as Kapacitor's handlers use it to build request URLs ({@code path.Join},
 * {@code path.Clean}, and the escaping {@code url.URL.String()} applies to a path and {@code url.QueryEscape} to
 * a query value), so that a handler sends byte-for-byte the URL Kapacitor sends.
 */
@Api(status = Api.Status.INTERNAL)
public final class GoUrls {
    private GoUrls() {
    }

    /** Go's {@code path.Join}: the non-empty elements joined by {@code /}, then cleaned; {@code ""} when none. */
    public static String joinPath(String... elements) {
        StringBuilder joined = new StringBuilder();
        for (String element : elements) {
            if (element.isEmpty()) {
                continue;
            }
            if (joined.length() > 0) {
                joined.append('/');
            }
            joined.append(element);
        }
        return joined.length() == 0 ? "" : cleanPath(joined.toString());
    }

    /** Go's {@code path.Clean}: collapse slashes, drop {@code .}, resolve {@code ..}, no trailing slash. */
    public static String cleanPath(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty() && !segments.peekLast().equals("..")) {
                    segments.removeLast();
                } else if (!rooted) {
                    segments.addLast("..");
                }
                continue;
            }
            segments.addLast(segment);
        }
        String cleaned = (rooted ? "/" : "") + String.join("/", segments);
        return cleaned.isEmpty() ? "." : cleaned;
    }

    /** Go's path escaping: unreserved characters and {@code $&+,/:;=@} stay, everything else is {@code %XX}. */
    public static String escapePath(String path) {
        return escape(path, "-_.~$&+,/:;=@", false);
    }

    /** Go's {@code url.QueryEscape}: unreserved characters stay, space becomes {@code +}, the rest {@code %XX}. */
    public static String escapeQuery(String text) {
        return escape(text, "-_.~", true);
    }

    private static String escape(String text, String keep, boolean spaceAsPlus) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || keep.indexOf(c) >= 0) {
                out.append((char) c);
            } else if (c == ' ' && spaceAsPlus) {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
