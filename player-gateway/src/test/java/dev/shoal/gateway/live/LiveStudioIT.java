package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.InBrowser;
import dev.shoal.gateway.ShoalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.shoal.deploy.testing.InBrowser.shown;
import static dev.shoal.deploy.testing.InBrowser.waiting;
import static dev.shoal.gateway.live.LiveHttp.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The creator's studio on the real product ({@code shoal up --agents 2 --relays 1}: PostgreSQL, Kafka, Keycloak, anvil,
 * marketplace, gateway; agent-1 the creator's origin, agent-2 a relay) in real Chromium. A first room opened with
 * {@code shoal live open} goes live from real ffmpeg, so the relay claims it and the gateway knows it. Then the creator
 * signs in through Keycloak's form at {@code /studio/live}: a refused form (a 9 s segment) says why and creates nothing;
 * the form with the relay ticked schedules a room, the browser lands on its studio page, which gives the
 * {@code shoal live attach} command; the room API shows what the form said; {@code shoal live attach} makes agent-1 its
 * origin and prints where to push. A form posted from another origin is refused. Screenshots at 1280 and 390 px go to
 * target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveStudioIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern ROOM = Pattern.compile("room ([0-9a-f-]{36}) ");
    private static final Pattern INGEST = Pattern.compile("(http://\\S+/ingest/\\S+/)index\\.m3u8");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    /** Kept when a test fails: its logs/ say why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path state;
    private ShoalStack stack;
    private String gateway;
    private String creatorToken;
    private String relay;

    @BeforeAll
    void upWithAnOriginAndARelay() throws Exception {
        Chromium.require();
        stack = new ShoalStack(state);
        ShoalStack.Run up = stack.shoal("up", "--agents", "2", "--relays", "1", "--no-sample");
        assertThat(up.exit()).as(up.out()).isZero();
        gateway = stack.url("player-gateway");
        creatorToken = DemoUsers.accessToken(stack.url("keycloak") + "/realms/shoal", "creator");
        relay = SigningKey.fromFile(state.resolve("agent-2/store/agent.key")).address().toString();
    }

    @AfterAll
    void down() throws Exception {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void theCreatorSchedulesARoomWithAChosenRelayFromTheStudioAndAttachesTheirAgent() throws Exception {
        // a first room, opened from the CLI and pushed to by ffmpeg: the relay claims it, so the gateway knows the relay
        ShoalStack.Run opened = stack.shoal("live", "open", "--title", "Warm-up", "--segment", "2", "--token", creatorToken);
        assertThat(opened.exit()).as(opened.out()).isZero();
        assertThat(opened.out()).contains("Push HLS to", "Custom Output (FFmpeg)", "method=PUT hls_time=2");
        String warmUp = find(ROOM, opened.out());
        Process push = LiveEncoder.push(find(INGEST, opened.out()) + "%v/index.m3u8", 600, 2, Files.createTempFile("ffmpeg-studio", ".log"));
        try {
            await("the relay carrying the first room").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> room(warmUp).path("sources").findValuesAsText("agent").stream().anyMatch(relay::equalsIgnoreCase));
        } finally {
            push.destroyForcibly();
            push.waitFor(30, TimeUnit.SECONDS);
        }

        Path profile = Files.createTempDirectory("shoal-studio");
        ChromeDriver browser = Chromium.start(profile);
        try {
            InBrowser.signIn(browser, gateway, "/studio/live", "creator", WAIT);
            waiting(browser, "the studio's form", WAIT).until(b -> shown(browser, "form[data-schedule-form]"));
            assertThat(browser.findElements(By.cssSelector("tr[data-room='" + warmUp + "']"))).as("the creator's first room listed").hasSize(1);
            assertThat(browser.findElement(By.name("creator")).getAttribute("value")).as("signed by the key of the newest room")
                    .isEqualToIgnoringCase(DemoKeys.creator().address().toString());
            assertThat(browser.findElements(By.cssSelector("input[name=relay]"))).as("the relay the gateway heard, to choose")
                    .extracting(e -> e.getAttribute("value").toLowerCase()).containsExactly(relay.toLowerCase());
            InBrowser.screenshots(browser, SCREENSHOTS, "studio-live", null);
            InBrowser.screenshots(browser, SCREENSHOTS, "studio-live-relays", "[data-relays]");

            // a 9 s segment, past the browser's own check: the refusal on the form, what was typed kept, no room
            browser.executeScript("document.querySelector('form[data-schedule-form]').noValidate = true");
            type(browser, "title", "Refused room");
            type(browser, "segmentSeconds", "9");
            browser.findElement(By.cssSelector("[data-schedule]")).click();
            String problem = waiting(browser, "the refusal on the form", WAIT).until(b -> shown(browser, "form [data-problem]")).getText();
            assertThat(problem).contains("segmentSeconds must be 2 to 8");
            assertThat(browser.findElement(By.name("title")).getAttribute("value")).isEqualTo("Refused room");
            InBrowser.screenshots(browser, SCREENSHOTS, "studio-live-refused", "[data-problem]");
            assertThat(get(gateway + "/api/live/rooms?state=SCHEDULED", Map.of()).body()).doesNotContain("Refused room");

            // the form as a creator fills it: 4 s segments, an archive preset, the relay chosen
            type(browser, "title", "From the studio");
            type(browser, "segmentSeconds", "4");
            browser.findElement(By.name("archive")).click();
            type(browser, "replicas", "5");
            type(browser, "months", "1");
            type(browser, "maxPricePerGbMonth", "0.004");
            browser.findElement(By.cssSelector("input[name=relay]")).click();
            browser.findElement(By.cssSelector("[data-schedule]")).click();
            waiting(browser, "the new room's studio page", WAIT).until(b -> b.getCurrentUrl().matches(".*/studio/live/[0-9a-f-]{36}")
                    && shown(browser, "[data-next-step]") != null);
            String room = browser.getCurrentUrl().replaceAll(".*/studio/live/", "");
            assertThat(browser.findElement(By.cssSelector("[data-attach-command]")).getText())
                    .isEqualTo("./shoal live attach " + room + " --agent agent-1");
            assertThat(browser.findElement(By.cssSelector("[data-muxer]")).getText()).isEqualTo("method=PUT hls_time=4");
            browser.findElement(By.cssSelector("[data-copy]")).click();
            waiting(browser, "the command copied", WAIT).until(b -> shown(browser, "[data-copy][data-copied=true]"));
            InBrowser.screenshots(browser, SCREENSHOTS, "studio-live-scheduled", "[data-next-step]");

            // the room API: what the form said
            JsonNode scheduled = room(room);
            assertThat(scheduled.path("state").asText()).isEqualTo("SCHEDULED");
            assertThat(scheduled.path("title").asText()).isEqualTo("From the studio");
            assertThat(scheduled.path("segmentSeconds").asInt()).isEqualTo(4);
            assertThat(scheduled.path("chosenRelays")).hasSize(1);
            assertThat(scheduled.path("chosenRelays").get(0).asText()).isEqualToIgnoringCase(relay);
            JsonNode preset = scheduled.path("archive").path("preset");
            assertThat(preset.path("replicas").asInt()).as(scheduled.toString()).isEqualTo(5);
            assertThat(preset.path("months").asInt()).isEqualTo(1);
            assertThat(preset.path("maxPricePerGbMonth").asText()).isEqualTo("0.004");

            // the command the page gives: agent-1 becomes the origin, and says where to push
            ShoalStack.Run attached = stack.shoal("live", "attach", room, "--agent", "agent-1");
            assertThat(attached.exit()).as(attached.out()).isZero();
            assertThat(attached.out()).contains("room " + room + "  SCHEDULED  \"From the studio\"", stack.url("agent-1") + "/ingest/" + room + "/",
                    "-hls_time 4 -method PUT", "method=PUT hls_time=4", "Keyframe interval: 4 s");
            String operator = Files.readString(state.resolve("agent-1/store/operator.token")).strip();
            assertThat(get(stack.url("agent-1") + "/api/local/live/rooms/" + room, Map.of("X-Shoal-Operator-Token", operator)).statusCode())
                    .as("the room open at its origin").isEqualTo(200);

            // "Schedule a room" from another origin (the agent's: same site, another port, so the cookie goes along): refused
            browser.get(stack.url("agent-1") + "/q/health");
            browser.executeScript("const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                    + " const t = document.createElement('input'); t.name = 'title'; t.value = 'Forged room'; f.appendChild(t);"
                    + " document.body.appendChild(f); f.submit();", gateway + "/studio/live");
            waiting(browser, "the cross-origin form refused", WAIT).until(b -> b.getCurrentUrl().equals(gateway + "/studio/live")
                    && b.findElement(By.tagName("body")).getText().contains("forbidden"));
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("https://shoal.dev/problems/forbidden", "own pages only");
            assertThat(get(gateway + "/api/live/rooms?state=SCHEDULED", Map.of()).body()).doesNotContain("Forged room");
        } finally {
            browser.quit();
        }
    }

    private static void type(ChromeDriver browser, String field, String text) {
        var input = browser.findElement(By.name(field));
        input.clear();
        input.sendKeys(text);
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in:%n%s", pattern, text).isTrue();
        return m.group(1);
    }

    private JsonNode room(String room) throws Exception {
        return LiveHttp.room(gateway, room);
    }
}
