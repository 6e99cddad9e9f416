package dev.herald.examples.ntfy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.engine.Herald;
import dev.herald.engine.lineprotocol.Precision;
import dev.herald.engine.task.TaskSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The third-party plugin used from TICKscript through the engine, found by ServiceLoader like any other. */
class NtfyRequestTest {
    @Test
    void aTickscriptAlertReachesNtfy() {
        WireMockServer ntfy = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        ntfy.start();
        try (Herald herald = Herald.builder().configure("ntfy", Map.of("enabled", true,
                "url", "http://127.0.0.1:" + ntfy.port(), "token", "tk_s3cret")).build()) {
            ntfy.stubFor(post(urlEqualTo("/ops%20alerts")).willReturn(aResponse().withStatus(200)));
            herald.defineTask(TaskSpec.stream("cpu", "stream|from().measurement('cpu')"
                    + "|alert().crit(lambda: \"usage_idle\" < 10).message('CPU is busy').ntfy('ops alerts')"
                    + ".tags('warning', 'computer')"));
            herald.write("cpu,host=a usage_idle=5 1", "telegraf", "autogen", Precision.SECONDS);
            assertTrue(herald.awaitDelivery(Duration.ofSeconds(10)));
            ntfy.verify(1, postRequestedFor(urlEqualTo("/ops%20alerts"))
                    .withHeader("Title", equalTo("cpu:nil"))
                    .withHeader("Priority", equalTo("urgent"))
                    .withHeader("Tags", equalTo("warning,computer"))
                    .withHeader("Authorization", equalTo("Bearer tk_s3cret"))
                    .withRequestBody(equalTo("CPU is busy")));
        } finally {
            ntfy.stop();
        }
    }
}
