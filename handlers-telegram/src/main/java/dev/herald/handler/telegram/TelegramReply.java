package dev.herald.handler.telegram;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.core.handler.HandlerResult;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.json.GoJson;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;

/**
 * Judges Telegram's reply to {@code sendMessage}: HTTP 200 is delivered unless the body says {@code "ok":false};
 * any other status is a failure whose reason is Kapacitor's text, decoded from Telegram's error object
 * {@code {"ok":false,"error_code":…,"description":…}} the way Go's {@code json.Unmarshal} decodes it into
 * Kapacitor's {@code response} struct.
 */
final class TelegramReply {
    static final String SERVICE = "Telegram";
    private static final int MAX_BODY_IN_REASON = 512;

    private TelegramReply() {
    }

    /** The handler result for a reply with {@code status}, {@code headers} and {@code body}. */
    static HandlerResult judge(int status, HttpHeaders headers, String body) {
        String text = body == null ? "" : body;
        Decoded decoded;
        try {
            decoded = decode(text);
        } catch (RuntimeException e) {
            decoded = Decoded.failure("cannot decode response: " + e.getClass().getSimpleName());
        }
        if (status == 200) {
            // Kapacitor never looks at a 200's body. Telegram says "ok":false only for a request it did not carry
            // out, so that is a failure here; a 200 we cannot read is still taken as delivered.
            if (decoded.error() == null && decoded.okPresent() && !decoded.ok()) {
                return HandlerResult.permanent(decoded.reason(status, text));
            }
            return HandlerResult.delivered();
        }
        HandlerResult result = HttpDelivery.fromStatus(status, headers, decoded.reason(status, text));
        if (result instanceof HandlerResult.Failed failed && failed.retryable() && failed.retryAfter().isEmpty()
                && decoded.retryAfterSeconds() >= 0) {
            // Telegram's 429 says how long to wait in parameters.retry_after as well as (or instead of) the header.
            return HandlerResult.retryable(failed.reason(), Duration.ofSeconds(decoded.retryAfterSeconds()));
        }
        return result;
    }

    /**
     * What Go's {@code json.Unmarshal(body, &response{})} yields: the fields, or the error text it returns.
     *
     * @param error             Go's error text, or null when decoding succeeded
     * @param okPresent         whether the object had an {@code ok} boolean
     * @param retryAfterSeconds {@code parameters.retry_after}, or -1
     */
    record Decoded(String description, long errorCode, boolean ok, boolean okPresent, long retryAfterSeconds,
            String error) {

        static Decoded failure(String error) {
            return new Decoded("", 0, false, false, -1, error);
        }

        /** Kapacitor's error text for a reply with this body. */
        String reason(int status, String body) {
            if (error != null) {
                return "failed to understand Telegram response (err: " + error + "). code: " + status
                        + " content: " + abbreviate(body);
            }
            return "sendMessage error (" + errorCode + ") description: " + description;
        }
    }

    static Decoded decode(String body) {
        String syntax = syntaxError(body);
        if (syntax != null) {
            return Decoded.failure(syntax);
        }
        try (JsonParser parser = GoJson.mapper().getFactory().createParser(body)) {
            JsonToken root = parser.nextToken();
            if (root == JsonToken.VALUE_NULL) {
                return new Decoded("", 0, false, false, -1, null);
            }
            if (root != JsonToken.START_OBJECT) {
                return Decoded.failure("json: cannot unmarshal " + kind(root)
                        + " into Go value of type telegram.response");
            }
            String description = "";
            long errorCode = 0;
            boolean ok = false;
            boolean okPresent = false;
            long retryAfter = -1;
            String firstError = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                String mismatch = null;
                if (name.equalsIgnoreCase("description")) {
                    if (value == JsonToken.VALUE_STRING) {
                        description = parser.getText();
                    } else if (value != JsonToken.VALUE_NULL) {
                        mismatch = fieldError(kind(value), "description", "string");
                    }
                } else if (name.equalsIgnoreCase("error_code")) {
                    if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        errorCode = parser.getLongValue();
                    } else if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                        mismatch = fieldError("number " + parser.getText(), "error_code", "int");
                    } else if (value != JsonToken.VALUE_NULL) {
                        mismatch = fieldError(kind(value), "error_code", "int");
                    }
                } else if (name.equalsIgnoreCase("ok")) {
                    if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                        ok = value == JsonToken.VALUE_TRUE;
                        okPresent = true;
                    } else if (value != JsonToken.VALUE_NULL) {
                        mismatch = fieldError(kind(value), "ok", "bool");
                    }
                } else if (name.equals("parameters") && value == JsonToken.START_OBJECT) {
                    retryAfter = retryAfter(parser, retryAfter);
                    continue;
                }
                if (mismatch != null && firstError == null) {
                    firstError = mismatch;
                }
                parser.skipChildren();
            }
            return new Decoded(description, errorCode, ok, okPresent, retryAfter, firstError);
        } catch (IOException e) {
            return Decoded.failure("invalid JSON");
        }
    }

    /** Reads {@code retry_after} from the {@code parameters} object the parser is at the start of. */
    private static long retryAfter(JsonParser parser, long current) throws IOException {
        long found = current;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("retry_after") && value == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() >= 0) {
                found = parser.getLongValue();
            }
            parser.skipChildren();
        }
        return found;
    }

    private static String fieldError(String value, String field, String goType) {
        return "json: cannot unmarshal " + value + " into Go struct field response." + field + " of type " + goType;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            default -> "value";
        };
    }

    /**
     * Go's syntax error for {@code body}, or null when it is one well-formed JSON value. The common cases read as
     * Go writes them (empty or truncated input, a body that is not JSON at all, trailing data); a fault deeper
     * inside a document is described more briefly.
     */
    static String syntaxError(String body) {
        int first = skipSpace(body, 0);
        if (first == body.length()) {
            return "unexpected end of JSON input";
        }
        char c = body.charAt(first);
        if (!startsValue(c)) {
            return "invalid character " + quoteChar(c) + " looking for beginning of value";
        }
        if (c == 't' || c == 'f' || c == 'n') {
            String literal = c == 't' ? "true" : c == 'f' ? "false" : "null";
            for (int i = 1; i < literal.length(); i++) {
                if (first + i >= body.length()) {
                    return "unexpected end of JSON input";
                }
                if (body.charAt(first + i) != literal.charAt(i)) {
                    return "invalid character " + quoteChar(body.charAt(first + i)) + " in literal " + literal
                            + " (expecting " + quoteChar(literal.charAt(i)) + ")";
                }
            }
            return trailing(body, first + literal.length());
        }
        try (JsonParser parser = GoJson.mapper().getFactory().createParser(body)) {
            parser.nextToken();
            parser.skipChildren();
            return trailing(body, (int) Math.max(parser.currentLocation().getCharOffset(), 0));
        } catch (JsonEOFException e) {
            return "unexpected end of JSON input";
        } catch (IOException e) {
            return "invalid JSON";
        }
    }

    private static String trailing(String body, int end) {
        int next = skipSpace(body, end);
        return next < body.length()
                ? "invalid character " + quoteChar(body.charAt(next)) + " after top-level value" : null;
    }

    private static boolean startsValue(char c) {
        return c == '{' || c == '[' || c == '"' || c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f'
                || c == 'n';
    }

    private static int skipSpace(String s, int from) {
        int i = from;
        // Go's JSON whitespace: space, tab, CR, LF.
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r'
                || s.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }

    /** Go's {@code quoteChar}: {@code 'x'}, with quote, backslash and control characters escaped. */
    static String quoteChar(char c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        return switch (c) {
            case '\\' -> "'\\\\'";
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            case '\t' -> "'\\t'";
            default -> c < 0x20 || c == 0x7f ? String.format("'\\x%02x'", (int) c) : "'" + c + "'";
        };
    }

    private static String abbreviate(String body) {
        return body.length() <= MAX_BODY_IN_REASON ? body : body.substring(0, MAX_BODY_IN_REASON) + "...";
    }
}
