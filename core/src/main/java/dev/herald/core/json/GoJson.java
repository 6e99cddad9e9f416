package dev.herald.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.herald.core.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes JSON byte-for-byte as Go's {@code encoding/json} does, so that request bodies equal Kapacitor's.
 *
 * <p>What that means: compact output; {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped as
 * {@code \u003c} etc.; other non-ASCII written raw; floats in shortest form ({@code 1.0} as {@code 1},
 * {@code 1e21} as {@code 1e+21}, {@code 1e-7} as {@code 1e-7}); {@link Instant} as RFC 3339 with trailing
 * zero fraction digits dropped; {@link Duration} as integer nanoseconds. Map keys come out in iteration order:
 * pass a {@link java.util.TreeMap} where Kapacitor encodes a Go map (sorted keys) and a
 * {@link java.util.LinkedHashMap} where it encodes a struct (declaration order).
 */
@Api(status = Api.Status.INTERNAL)
public final class GoJson {

    private static final ObjectMapper MAPPER = createMapper();

    private GoJson() {
    }

    /** The configured mapper; reuse it for trees ({@code JsonNode}) that must be written Go-style. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as compact Go-style JSON, without a trailing newline (Go's {@code json.Marshal}). */
    public static String encode(Object value) {
        // Alert details render {{ json . }} for every event: plain maps, lists and scalars are written directly,
        // several times faster than the mapper's generic serializers; anything else goes through the mapper.
        StringBuilder out = new StringBuilder(1024);
        write(out, value);
        return out.toString();
    }

    /** Appends {@code value} as compact Go-style JSON to {@code out} (what {@link #encode} returns). */
    public static void write(StringBuilder out, Object value) {
        int start = out.length();
        if (!writeDirect(out, value, 0, false)) {
            out.setLength(start);
            out.append(encodeWithMapper(value));
        }
    }

    /**
     * Appends {@code value} as compact Go-style JSON escaped for HTML text as Go's html/template escapes a printed
     * value ({@code " ' +} as {@code &#34; &#39; &#43;}; the JSON holds no raw {@code < > &} or NUL), in one pass.
     * Kapacitor's default details template {@code {{ json . }}} prints exactly this for every alert event, so the
     * template engine calls it instead of encoding first and escaping the result.
     */
    public static void writeHtmlEscaped(StringBuilder out, Object value) {
        int start = out.length();
        if (!writeDirect(out, value, 0, true)) {
            out.setLength(start);
            String json = encodeWithMapper(value);
            for (int i = 0; i < json.length(); i++) {
                appendHtml(out, json.charAt(i));
            }
        }
    }

    private static void appendHtml(StringBuilder out, char c) {
        switch (c) {
            case '"' -> out.append("&#34;");
            case '\'' -> out.append("&#39;");
            case '+' -> out.append("&#43;");
            case '&' -> out.append("&amp;");
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case 0 -> out.append('\uFFFD');
            default -> out.append(c);
        }
    }

    /** A number's text in HTML: only an exponent's {@code +} needs escaping. */
    private static void appendNumber(StringBuilder out, String text, boolean html) {
        int plus = html ? text.indexOf('+') : -1;
        if (plus < 0) {
            out.append(text);
        } else {
            out.append(text, 0, plus).append("&#43;").append(text, plus + 1, text.length());
        }
    }

    /** The mapper's output for {@code value}; {@link #encode} gives the same text for the values it writes itself. */
    static String encodeWithMapper(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean escaped(char c) {
        return c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == '\u2028'
                || c == '\u2029';
    }

    private static boolean escapedHtml(char c) {
        return escaped(c) || c == '\'' || c == '+';
    }

    /** Writes {@code value} as the mapper would; false (with {@code out} in any state) for a type it leaves to it. */
    private static boolean writeDirect(StringBuilder out, Object value, int depth, boolean html) {
        if (depth > 64) {
            return false;
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            writeString(out, text, html);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Double d) {
            appendNumber(out, formatFloat(d), html);
        } else if (value instanceof Float f) {
            appendNumber(out, formatFloat(f), html);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Instant t) {
            writeString(out, formatTime(t), html);
        } else if (value instanceof Duration d) {
            out.append(d.toNanos());
        } else if (value instanceof java.util.Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return false;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(out, key, html);
                out.append(':');
                if (!writeDirect(out, e.getValue(), depth + 1, html)) {
                    return false;
                }
            }
            out.append('}');
        } else if (value instanceof java.util.List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                if (!writeDirect(out, list.get(i), depth + 1, html)) {
                    return false;
                }
            }
            out.append(']');
        } else {
            return false;
        }
        return true;
    }

    /**
     * A JSON string with the mapper's escapes: its standard ones plus Go's HTML and line-separator escapes; with
     * {@code html}, then escaped for HTML text as well (see {@link #writeHtmlEscaped}).
     */
    private static void writeString(StringBuilder out, String s, boolean html) {
        String quote = html ? "&#34;" : "\"";
        out.append(quote);
        int n = s.length();
        int i = 0;
        if (html) {
            while (i < n && !escapedHtml(s.charAt(i))) {
                i++;
            }
        } else {
            while (i < n && !escaped(s.charAt(i))) {
                i++;
            }
        }
        if (i == n) {
            // Most strings (ids, names, tags, times) need no escape: one bulk copy.
            out.append(s).append(quote);
            return;
        }
        out.append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append('\\').append(quote);
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                case '\'' -> out.append(html ? "&#39;" : "'");
                case '+' -> out.append(html ? "&#43;" : "+");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append(quote);
    }

    /** {@code value} followed by one {@code \n}, as Go's streaming {@code json.Encoder} writes it. */
    public static String encodeLine(Object value) {
        StringBuilder out = new StringBuilder(1024);
        write(out, value);
        return out.append('\n').toString();
    }

    /**
     * Formats a double as Go's {@code encoding/json} does: shortest round-trip digits, plain notation for
     * {@code 1e-6 <= |v| < 1e21}, exponent notation otherwise.
     */
    public static String formatFloat(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("unsupported value: " + value);
        }
        return formatDigits(Double.toString(value), Math.abs(value));
    }

    /** As {@link #formatFloat(double)} for a 32-bit float (Go {@code float32}). */
    public static String formatFloat(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("unsupported value: " + value);
        }
        return formatDigits(Float.toString(value), Math.abs(value));
    }

    private static String formatDigits(String javaText, double abs) {
        if (abs == 0) {
            return javaText.startsWith("-") ? "-0" : "0";
        }
        BigDecimal decimal = new BigDecimal(javaText).stripTrailingZeros();
        if (abs >= 1e-6 && abs < 1e21) {
            return decimal.toPlainString();
        }
        // Exponent form: d[.ddd]e±XX, then Go's json drops a leading zero of a negative two-digit exponent.
        String unscaled = decimal.unscaledValue().abs().toString();
        int exponent = unscaled.length() - 1 - decimal.scale();
        StringBuilder out = new StringBuilder();
        if (decimal.signum() < 0) {
            out.append('-');
        }
        out.append(unscaled.charAt(0));
        if (unscaled.length() > 1) {
            out.append('.').append(unscaled, 1, unscaled.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int absExp = Math.abs(exponent);
        if (absExp < 10 && exponent >= 0) {
            out.append('0');
        }
        out.append(absExp);
        return out.toString();
    }

    /**
     * Formats an instant as Go's {@code time.RFC3339Nano} in UTC: {@code 1970-01-01T00:00:00.002Z}, trailing
     * zero fraction digits dropped.
     */
    public static String formatTime(Instant time) {
        return RfcTime.format(time);
    }

    private static ObjectMapper createMapper() {
        SimpleModule module = new SimpleModule("go-json");
        module.addSerializer(Double.class, new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeNumber(formatFloat(value));
            }
        });
        module.addSerializer(double.class, new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeNumber(formatFloat(value));
            }
        });
        module.addSerializer(Float.class, new JsonSerializer<>() {
            @Override
            public void serialize(Float value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeNumber(formatFloat(value));
            }
        });
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(formatTime(value));
            }
        });
        module.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeNumber(value.toNanos());
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .addModule(module)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        mapper.getFactory().setCharacterEscapes(new GoEscapes());
        return mapper;
    }

    /** Go escapes HTML-significant characters and the JavaScript line separators; Jackson does not by default. */
    private static final class GoEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] escapes;

        GoEscapes() {
            escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes['<'] = CharacterEscapes.ESCAPE_CUSTOM;
            escapes['>'] = CharacterEscapes.ESCAPE_CUSTOM;
            escapes['&'] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<' -> new SerializedString("\\u003c");
                case '>' -> new SerializedString("\\u003e");
                case '&' -> new SerializedString("\\u0026");
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }
    }
}
