package dev.herald.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads the files the CLI sends to the server: TICKscripts, vars files, task files, handler files. */
final class SpecFiles {
    private SpecFiles() {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static String readText(Path base, String file) throws CliException {
        try {
            return Files.readString(base.resolve(file));
        } catch (NoSuchFileException e) {
            throw new CliException("open " + file + ": no such file or directory", e);
        } catch (IOException e) {
            throw new CliException("open " + file + ": " + e.getMessage(), e);
        }
    }

    /** File extension including the dot, lower-cased ({@code path.Ext}). */
    static String ext(String file) {
        int slash = file.lastIndexOf('/');
        int dot = file.lastIndexOf('.');
        return dot > slash ? file.substring(dot).toLowerCase(Locale.ROOT) : "";
    }

    static boolean isYaml(String file) {
        String e = ext(file);
        return e.equals(".yaml") || e.equals(".yml");
    }

    /** Parses a {@code .yaml}/{@code .yml}/{@code .json} file; any other extension is refused. */
    static JsonNode readYamlOrJson(Path base, String file, ObjectMapper json, String what)
            throws CliException {
        String text = readText(base, file);
        ObjectMapper m;
        String kind;
        if (isYaml(file)) {
            m = YAML;
            kind = "yaml";
        } else if (ext(file).equals(".json")) {
            m = json;
            kind = "json";
        } else {
            throw new CliException("bad file extension " + GoFmt.quote(ext(file)) + " for " + what
                    + " file " + GoFmt.quote(file) + ". Must be YAML (.yaml, .yml) or JSON (.json)");
        }
        try {
            JsonNode n = m.readTree(text);
            if (n == null || n.isMissingNode()) {
                n = json.createObjectNode();
            }
            return n;
        } catch (IOException e) {
            throw new CliException("failed to unmarshal " + kind + " " + what + " file " + GoFmt.quote(file)
                    + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** A JSON vars file: either a map of vars or an object with a {@code vars} map in it. */
    static JsonNode readVars(Path base, String file, ObjectMapper json) throws CliException {
        String text = readText(base, file);
        JsonNode n;
        try {
            n = json.readTree(text);
        } catch (IOException e) {
            throw new CliException("invalid JSON in file " + file + ": " + firstLine(e.getMessage()), e);
        }
        if (n == null || !n.isObject()) {
            throw new CliException("invalid JSON in file " + file + ": expected an object of vars");
        }
        JsonNode inner = n.get("vars");
        if (inner != null && inner.isObject() && !inner.has("type")) {
            return inner;
        }
        return n;
    }

    /**
     * A handler file's contents as the JSON body Kapacitor expects:
     * {@code {"topic","id","kind","options","match"}}.
     */
    static ObjectNode readHandler(Path base, String file, ObjectMapper json) throws CliException {
        JsonNode n = readYamlOrJson(base, file, json, "handler");
        if (!n.isObject()) {
            throw new CliException("handler file " + GoFmt.quote(file) + " must hold a mapping of"
                    + " id, topic, kind, match and options");
        }
        ObjectNode body = json.createObjectNode();
        for (String key : new String[] {"topic", "id", "kind"}) {
            body.put(key, stringField(n, key, file));
        }
        JsonNode options = n.get("options");
        if (options == null || options.isNull()) {
            body.putObject("options");
        } else if (options.isObject()) {
            body.set("options", options);
        } else {
            throw new CliException("handler file " + GoFmt.quote(file) + ": options must be a mapping");
        }
        body.put("match", stringField(n, "match", file));
        if (body.get("topic").asText().isEmpty()) {
            throw new CliException("handler file " + GoFmt.quote(file) + " does not name a topic");
        }
        if (body.get("id").asText().isEmpty()) {
            throw new CliException("handler file " + GoFmt.quote(file) + " does not give the handler an id");
        }
        return body;
    }

    private static String stringField(JsonNode n, String key, String file) throws CliException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isValueNode() || v.isBinary()) {
            throw new CliException("handler file " + GoFmt.quote(file) + ": " + key + " must be a string");
        }
        return v.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
