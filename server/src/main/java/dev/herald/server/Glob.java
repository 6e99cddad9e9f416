package dev.herald.server;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Go's {@code path.Match} patterns as Kapacitor's {@code pattern} query parameters use them: * ? [...]. */
final class Glob {
    private Glob() {
    }

    /** Whether {@code text} matches {@code pattern}; an empty pattern matches everything. */
    static boolean matches(String pattern, String text) {
        if (pattern == null || pattern.isEmpty()) {
            return true;
        }
        return compile(pattern).matcher(text).matches();
    }

    /** @throws ApiException 400 when the pattern is malformed */
    static Pattern compile(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        throw ApiException.badRequest("invalid pattern \"" + pattern + "\": unclosed [");
                    }
                    String cls = pattern.substring(i + 1, end);
                    if (cls.startsWith("^")) {
                        cls = "^" + Pattern.quote(cls.substring(1)).replace("\\Q", "").replace("\\E", "");
                    }
                    re.append('[').append(cls).append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString());
        } catch (PatternSyntaxException e) {
            throw ApiException.badRequest("invalid pattern \"" + pattern + "\": " + e.getDescription());
        }
    }
}
