package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.InBrowser;
import dev.shoal.gateway.ShoalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.shoal.deploy.testing.InBrowser.shown;
import static dev.shoal.deploy.testing.InBrowser.waiting;
import static dev.shoal.gateway.live.LiveHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The creator's studio on the real product ({@code shoal up --agents 2 --relays 1}: PostgreSQL, Kafka, Keycloak, anvil,
 * marketplace, gateway; agent-1 the creator's origin, agent-2 a relay) in real Chromium. The creator has published a
 * video (registered at the marketplace) and opened no room; they sign in through Keycloak's form at {@code /studio/live}:
 * the form is signed for the published video's key, says what the market asks beside the archive's price, and offers the relay, which offered itself before any room went
 * live; a refused form (a 9 s segment) says why and creates nothing; the form with the relay ticked schedules a room, the
 * browser lands on its studio page, which gives the {@code shoal live attach} command; the room API shows what the form
 * said; {@code shoal live attach} makes agent-1 its origin and prints where to push; real ffmpeg pushes, and the page,
 * not reloaded, shows the origin and the relay with what it uploads. A form posted from another origin is refused. Then
 * a room's studio page, its sources and its end answer its owner only: another creator and a viewer, each signed in, are
 * refused (403: a problem page where they follow a link, problem+json to {@code fetch}), the owner still gets them; an
 * unknown room, followed as a link, is a problem page too. Screenshots at 1280 and 390 px go to target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveStudioIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern ROOM = Pattern.compile("room ([0-9a-f-]{36}) ");
    private static final Pattern INGEST = Pattern.compile("(http://\\S+/ingest/\\S+/)index\\.m3u8");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String PROBLEMS = "https://shoal.dev/problems/";

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

    /** First: the creator has no room yet. */
    @Test
    @Order(1)
    void theCreatorSchedulesARoomWithAChosenRelayFromTheStudioAndAttachesTheirAgent() throws Exception {
        // what the creator published before: a video signed by their key, registered at the marketplace; no room yet
        SignedManifest published = ManifestBuilder.build(HlsFolder.open(ShoalStack.ROOT.resolve("contracts/src/test/resources/hls/ts")),
                "Harbour at dawn", DemoKeys.creator().address()).sign(DemoKeys.creator());
        HttpResponse<String> registered = LiveHttp.post(stack.url("marketplace") + "/api/contents", new ObjectMapper().valueToTree(
                Map.of("manifest", published.toJson(), "origins", List.of("http://127.0.0.1:19999"))), Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

        Path profile = Files.createTempDirectory("shoal-studio");
        ChromeDriver browser = Chromium.start(profile);
        Process push = null;
        try {
            InBrowser.signIn(browser, gateway, "/studio/live", "creator", WAIT);
            waiting(browser, "the studio's form", WAIT).until(b -> shown(browser, "form[data-schedule-form]"));
            assertThat(browser.findElements(By.cssSelector("tr[data-room]"))).as("no room yet").isEmpty();
            assertThat(browser.findElement(By.name("creator")).getAttribute("value")).as("the first room signed by the key of the published video")
                    .isEqualTo(DemoKeys.creator().address().toString());
            assertThat(browser.findElement(By.cssSelector("[data-signed-by-from]")).getAttribute("data-signed-by-from")).contains("Harbour at dawn");
            // beside the archive's price, what the market asks now, from the marketplace with the creator's token: two agents, fewer
            // than an archive's five replicas, so no price is filled in
            assertThat(browser.findElement(By.cssSelector("[data-market-asks]")).getAttribute("textContent"))
                    .contains("storage agents are online on this market now, fewer than 5 replicas need; their lowest ask is", "steps of");
            assertThat(browser.findElement(By.name("maxPricePerGbMonth")).getAttribute("value")).isEmpty();
            // the hint follows the replicas as they are typed: asked again of the market for 7
            type(browser, "replicas", "7");
            waiting(browser, "the market's asks for 7 replicas", WAIT).until(b -> "7".equals(
                    b.findElement(By.cssSelector("[data-market-asks]")).getAttribute("data-replicas")));
            assertThat(browser.findElement(By.cssSelector("[data-market-asks]")).getAttribute("textContent"))
                    .contains("fewer than 7 replicas need; their lowest ask is");
            InBrowser.screenshots(browser, SCREENSHOTS, "studio-live-asks", "[data-market-asks]");
            // the relay offers itself every 10 s, before any room went live
            waiting(browser, "the relay on offer", WAIT).until(b -> {
                b.navigate().refresh();
                return b.findElements(By.cssSelector("label.relay")).stream().anyMatch(l -> relay.equalsIgnoreCase(l.getAttribute("data-relay")));
            });
            assertThat(browser.findElements(By.cssSelector("input[name=relay]"))).as("the relay that offered, to choose")
                    .extracting(e -> e.getAttribute("value").toLowerCase()).containsExactly(relay.toLowerCase());
            assertThat(browser.findElement(By.cssSelector("label.relay .relay-upload")).getText()).endsWith("of 20.0 Mbit/s (0%)");
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
            assertThat(browser.findElements(By.cssSelector("[data-no-sources]"))).as("no source before the origin is attached").hasSize(1);
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

            // on the air from ffmpeg: the page, not reloaded, shows its sources: the origin and the chosen relay with its upload
            push = LiveEncoder.push(find(INGEST, attached.out()) + "%v/index.m3u8", 600, 4, Files.createTempFile("ffmpeg-studio", ".log"));
            waiting(browser, "the relay among the room's sources", Duration.ofSeconds(90)).until(b -> b.findElements(
                    By.cssSelector("tr[data-source=relay]")).stream().anyMatch(r -> relay.equalsIgnoreCase(r.getAttribute("data-agent"))
                    && !r.getAttribute("data-upload-bytes").isEmpty()));
            assertThat(browser.findElement(By.cssSelector("[data-sources-room]")).getAttribute("data-refreshed")).as("fetched again, no reload")
                    .isNotEmpty();
            assertThat(browser.findElement(By.cssSelector("tr[data-source=relay] [data-upload]")).getText()).contains(" of 20.0 Mbit/s (");
            assertThat(browser.findElement(By.cssSelector("tr[data-source=origin]")).getText()).contains(stack.url("agent-1"));
            InBrowser.screenshots(browser, SCREENSHOTS, "studio-live-sources", "[data-sources]");
            push.destroyForcibly();

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
            if (push != null) {
                push.destroyForcibly();
                push.waitFor(30, TimeUnit.SECONDS);
            }
            browser.quit();
        }
    }

    @Test
    @Order(2)
    void aRoomsStudioPageAndSourcesAnswerItsOwnerOnly() throws Exception {
        HttpResponse<String> opened = LiveHttp.post(gateway + "/api/live/rooms", new ObjectMapper().createObjectNode()
                        .put("title", "Owner only").put("creator", DemoKeys.creator().address().toString()).put("segmentSeconds", 2),
                Map.of("Authorization", "Bearer " + creatorToken));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String room = new ObjectMapper().readTree(opened.body()).path("room").asText();
        String page = "/studio/live/" + room;

        // another creator, signed in: their own studio, but not this room's page, its sources or its end
        ChromeDriver other = Chromium.start(Files.createTempDirectory("shoal-studio-creator2"));
        try {
            InBrowser.signIn(other, gateway, "/studio/live", "creator2", WAIT);
            waiting(other, "creator2's own studio", WAIT).until(b -> shown(other, "form[data-schedule-form]"));
            refusedThePageTheSourcesAndTheEnd(other, room, "belongs to another creator");
        } finally {
            other.quit();
        }

        // a viewer, signed in (no role creator): back from Keycloak on the room's page, refused
        ChromeDriver viewer = Chromium.start(Files.createTempDirectory("shoal-studio-viewer"));
        try {
            InBrowser.signIn(viewer, gateway, page, "viewer", WAIT);
            refusedThePageTheSourcesAndTheEnd(viewer, room, "your roles do not include");
        } finally {
            viewer.quit();
        }
        assertThat(room(room).path("state").asText()).as("ended by nobody").isEqualTo("SCHEDULED");

        // the owner: the page and its sources as before; an unknown room is still not found
        ChromeDriver owner = Chromium.start(Files.createTempDirectory("shoal-studio-owner"));
        try {
            InBrowser.signIn(owner, gateway, page, "creator", WAIT);
            waiting(owner, "the room's studio page", WAIT).until(b -> shown(owner, "[data-next-step]"));
            assertThat(owner.findElement(By.cssSelector("[data-attach-command]")).getText()).contains(room);
            List<Object> sources = fetch(owner, "GET", page + "/sources");
            assertThat(sources.get(0)).as(sources.toString()).isEqualTo(200L);
            assertThat((String) sources.get(1)).startsWith("text/html");
            assertThat((String) sources.get(2)).contains("data-sources-room=\"" + room + "\"");
            String unknown = "/studio/live/" + UUID.randomUUID();
            for (String path : List.of(unknown, unknown + "/sources")) {
                problemFetched(fetch(owner, "GET", path), 404, "room-not-found", "no live room");
            }
            // followed as links, the unknown room's studio page and its public page are pages that say so, not JSON
            for (String path : List.of(unknown, "/live/" + UUID.randomUUID())) {
                owner.get(gateway + path);
                problemPage(owner, "room-not-found", "no live room");
            }
            InBrowser.screenshots(owner, SCREENSHOTS, "problem-page", "[data-problem-type]");
        } finally {
            owner.quit();
        }
    }

    /** The room's studio page (a problem page as the browser shows it, problem+json fetched), its sources and its end: 403. */
    private void refusedThePageTheSourcesAndTheEnd(ChromeDriver browser, String room, String why) {
        String page = "/studio/live/" + room;
        browser.get(gateway + page);
        waiting(browser, "the room's page refused", WAIT).until(b -> b.findElement(By.tagName("body")).getText().contains("forbidden"));
        problemPage(browser, "forbidden", why);
        assertThat(browser.findElements(By.cssSelector("[data-end], [data-sources-room], [data-attach-command]"))).isEmpty();
        problemFetched(fetch(browser, "GET", page), 403, "forbidden", why);
        problemFetched(fetch(browser, "GET", page + "/sources"), 403, "forbidden", why);
        // "End broadcast" from the gateway's own page (same origin): refused by the owner check
        problemFetched(fetch(browser, "POST", page + "/end"), 403, "forbidden", "belongs to another creator");
    }

    /** The page shown is a problem told as a page (ProblemPages): its type and detail, in the shared frame. */
    private static void problemPage(ChromeDriver browser, String type, String detail) {
        assertThat(browser.findElements(By.cssSelector("header.bar"))).as("the shared frame, not a JSON document").hasSize(1);
        assertThat(browser.findElement(By.cssSelector("header.bar .brand")).getText()).as("named as the gateway's pages name it")
                .isEqualTo("Shoal player");
        assertThat(browser.findElement(By.cssSelector("[data-problem-type]")).getText()).isEqualTo(PROBLEMS + type);
        assertThat(browser.findElement(By.cssSelector("[data-problem-detail]")).getText()).contains(detail);
    }

    /** {@code fetch(path)} from the browser's page, with its session cookie: [status, Content-Type, body]. */
    @SuppressWarnings("unchecked")
    private static List<Object> fetch(ChromeDriver browser, String method, String path) {
        return (List<Object>) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch(arguments[0], {method: arguments[1], redirect: 'manual'})"
                + ".then(r => r.text().then(t => done([r.status, r.headers.get('content-type') || '', t])))"
                + ".catch(e => done([0, '', String(e)]));", path, method);
    }

    private static void problemFetched(List<Object> answer, int status, String type, String detail) {
        assertThat(answer.get(0)).as(answer.toString()).isEqualTo((long) status);
        assertThat((String) answer.get(1)).as(answer.toString()).startsWith("application/problem+json");
        assertThat((String) answer.get(2)).contains("\"type\":\"" + PROBLEMS + type + "\"", detail);
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
