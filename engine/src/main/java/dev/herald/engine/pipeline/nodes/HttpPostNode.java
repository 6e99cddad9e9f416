package dev.herald.engine.pipeline.nodes;

import dev.herald.core.event.AlertEventJson;
import dev.herald.core.event.EventData;
import dev.herald.core.event.SeriesRow;
import dev.herald.core.json.GoJson;
import dev.herald.core.template.MessageTemplate;
import dev.herald.engine.Point;
import dev.herald.engine.pipeline.Message;
import dev.herald.engine.pipeline.NodeProperties;
import dev.herald.engine.pipeline.SeriesRows;
import dev.herald.engine.pipeline.StreamNode;
import dev.herald.engine.pipeline.TaskContext;
import dev.herald.engine.tick.PipelineNode;
import dev.herald.engine.tick.TickscriptException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code |httpPost('http://host/{{.Name}}')} or {@code |httpPost().endpoint('name')}: POSTs each point or batch as
 * Kapacitor's row JSON ({@code {"series":[row]}} and a newline, {@code Content-Type: application/json}), or the
 * endpoint's {@code row-template}, to the URL (a template over the row's {@code .Name}, {@code .Tags},
 * {@code .Values}) or the {@code [[httppost]]} endpoint (its {@code url}, {@code headers} and {@code basic-auth}),
 * then passes the data on, with the response status in {@code .codeField()} when set (0 when the request failed).
 * {@code .header(k, v)} adds headers, {@code .timeout()} bounds the request (default 30s),
 * {@code .captureResponse()} logs the body of a non-2xx response. The request is made on the writer's thread, as
 * Kapacitor does.
 */
final class HttpPostNode extends StreamNode {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Without {@code .timeout()} (Kapacitor waits forever), a hung server must not block the task for ever. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final MessageTemplate url;
    private final String endpoint;
    private final Map<String, String> headers;
    private final String codeField;
    private final boolean captureResponse;
    private final Duration timeout;
    private final TaskContext context;

    private HttpPostNode(String name, MessageTemplate url, String endpoint, Map<String, String> headers,
            String codeField, boolean captureResponse, Duration timeout, TaskContext context) {
        super(name);
        this.url = url;
        this.endpoint = endpoint;
        this.headers = headers;
        this.codeField = codeField;
        this.captureResponse = captureResponse;
        this.timeout = timeout;
        this.context = context;
    }

    static StreamNode build(PipelineNode node, TaskContext context) {
        int urls = node.args().size();
        if (urls >= 2) {
            throw new TickscriptException(node.position(), "httpPost expects 0 or 1 arguments, got " + urls);
        }
        NodeProperties props = new NodeProperties(node);
        List<String> endpoints = props.strings("endpoint");
        Map<String, String> headers = new LinkedHashMap<>();
        for (PipelineNode.Property p : props.all("header")) {
            NodeProperties.arity(p, 2, 2);
            String k = NodeProperties.asString(p.args().get(0), p.position(), "header");
            if (k.toUpperCase(Locale.ROOT).equals("AUTHENTICATE")) {
                throw new TickscriptException(p.position(), "cannot set 'authenticate' header");
            }
            headers.put(k, NodeProperties.asString(p.args().get(1), p.position(), "header"));
        }
        props.known("header");
        String codeField = props.string("codeField").orElse("");
        boolean capture = props.flag("captureResponse");
        Duration timeout = props.duration("timeout").orElse(Duration.ZERO);
        props.rejectUnknown();
        if (endpoints.size() > 1) {
            throw new TickscriptException(node.position(), "httpPost expects 0 or 1 endpoints, got "
                    + endpoints.size());
        }
        if (urls == 0 && endpoints.isEmpty()) {
            throw new TickscriptException(node.position(), "must provide url or endpoint");
        }
        if (urls > 0 && !endpoints.isEmpty()) {
            throw new TickscriptException(node.position(), "only one endpoint and url may be specified");
        }
        if (timeout.isNegative()) {
            throw new TickscriptException(node.position(), "timeout must not be negative");
        }
        MessageTemplate url = null;
        String endpoint = null;
        if (urls == 1) {
            String u = Nodes.stringArg(node, 0, "url");
            try {
                url = MessageTemplate.parse(u);
            } catch (RuntimeException e) {
                throw new TickscriptException(node.position(), "error in url templating: " + e.getMessage());
            }
        } else {
            endpoint = endpoints.get(0);
            if (endpointConfig(context, endpoint).isEmpty()) {
                throw new TickscriptException(node.position(), "endpoint '" + endpoint + "' does not exist");
            }
        }
        return new HttpPostNode(Nodes.name(node), url, endpoint, Map.copyOf(headers), codeField, capture, timeout,
                context);
    }

    private static Optional<Map<String, Object>> endpointConfig(TaskContext context, String name) {
        for (Map<String, Object> e : context.handlers().rawSection("httppost")) {
            if (name.equals(e.get("endpoint"))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public void receive(Message message) {
        if (message instanceof Message.PointMessage pm) {
            int code = post(SeriesRows.of(pm.point()));
            Point p = pm.point();
            if (!codeField.isEmpty()) {
                Map<String, Object> fields = new HashMap<>(p.fields());
                fields.put(codeField, (long) code);
                p = Nodes.withFields(p, fields);
            }
            emit(new Message.PointMessage(p, pm.group()));
        } else if (message instanceof Message.BatchMessage bm) {
            int code = post(SeriesRows.of(bm));
            if (codeField.isEmpty()) {
                emit(bm);
                return;
            }
            List<Point> points = new ArrayList<>(bm.points().size());
            for (Point p : bm.points()) {
                Map<String, Object> fields = new HashMap<>(p.fields());
                fields.put(codeField, (long) code);
                points.add(Nodes.withFields(p, fields));
            }
            emit(Nodes.withPoints(bm, points));
        }
    }

    /** The row as templates see it: .Name, .Tags, .Values (one map of column to value per row). */
    private static Map<String, Object> mapped(SeriesRow row) {
        List<Map<String, Object>> values = new ArrayList<>();
        for (List<Object> v : row.values()) {
            Map<String, Object> m = new HashMap<>();
            for (int c = 0; c < row.columns().size(); c++) {
                m.put(row.columns().get(c), v.get(c));
            }
            values.add(m);
        }
        Map<String, Object> out = new HashMap<>();
        out.put("Name", row.name());
        out.put("Tags", row.tags());
        out.put("Values", values);
        return out;
    }

    /** Posts the row; the status code, 0 when the request failed. */
    @SuppressWarnings("unchecked")
    private int post(SeriesRow row) {
        try {
            String target;
            String body;
            boolean json = true;
            Map<String, String> requestHeaders = new LinkedHashMap<>();
            if (url != null) {
                target = url.render(mapped(row));
                body = GoJson.encodeLine(AlertEventJson.result(new EventData(row.name(), context.taskId(), "", "",
                        row.tags(), Map.of(), true, List.of(row))));
            } else {
                Map<String, Object> e = endpointConfig(context, endpoint).orElse(null);
                if (e == null) {
                    context.logger().log(System.Logger.Level.ERROR, "{0}: endpoint ''{1}'' does not exist", name(),
                            endpoint);
                    return 0;
                }
                target = String.valueOf(e.getOrDefault("url", ""));
                if (e.get("headers") instanceof Map<?, ?> h) {
                    h.forEach((k, v) -> requestHeaders.put(String.valueOf(k), String.valueOf(v)));
                }
                if (e.get("basic-auth") instanceof Map<?, ?> auth && auth.get("username") != null
                        && auth.get("password") != null) {
                    String credentials = auth.get("username") + ":" + auth.get("password");
                    requestHeaders.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            credentials.getBytes(StandardCharsets.UTF_8)));
                }
                Object rowTemplate = e.get("row-template");
                if (rowTemplate instanceof String t && !t.isEmpty()) {
                    body = MessageTemplate.parse(t).render(mapped(row));
                    json = false;
                } else {
                    body = GoJson.encodeLine(AlertEventJson.result(new EventData(row.name(), context.taskId(), "",
                            "", row.tags(), Map.of(), true, List.of(row))));
                }
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (json) {
                req.header("Content-Type", "application/json");
            }
            requestHeaders.forEach(req::setHeader);
            headers.forEach(req::setHeader);
            req.timeout(timeout.isZero() ? DEFAULT_TIMEOUT : timeout);
            HttpResponse<String> resp = CLIENT.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() / 100 != 2) {
                context.logger().log(System.Logger.Level.ERROR, "{0}: POST returned status {1}: {2}", name(),
                        resp.statusCode(), captureResponse ? resp.body()
                                : "unknown error, use .captureResponse() to capture the HTTP response");
            }
            return resp.statusCode();
        } catch (IOException | RuntimeException e) {
            context.logger().log(System.Logger.Level.ERROR, "{0}: failed to POST row: {1}", name(),
                    e.getClass().getSimpleName());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
