package dev.herald.core.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GoUrlsTest {
    @Test
    void cleanAndJoinAsGoPathDoes() {
        assertEquals(".", GoUrls.cleanPath(""));
        assertEquals("/", GoUrls.cleanPath("/../.."));
        assertEquals("../../a", GoUrls.cleanPath("../../a/."));
        assertEquals("a/c", GoUrls.cleanPath("a/b/../c/"));
        assertEquals("", GoUrls.joinPath("", ""));
        assertEquals("r/notification", GoUrls.joinPath("", "r", "notification"));
        assertEquals("/v2/room/Test Room/notification", GoUrls.joinPath("/v2/room/", "Test Room", "notification"));
    }

    @Test
    void escapesAsGoDoes() {
        assertEquals("/Test%20Room/a:b@c", GoUrls.escapePath("/Test Room/a:b@c"));
        assertEquals("/bot123:AA%3F/sendMessage", GoUrls.escapePath("/bot123:AA?/sendMessage"));
        assertEquals("a+b%2Fc%3Ad%40e%2Bf%C3%A9", GoUrls.escapeQuery("a b/c:d@e+fé"));
    }
}
