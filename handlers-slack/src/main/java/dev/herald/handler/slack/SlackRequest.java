package dev.herald.handler.slack;

import dev.herald.core.event.Level;
import dev.herald.core.handler.HandlerException;
import dev.herald.core.handler.HttpDelivery;
import dev.herald.core.handler.ServiceConfig;
import dev.herald.core.handler.ServiceElement;
import dev.herald.core.json.GoJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the request Kapacitor's Slack service sends: {@code POST <url>} with a JSON body (a Go map, so keys are
 * sorted) written by a streaming encoder (trailing newline), and a bearer token only for Slack apps.
 */
final class SlackRequest {
    /** The service name used in failure reasons. */
    static final String SERVICE = "Slack";

    /**
     * Kapacitor decodes {@code {"error":"..."}} from a non-200 reply; without one (or with an empty one, which
     * Kapacitor would report as an empty error) the reason is "failed to understand Slack response".
     */
    static final HttpDelivery.ErrorDecoder ERRORS = (status, body) ->
            HttpDelivery.ErrorDecoder.jsonField("error").decode(status, body).filter(text -> !text.isEmpty());

    private SlackRequest() {
    }

    /** Only HTTP 200 is success; the body is not read, as in Kapacitor. */
    static boolean isSuccess(int status) {
        return status == 200;
    }

    /**
     * The workspace {@code name} names ({@code ""} = the default one), if it can be sent to.
     *
     * @throws HandlerException {@code no slack configuration found}, {@code workspace id not found} or
     *                          {@code service is not enabled}
     */
    static ServiceElement<SlackConfig> workspace(ServiceConfig<SlackConfig> config, String name) {
        List<ServiceElement<SlackConfig>> elements = config.elements();
        if (elements.isEmpty()) {
            throw new HandlerException("no slack configuration found");
        }
        ServiceElement<SlackConfig> element = config.element(name)
                .orElseThrow(() -> new HandlerException("workspace id not found"));
        if (!element.enabled()) {
            throw new HandlerException("service is not enabled");
        }
        return element;
    }

    /** The request for {@code message} at {@code level}, with {@code options} falling back to the workspace's config. */
    static HttpRequest build(SlackConfig workspace, SlackOptions options, String message, Level level) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri(workspace));
        } catch (IllegalArgumentException e) {
            // The JDK's message would quote the URL, and with it the webhook's token.
            throw new HandlerException("invalid url");
        }
        request.header("Content-Type", "application/json");
        if (!workspace.token().isEmpty()) {
            request.header("Authorization", "Bearer " + workspace.token().reveal());
        }
        return request.POST(HttpRequest.BodyPublishers.ofString(body(workspace, options, message, level))).build();
    }

    /** The JSON body, with its trailing newline. */
    static String body(SlackConfig workspace, SlackOptions options, String message, Level level) {
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("fallback", message);
        attachment.put("color", color(level));
        attachment.put("text", message);
        attachment.put("mrkdwn_in", List.of("text"));
        Map<String, Object> post = new TreeMap<>();
        post.put("attachments", List.of(attachment));
        post.put("channel", or(options.channel(), workspace.channel()));
        post.put("icon_emoji", or(options.iconEmoji(), workspace.iconEmoji()));
        post.put("text", "");
        post.put("username", or(options.username(), workspace.username()));
        return GoJson.encodeLine(post);
    }

    /** Slack's attachment colours: {@code danger}, {@code warning}, else {@code good}. */
    static String color(Level level) {
        return switch (level) {
            case CRITICAL -> "danger";
            case WARNING -> "warning";
            case OK, INFO -> "good";
        };
    }


    private static URI uri(SlackConfig workspace) {
        if (workspace.url().isEmpty()) {
            throw new HandlerException("must specify url");
        }
        return HttpDelivery.httpUrl(workspace.url().reveal()).orElseThrow(() -> new HandlerException("invalid url"));
    }

    private static String or(String option, String fallback) {
        return option.isEmpty() ? fallback : option;
    }
}
