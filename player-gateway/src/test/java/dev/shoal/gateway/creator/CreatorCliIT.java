package dev.shoal.gateway.creator;

import dev.shoal.contracts.directory.CatalogEntry;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.segment.SegmentRecord;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.Stack;
import dev.shoal.deploy.stack.Stacks;
import dev.shoal.deploy.testing.Chromium;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.DeviceApproval;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.gateway.catalog.MarketplaceProcess;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The creator's path through the packaged {@code shoal} CLI on the real stack (Keycloak, PostgreSQL, Kafka, anvil, a
 * marketplace process, an agent process and this gateway): {@code shoal login} by device code, approved in Chromium
 * on Keycloak's own pages; {@code shoal publish} of an ffmpeg-made MP4 refused for bad input with nothing registered,
 * then published as two renditions onto the creator's agent and registered; its watch link plays (the playlists from
 * the gateway, a segment through the gateway's redirect to the agent, its hash the manifest's); {@code shoal content
 * list} shows it; {@code shoal logout} forgets and revokes the login.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = @ResourceArg(name = "service", value = "gateway"))
@WithTestResource(value = MarketplaceProcess.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class CreatorCliIT {

    static final Path ROOT = ShoalHome.locate().root();
    static final Duration PAGE = Duration.ofSeconds(30);
    static final String CREATOR = "creator2";
    static final int KEEPERS = 5;

    Path work;
    Process login;
    ChromeDriver browser;
    Stack agent;

    record Run(int exit, String out) {
    }

    @AfterEach
    void stop() {
        if (login != null) {
            login.destroyForcibly();
        }
        if (browser != null) {
            browser.quit();
        }
        if (agent != null) {
            agent.stop();
        }
    }

    @Test
    void aCreatorSignsInPublishesAVideoFileAndItPlaysFromTheWatchLink() throws Exception {
        work = Files.createTempDirectory("shoal-creator-cli");
        String issuer = RealServices.endpoints().issuer();
        String marketplace = MarketplaceProcess.url();
        String gateway = "http://127.0.0.1:" + RestAssured.port;
        agent = Stacks.agents(Stacks.context(ShoalHome.locate(), work.resolve("stack"), null, m -> System.out.println("[creator-cli] " + m)),
                RealServices.endpoints(), marketplace, 1 + KEEPERS, "agent-");
        agent.start();
        // the first agent is the creator's origin; the others keep replicas (the origin may keep one too)
        String agentUrl = agent.components().get(0).url();
        Path agentData = work.resolve("stack").resolve("agent-1").resolve("store");
        Path video = testPattern();
        String title = "Test pattern " + UUID.randomUUID();
        List<String> where = List.of("--marketplace", marketplace, "--gateway", gateway);
        List<String> origin = List.of("--agent", agentUrl, "--agent-data", agentData.toString());

        Run before = shoal(concat(List.of("content", "list"), where));
        assertThat(before.exit()).as(before.out()).isEqualTo(1);
        assertThat(before.out()).contains("not signed in: run shoal login first");

        signIn(issuer);
        Path stored = work.resolve("config").resolve("login.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        assertThat(Files.readString(stored)).doesNotContain(DemoUsers.password(CREATOR));
        Run whoami = shoal("whoami");
        assertThat(whoami.out().strip()).isEqualTo(CREATOR + " at " + issuer);

        // bad input: not a video, a video cut short, no ffmpeg; each said plainly, nothing registered
        int registered = mine().size();
        Path notes = Files.writeString(work.resolve("notes.mp4"), "not a frame in here\n".repeat(200));
        Run notVideo = shoal(concat(List.of("publish", notes.toString(), "--no-progress"), where, origin));
        assertThat(notVideo.exit()).as(notVideo.out()).isEqualTo(1);
        assertThat(notVideo.out()).contains("notes.mp4 is not a video ffmpeg can read").contains("Nothing was registered.");
        byte[] whole = Files.readAllBytes(video);
        Path cut = Files.write(work.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length / 2));
        Run cutShort = shoal(concat(List.of("publish", cut.toString(), "--no-progress"), where, origin));
        assertThat(cutShort.exit()).as(cutShort.out()).isEqualTo(1);
        assertThat(cutShort.out()).contains("cut.mp4").contains("Nothing was registered.");
        Run noFfmpeg = shoal(concat(List.of("publish", video.toString(), "--ffmpeg", work.resolve("no/ffmpeg").toString(), "--no-progress"), where, origin));
        assertThat(noFfmpeg.exit()).as(noFfmpeg.out()).isEqualTo(1);
        assertThat(noFfmpeg.out()).contains("install ffmpeg");
        assertThat(mine()).hasSize(registered);

        // the video: transcoded, hashed, signed, uploaded to the agent, registered
        Run publish = shoal(concat(List.of("publish", video.toString(), "--title", title, "--no-progress"), where, origin));
        assertThat(publish.exit()).as(publish.out()).isZero();
        assertThat(publish.out()).contains("Renditions: 720p (1280x720, 2800 kb/s), 360p (640x360, 800 kb/s)");
        String contentId = match(publish.out(), "Content id: ([0-9a-f]{64})");
        String watch = match(publish.out(), "Watch it: (\\S+)");
        assertThat(watch).isEqualTo(gateway + "/watch/" + contentId);
        assertThat(mine()).hasSize(registered + 1);
        given().auth().oauth2(token()).when().get(marketplace + "/api/contents/" + contentId).then().statusCode(200)
                .body("title", org.hamcrest.Matchers.equalTo(title)).body("origins", org.hamcrest.Matchers.contains(agentUrl))
                .body("creatorName", org.hamcrest.Matchers.equalTo("Second Creator")); // creator2's full name in Keycloak
        // its poster: a frame ffmpeg took, uploaded as a JPEG the catalog serves
        assertThat(publish.out()).contains("Poster: 1280x720 JPEG");
        Response poster = given().when().get(marketplace + "/api/catalog/" + contentId + "/poster");
        assertThat(poster.statusCode()).isEqualTo(200);
        assertThat(poster.contentType()).isEqualTo("image/jpeg");
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(poster.asByteArray())).getWidth()).isEqualTo(1280);

        // the watch link plays: the page, the playlists the gateway makes from the signed manifest, a segment from the agent
        given().when().get(watch).then().statusCode(200);
        Manifest manifest = SignedManifest.fromJson(given().when().get(marketplace + "/api/catalog/" + contentId).then().statusCode(200)
                .extract().as(CatalogEntry.class).manifest()).verify().manifest();
        assertThat(manifest.renditions()).extracting(r -> r.name() + " " + r.width() + "x" + r.height()).containsExactly("720p 1280x720", "360p 640x360");
        assertThat(manifest.renditions().get(0).durationMicros()).isBetween(19_900_000L, 20_200_000L);
        String master = given().when().get(gateway + "/vod/" + contentId + "/master.m3u8").then().statusCode(200).extract().asString();
        assertThat(master).contains("RESOLUTION=1280x720", "RESOLUTION=640x360", "CODECS=\"avc1.");
        for (var rendition : manifest.renditions()) {
            String media = given().when().get(gateway + "/vod/" + contentId + "/" + rendition.name() + ".m3u8").then().statusCode(200).extract().asString();
            List<String> uris = media.lines().filter(l -> l.startsWith("segments/")).toList();
            assertThat(uris).hasSize(rendition.segments().size()).hasSize(3);
            SegmentRecord last = rendition.segments().get(rendition.segments().size() - 1);
            assertThat(uris.get(uris.size() - 1)).isEqualTo("segments/" + last.sha256().hex() + ".ts");
            Response segment = given().redirects().follow(true).when().get(gateway + "/vod/" + contentId + "/" + uris.get(0));
            assertThat(segment.statusCode()).isEqualTo(200);
            byte[] bytes = segment.asByteArray();
            assertThat(Sha256.of(bytes)).isEqualTo(rendition.segments().get(0).sha256());
        }
        assertThat(given().when().get(gateway + "/api/watch/" + contentId).then().statusCode(200).extract().jsonPath().getList("sources.url"))
                .contains(agentUrl);

        // the creator's list, in units a person reads
        Run list = shoal(concat(List.of("content", "list"), where));
        assertThat(list.exit()).as(list.out()).isZero();
        assertThat(list.out()).contains(title).containsPattern("0:20, \\d+(\\.\\d+)? MB, published \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC")
                .contains("content  " + contentId).contains("watch    " + watch);

        // archival storage in the creator's units: a quote at the agents' asks, an order, five replicas ACTIVE
        Run quote = shoal(concat(List.of("order", "quote", contentId, "--replicas", "5", "--months", "12"), market(marketplace)));
        assertThat(quote.exit()).as(quote.out()).isZero();
        assertThat(quote.out()).contains("5 replicas of " + contentId).containsPattern("one copy on S3 Standard \\(\\$0\\.023/GB-month\\)");
        List<java.math.BigDecimal> asks = quote.out().lines().filter(l -> l.contains("sUSD/GB-month"))
                .map(l -> new java.math.BigDecimal(match(l, "asks (\\S+) sUSD/GB-month"))).toList();
        assertThat(asks).hasSize(5);
        String max = asks.stream().max(java.math.BigDecimal::compareTo).orElseThrow().toPlainString(); // the creator pays up to the dearest ask
        assertThat(orders(marketplace, contentId)).isEmpty();
        Run order = shoal(concat(List.of("order", "create", contentId, "--replicas", "5", "--months", "12", "--max", max), market(marketplace)));
        assertThat(order.exit()).as(order.out()).isZero();
        String orderId = match(order.out(), "order (\\S+): 5 replicas of " + contentId);
        String[] status = {""};
        try {
            await("five replicas ACTIVE, by shoal order status").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                Run run = shoal(concat(List.of("order", "status", orderId), market(marketplace)));
                status[0] = run.out();
                return run.exit() == 0 && run.out().contains("5/5 replicas active");
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not 5 replicas ACTIVE; the last shoal order status said:\n" + status[0], e);
        }
        assertThat(status[0]).as(status[0]).contains(orderId).containsPattern("(?m)^  \\S+  ACTIVE");
        assertThat(orders(marketplace, contentId)).containsExactly(orderId);

        // signed out: the file is gone and the refresh token no longer works
        String refresh = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(stored.toFile()).path("refreshToken").asText();
        Run logout = shoal("logout");
        assertThat(logout.exit()).as(logout.out()).isZero();
        assertThat(logout.out()).contains("revoked at " + issuer);
        assertThat(stored).doesNotExist();
        assertThat(shoal("whoami").exit()).isEqualTo(1);
        given().formParams(Map.of("grant_type", "refresh_token", "refresh_token", refresh, "client_id", DemoUsers.CLI_CLIENT))
                .when().post(issuer + "/protocol/openid-connect/token").then().statusCode(400);
    }

    /** {@code shoal login}: the packaged CLI prints Keycloak's device page and a code; Chromium enters it, signs in, approves. */
    private void signIn(String issuer) throws Exception {
        login = command(List.of("login", "--issuer", issuer)).start();
        login.getOutputStream().close();
        BufferedReader out = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
        DeviceApproval.Prompt prompt = DeviceApproval.read(out);
        List<String> printed = new ArrayList<>(prompt.printed());
        assertThat(prompt.code()).as(String.join("\n", printed)).matches("[A-Z]{4}-[A-Z]{4}");
        assertThat(printed).anyMatch(l -> l.strip().startsWith(issuer + "/device"));

        browser = Chromium.start(Files.createTempDirectory("shoal-creator-login-chromium"));
        DeviceApproval.approve(browser, issuer, prompt.code(), CREATOR, PAGE);

        assertThat(login.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (String line; (line = out.readLine()) != null; ) {
            printed.add(line);
        }
        assertThat(login.exitValue()).as(String.join("\n", printed)).isZero();
        assertThat(printed).anyMatch(l -> l.startsWith("Signed in as " + CREATOR + " at " + issuer + "."));
    }

    /** A 20 s 1280x720 test pattern with a tone, as a camera or an editor would leave an MP4. */
    private Path testPattern() throws Exception {
        Path file = work.resolve("pattern.mp4");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=duration=20:size=1280x720:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=20", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return file;
    }

    private ProcessBuilder command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dshoal-root=" + ROOT, "-jar", ROOT.resolve("deploy/target/shoal-deploy.jar").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SHOAL_CONFIG", work.resolve("config").toString());
        builder.environment().put("SHOAL_STATE", work.resolve("no-local-stack").toString());
        return builder;
    }

    private Run shoal(String... args) throws Exception {
        return shoal(List.of(args));
    }

    private Run shoal(List<String> args) throws Exception {
        Process p = command(args).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("shoal %s finished", args).isTrue();
        return new Run(p.exitValue(), out);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in:%n%s", regex, text).isTrue();
        return m.group(1);
    }

    private static List<String> market(String marketplace) {
        return List.of("--marketplace", marketplace);
    }

    /** The ids of this content's orders, as the marketplace lists the creator's orders. */
    private static List<String> orders(String marketplace, String contentId) {
        return given().auth().oauth2(token()).when().get(marketplace + "/api/orders").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.contentId == '" + contentId + "' }.id");
    }

    private static String token() {
        return DemoUsers.accessToken(RealServices.endpoints().issuer(), CREATOR);
    }

    private static List<Object> mine() {
        return given().auth().oauth2(token()).when().get(MarketplaceProcess.url() + "/api/contents").then().statusCode(200).extract().jsonPath().getList("$");
    }
}
