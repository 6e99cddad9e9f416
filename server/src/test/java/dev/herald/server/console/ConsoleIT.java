package dev.herald.server.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.server.ServerProcess;
import dev.herald.server.TestServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's chromium and chromium-driver, headless) against the shaded jar run as
 * a user runs it: the Slack form and its test alert, an alert on the topic timeline, a dead letter after the
 * endpoint went down and its re-send, a task's view with enable and disable, the page at 375 px and in dark mode.
 * Each view is saved to {@code target/screenshots/}.
 */
class ConsoleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String TASK = "stream|from().measurement('cpu')|alert().id('cpu:{{ index .Tags \\\"host\\\" }}')"
            + ".message('{{ .ID }} is {{ .Level }}: idle {{ index .Fields \\\"usage_idle\\\" }}%')"
            + ".crit(lambda: \\\"usage_idle\\\" < 10).topic('cpu')";

    @TempDir
    static Path dir;
    private static WireMockServer slack;
    private static WireMockServer webhook;
    private static ServerProcess server;
    private WebDriver browser;

    @BeforeAll
    static void startServer() throws IOException {
        slack = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        slack.start();
        slack.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        webhook = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        webhook.start();
        webhook.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        Path config = Files.writeString(dir.resolve("herald.conf"), "data_dir = \"" + dir.resolve("data") + "\"\n"
                + "[http]\n  bind-address = \"127.0.0.1:0\"\n"
                // Kapacitor's rule: with two workspaces every one needs a name, so the file names its default one
                + "[[slack]]\n  workspace = \"main\"\n  default = true\n"
                + "[delivery]\n  initial-backoff = \"50ms\"\n  max-backoff = \"100ms\"\n  max-attempts = 3\n");
        Path jar = Path.of("target", "herald.jar");
        assertTrue(Files.isRegularFile(jar), "the shaded jar is built in the package phase: " + jar.toAbsolutePath());
        server = ServerProcess.shadedJar(jar, config);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        slack.stop();
        webhook.stop();
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("chromedriver"))).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        if (browser != null) {
            screenshot(test.getTestMethod().orElseThrow().getName() + "-end");
            browser.quit();
        }
    }

    /** Debian installs chromium and chromedriver in /usr/bin (.ci/run installs them when missing). */
    private static String executable(String name) {
        Path p = Path.of("/usr/bin", name);
        assertTrue(Files.isExecutable(p), name + " is missing: apt-get install chromium chromium-driver");
        return p.toString();
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"),
                    ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T await(String what, Function<WebDriver, T> condition) {
        // the page re-renders a section when it reloads it: an element found a moment ago may be gone
        return new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    private WebElement scrolledTo(WebElement e) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        return e;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void defineTask(String id, String script) {
        HttpResponse<String> r = server.send("POST", "/kapacitor/v1/tasks", "{\"id\":\"" + id + "\",\"type\":\"stream\","
                + "\"dbrps\":[{\"db\":\"telegraf\",\"rp\":\"autogen\"}],\"script\":\"" + script + "\","
                + "\"status\":\"enabled\"}");
        assertEquals(200, r.statusCode(), r.body());
    }

    private void write(String lines) {
        HttpResponse<String> r = server.send("POST", "/kapacitor/v1/write?db=telegraf&rp=autogen&precision=s", lines);
        assertEquals(204, r.statusCode(), r.body());
    }

    /** The control labelled {@code key} (the label holds the key in a code element) inside {@code scope}. */
    private static WebElement control(WebElement scope, String key) {
        WebElement label = scope.findElement(By.xpath(".//label[code[normalize-space()='" + key + "']]"));
        return scope.findElement(By.id(label.getDomAttribute("for")));
    }

    @Test
    void slackIsConfiguredThroughItsFormAndTheTestAlertArrives() {
        browser.get(server.url() + "/");
        WebElement card = await("the Slack card", d -> d.findElement(By.cssSelector("#handler-slack fieldset.element")));
        scrolledTo(card);
        String secretUrl = slack.baseUrl() + "/services/T000/B000/secret-part";
        control(card, "url").sendKeys(secretUrl);
        control(card, "channel").sendKeys("#ops");
        WebElement enabled = control(card, "enabled");
        if (!enabled.isSelected()) {
            enabled.click();
        }
        card.findElement(By.cssSelector("button[type=submit]")).click();
        await("Saved.", d -> d.findElement(By.cssSelector("#handler-slack .config > .message")).getText()
                .startsWith("Saved"));
        WebElement slackCard = browser.findElement(By.id("handler-slack"));
        assertEquals("set", slackCard.findElement(By.cssSelector("fieldset.element .badge-set")).getText(),
                "the secret shows as set");
        assertFalse(browser.getPageSource().contains("secret-part"), "a secret never comes back to the page");
        WebElement test = slackCard.findElement(By.xpath(".//button[normalize-space()='Send test alert']"));
        scrolledTo(test).click();
        await("the test result", d -> d.findElement(By.cssSelector("#handler-slack .test .message")).getText()
                .equals("Test alert sent."));
        List<LoggedRequest> posts = slack.findAll(postRequestedFor(urlEqualTo("/services/T000/B000/secret-part")));
        assertEquals(1, posts.size());
        JsonNode body = json(posts.get(0).getBodyAsString());
        assertEquals("#ops", body.path("channel").asText());
        assertEquals("test slack message", body.path("attachments").path(0).path("text").asText());
        screenshot("slack-form");
    }

    @Test
    void aSlackWorkspaceIsAddedRenamedAndRemovedInTheListSection() {
        browser.get(server.url() + "/");
        WebElement name = await("the add form", d -> d.findElement(By.xpath(
                "//article[@id='handler-slack']//form[contains(@class,'add-element')]//input")));
        scrolledTo(name).sendKeys("ops");
        name.sendKeys(Keys.ENTER);
        WebElement ops = await("workspace ops", d -> d.findElement(By.cssSelector(
                "#handler-slack fieldset[data-element=ops]")));
        // a field error names the field and nothing is saved
        control(ops, "url").sendKeys("ftp://files.example.com/hook");
        ops.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement error = await("the field's error", d -> d.findElement(By.cssSelector(
                "#handler-slack fieldset[data-element=ops] .message.error")));
        assertTrue(error.getText().contains("url: invalid url"), error.getText());
        WebElement url = control(ops, "url");
        assertEquals("true", url.getDomAttribute("aria-invalid"), "the refused field is marked");
        assertEquals(url, browser.switchTo().activeElement(), "and focused");
        assertTrue(ops.findElement(By.cssSelector(".field.invalid .field-error")).getText().contains("invalid url"));
        assertFalse(error.getText().contains("files.example.com"), "the secret is not echoed: " + error.getText());
        assertFalse(json(server.send("GET", "/kapacitor/v1/config/slack/ops", "").body()).path("options")
                .path("url").asBoolean(), "nothing was saved");

        ops.findElement(By.cssSelector("button[aria-label='Rename workspace ops']")).click();
        WebElement newName = ops.findElement(By.cssSelector(".rename input"));
        assertEquals(newName, browser.switchTo().activeElement(), "the keyboard lands in the new name");
        newName.clear();
        newName.sendKeys("alerts", Keys.ENTER);
        await("workspace alerts", d -> d.findElement(By.cssSelector("#handler-slack fieldset[data-element=alerts]")));
        assertEquals(404, server.send("GET", "/kapacitor/v1/config/slack/ops", "").statusCode());
        assertEquals(200, server.send("GET", "/kapacitor/v1/config/slack/alerts", "").statusCode());
        screenshot("slack-workspaces");

        ((JavascriptExecutor) browser).executeScript("window.confirm = () => true");
        browser.findElement(By.cssSelector("button[aria-label='Remove workspace alerts']")).click();
        await("removed", d -> d.findElements(By.cssSelector("#handler-slack fieldset[data-element=alerts]")).isEmpty());
        assertEquals(404, server.send("GET", "/kapacitor/v1/config/slack/alerts", "").statusCode());
    }

    @Test
    void aFiredAlertIsOnItsTopicsTimelineAndABandShowsTheEvent() {
        defineTask("cpu_alert", TASK);
        write("cpu,host=web1 usage_idle=5 100\ncpu,host=web1 usage_idle=50 160\ncpu,host=web2 usage_idle=3 130");
        browser.get(server.url() + "/#topics");
        WebElement open = await("the cpu topic", d -> d.findElement(By.xpath(
                "//div[@id='topic-list']//button[normalize-space()='cpu']")));
        scrolledTo(open).click();
        List<WebElement> bands = await("three bands", d -> {
            List<WebElement> b = d.findElements(By.cssSelector("#topic-panel .band"));
            return b.size() == 3 ? b : null;
        });
        List<String> rows = browser.findElements(By.cssSelector("#topic-panel .tl-label")).stream()
                .map(WebElement::getText).sorted().toList();
        assertEquals(List.of("cpu:web1", "cpu:web2"), rows);
        WebElement critical = browser.findElement(By.cssSelector(
                "#topic-panel .band[data-level=CRITICAL][aria-label^='cpu:web1']"));
        assertEquals("1970-01-01T00:01:40Z", critical.getDomAttribute("data-time"));
        assertEquals(2, bands.stream().filter(b -> "CRITICAL".equals(b.getDomAttribute("data-level"))).count());
        // keyboard: the band is focusable and Enter opens the event
        ((JavascriptExecutor) browser).executeScript("arguments[0].focus()", critical);
        critical.sendKeys(Keys.ENTER);
        WebElement detail = await("the event", d -> d.findElement(By.cssSelector("#topic-panel .event-detail")));
        assertTrue(detail.getText().contains("cpu:web1 is CRITICAL: idle 5%"), detail.getText());
        assertEquals(json("[{\"name\":\"cpu\",\"tags\":{\"host\":\"web1\"},\"columns\":[\"time\",\"usage_idle\"],"
                + "\"values\":[[\"1970-01-01T00:01:40Z\",5]]}]"), json(detail.findElement(By.cssSelector(".event-data"))
                .getText()), "the event's data");
        assertTrue(detail.getText().contains("{\"Name\":\"cpu\",\"TaskName\":\"cpu_alert\""),
                "Kapacitor's default details (escaped HTML) read as text: " + detail.getText());
        assertEquals("cpu:web2", browser.findElement(By.cssSelector("#topic-panel table tbody tr td code")).getText(),
                "only web2 is still not OK");
        scrolledTo(browser.findElement(By.id("topic-panel")));
        screenshot("topic-timeline");
    }

    @Test
    void aDownEndpointLeavesADeadLetterThatIsResentFromThePage() {
        int port = webhook.port();
        defineTask("hook_alert", "stream|from().measurement('mem')|alert().id('mem:{{ index .Tags \\\"host\\\" }}')"
                + ".crit(lambda: \\\"used\\\" > 90).post('" + webhook.baseUrl() + "/alerts')");
        webhook.stop();
        write("mem,host=db1 used=95 10");
        JsonNode letters = TestServer.await("a dead letter", () -> {
            JsonNode l = json(server.send("GET", "/kapacitor/v1/deadletters", "").body()).path("dead-letters");
            return l.size() == 1 ? l : null;
        });
        assertEquals("main:hook_alert:alert2/~post-0", letters.get(0).path("handler").asText());
        browser.get(server.url() + "/#delivery");
        WebElement lane = await("the post lane", d -> d.findElement(By.cssSelector(
                "article.lane[data-lane='main:hook_alert:alert2/~post-0']")));
        assertEquals("1", lane.findElement(By.cssSelector("dd.dead")).getText());
        assertEquals("0", lane.findElement(By.cssSelector("dd.delivered")).getText());
        assertTrue(lane.findElement(By.cssSelector(".last-error")).getText().contains("connection refused"),
                lane.getText());
        assertEquals("3", lane.findElements(By.cssSelector("figure.chart figcaption strong")).get(1).getText(),
                "two retries and the dead letter in the failure chart");
        WebElement row = browser.findElement(By.cssSelector("#deadletter-list tbody tr"));
        assertTrue(row.getText().contains("mem:db1"), row.getText());
        scrolledTo(lane);
        screenshot("delivery-dead-letter");

        WireMockServer again = new WireMockServer(options().bindAddress("127.0.0.1").port(port));
        again.start();
        try {
            again.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
            WebElement resend = row.findElement(By.xpath(".//button[normalize-space()='Re-send']"));
            scrolledTo(resend).click();
            await("re-sent", d -> d.findElement(By.cssSelector("#deadletter-list")).getText()
                    .contains("re-sent to main:hook_alert:alert2/~post-0"));
            List<LoggedRequest> delivered = TestServer.await("the delivery", () -> {
                List<LoggedRequest> r = again.findAll(postRequestedFor(urlEqualTo("/alerts")));
                return r.isEmpty() ? null : r;
            });
            assertEquals("mem:db1", json(delivered.get(0).getBodyAsString()).path("id").asText());
            browser.findElement(By.id("refresh-delivery")).click();
            await("delivered 1", d -> d.findElement(By.cssSelector(
                    "article.lane[data-lane='main:hook_alert:alert2/~post-0'] dd.delivered")).getText().equals("1"));
            assertTrue(browser.findElement(By.id("deadletter-list")).getText().contains("No dead letters"));
            scrolledTo(browser.findElement(By.id("delivery")));
            screenshot("delivery-resent");
        } finally {
            again.stop();
        }
    }

    @Test
    void aTaskIsShownWithItsGraphAndScriptAndCanBeDisabledAndEnabled() {
        defineTask("view_me", TASK.replace(".topic('cpu')", ".log('" + dir.resolve("view_me.log") + "')"));
        write("cpu,host=app usage_idle=1 200");
        browser.get(server.url() + "/#tasks");
        WebElement view = await("the View button", d -> d.findElement(By.cssSelector("button[aria-label='View task view_me']")));
        scrolledTo(view).click();
        WebElement panel = await("the task view", d -> d.findElement(By.cssSelector("#task-panel .dot-graph")))
                .findElement(By.xpath("ancestor::div[@id='task-panel']"));
        List<String> nodes = panel.findElements(By.cssSelector(".gnode")).stream()
                .map(n -> n.getDomAttribute("data-node")).toList();
        assertEquals(List.of("stream0", "from1", "alert2"), nodes);
        assertEquals(2, panel.findElements(By.cssSelector(".dot-graph line.edge")).size());
        assertTrue(panel.findElement(By.cssSelector(".gnode[data-node=alert2]")).getDomAttribute("class")
                .contains("gnode-critical"), "the alert node shows its level");
        List<String> nodeTokens = panel.findElements(By.cssSelector(".tick-script .tk-node")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("|from", "|alert"), nodeTokens);
        scrolledTo(panel);
        screenshot("task-view");

        panel.findElement(By.cssSelector("button[aria-label='Disable task view_me']")).click();
        await("disabled", d -> "disabled".equals(json(server.send("GET", "/kapacitor/v1/tasks/view_me", "").body())
                .path("status").asText()));
        WebElement again = await("the view again", d -> d.findElement(By.cssSelector(
                "#task-panel button[aria-label='Enable task view_me']")));
        again.click();
        await("enabled", d -> "enabled".equals(json(server.send("GET", "/kapacitor/v1/tasks/view_me", "").body())
                .path("status").asText()));
        await("the page says so", d -> d.findElement(By.cssSelector("#task-list tr[data-task=view_me]")).getText()
                .contains("enabled"));
    }

    @Test
    void thePageFitsAPhoneAndFollowsTheSystemsDarkMode() {
        browser.manage().window().setSize(new Dimension(375, 800));
        browser.get(server.url() + "/");
        await("handlers loaded", d -> d.findElements(By.cssSelector("#handler-list .card")).size() > 5);
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Object wide = ((JavascriptExecutor) browser).executeScript("const w = document.documentElement.clientWidth;"
                + "const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {"
                + " if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; } return false; };"
                + "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > w"
                + " && (!scrolls(e) || getComputedStyle(e).position === 'absolute')"
                + " && !Array.from(e.children).some(c => c.getBoundingClientRect().right > w)).slice(0, 8)"
                + ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
                + ".join(', ') + ' | overflowing: ' + Array.from(document.querySelectorAll('body, body *')).filter(e =>"
                + " e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'"
                + " && e.clientWidth > 0).slice(-12).map(e => e.tagName + '.' + e.className + '#' + e.id + ' '"
                + " + e.scrollWidth + '/' + e.clientWidth).join(', ')");
        assertEquals(0L, ((Number) overflow).longValue(), "no sideways scrolling at 375 px; too wide: " + wide);
        for (WebElement control : browser.findElements(By.cssSelector("input, select, textarea"))) {
            String id = control.getDomAttribute("id");
            boolean labelled = control.getDomAttribute("aria-label") != null
                    || (id != null && !browser.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty())
                    || !control.findElements(By.xpath("ancestor::label")).isEmpty();
            assertTrue(labelled, "a control without a label: " + control.getDomProperty("outerHTML"));
        }
        screenshot("phone");
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        String background = (String) ((JavascriptExecutor) browser).executeScript(
                "return getComputedStyle(document.documentElement).backgroundColor");
        assertEquals("rgb(20, 24, 30)", background, "the dark palette");
        browser.manage().window().setSize(new Dimension(1280, 1000));
        screenshot("dark");
    }

    @Test
    void aFailingApiCallBreaksOnlyItsOwnSection() {
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/kapacitor/v1/delivery/lanes*")));
        browser.get(server.url() + "/#delivery");
        WebElement error = await("the section's error", d -> d.findElement(By.cssSelector("#lane-list .message.error")));
        assertTrue(error.getText().startsWith("Loading delivery health failed: cannot reach the server"),
                error.getText());
        assertEquals("alert", error.getDomAttribute("role"));
        await("the other sections still load", d -> !d.findElements(By.cssSelector("#handler-list .card")).isEmpty()
                && d.findElement(By.id("deadletter-list")).getDomAttribute("aria-busy") == null);
        chrome.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        browser.findElement(By.id("refresh-delivery")).click();
        await("the section recovers", d -> d.findElements(By.cssSelector("#lane-list .message.error")).isEmpty());
    }
}
