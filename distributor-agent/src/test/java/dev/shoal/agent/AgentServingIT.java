package dev.shoal.agent;

import dev.shoal.agent.operator.OperatorToken;
import dev.shoal.agent.support.CorkProbe;
import dev.shoal.agent.support.Segments;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.receipt.SignedReceipt;
import dev.shoal.deploy.testing.RealServices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Serving, uploads, playlists, receipts, pins, quota and the status page, over HTTP against the running agent. */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "service", value = "agent"),
        // anvil too: one stack per test JVM, and EarningsCommandIT needs it
        @ResourceArg(name = "needs", value = "keycloak,anvil")})
class AgentServingIT {

    static final String PROBLEMS = "https://shoal.dev/problems/";

    static String token() throws Exception {
        Path data = Path.of(ConfigProvider.getConfig().getValue("shoal.agent.data-dir", String.class));
        return OperatorToken.read(data);
    }

    static RequestSpecification operator() throws Exception {
        return given().header(OperatorToken.HEADER, token());
    }

    static Sha256 upload(byte[] bytes) throws Exception {
        Sha256 id = Sha256.of(bytes);
        operator().contentType("application/octet-stream").body(bytes).when().put("/api/local/segments/" + id.hex())
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        return id;
    }

    @Test
    void rangeRequestsAreByteExact() throws Exception {
        byte[] bytes = Segments.random(300_000, 11);
        Sha256 id = upload(bytes);
        String url = "/segments/" + id.hex();
        assertThat(given().when().get(url).then().statusCode(200).header("Content-Length", "300000")
                .header("Accept-Ranges", "bytes").extract().asByteArray()).isEqualTo(bytes);
        Map<String, int[]> ranges = Map.of("bytes=0-0", new int[]{0, 0}, "bytes=100-199", new int[]{100, 199},
                "bytes=299990-", new int[]{299990, 299999}, "bytes=-17", new int[]{299983, 299999},
                "bytes=123456-999999999", new int[]{123456, 299999});
        for (Map.Entry<String, int[]> r : ranges.entrySet()) {
            int first = r.getValue()[0];
            int last = r.getValue()[1];
            byte[] got = given().header("Range", r.getKey()).when().get(url).then().statusCode(206)
                    .header("Content-Range", "bytes " + first + "-" + last + "/300000")
                    .header("Content-Length", Integer.toString(last - first + 1)).extract().asByteArray();
            assertThat(got).as(r.getKey()).isEqualTo(java.util.Arrays.copyOfRange(bytes, first, last + 1));
        }
    }

    @Test
    void invertedAndPastTheEndRangesAre416ProblemJson() throws Exception {
        Sha256 id = upload(Segments.random(1000, 12));
        for (String bad : List.of("bytes=500-100", "bytes=1000-", "bytes=5000-6000", "bytes=-0", "bytes=x-y")) {
            given().header("Range", bad).when().get("/segments/" + id.hex()).then().statusCode(416)
                    .contentType("application/problem+json")
                    .header("Content-Range", "bytes */1000")
                    .body("type", equalTo(PROBLEMS + "range-not-satisfiable"));
        }
    }

    @Test
    void headCarriesTheHeadersAndNoBodyAndSegmentsAreImmutableAndCorsReadable() throws Exception {
        Sha256 id = upload(Segments.random(5000, 13));
        Response head = given().header("Origin", "https://player.example").when().head("/segments/" + id.hex());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("5000");
        assertThat(head.header("Cache-Control")).contains("public").contains("immutable").contains("max-age=31536000");
        assertThat(head.header("Vary")).as("a cache keys on the session: receipts are per viewer").contains("Shoal-Session");
        assertThat(head.header("ETag")).isEqualTo("\"" + id.hex() + "\"");
        assertThat(head.header("Access-Control-Allow-Origin")).isIn("*", "https://player.example");
        assertThat(head.header("Access-Control-Expose-Headers")).contains("Content-Range");
        assertThat(head.asByteArray()).isEmpty();
        given().header("If-None-Match", "\"" + id.hex() + "\"").when().get("/segments/" + id.hex()).then().statusCode(304);
        given().header("Origin", "https://player.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "range")
                .when().options("/segments/" + id.hex()).then().statusCode(200)
                .header("Access-Control-Allow-Headers", containsString("Range"));
    }

    @Test
    void badSegmentIdsAndPathTricksAreRefusedAsProblemJson() throws Exception {
        for (String bad : List.of("not-hex", "abc", "G".repeat(64), "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fagent.key",
                "..%252f..%252fagent.key", "a".repeat(63) + "%00")) {
            Response r = given().urlEncodingEnabled(false).when().get("/segments/" + bad);
            assertThat(r.statusCode()).as(bad).isIn(400, 404);
            assertThat(r.contentType()).as(bad).startsWith("application/problem+json");
            assertThat(r.asString()).doesNotContain("0x");
        }
        given().when().get("/segments/nothex").then().statusCode(400).body("type", equalTo(PROBLEMS + "invalid-segment-id"));
        given().when().get("/segments/" + "ab".repeat(32)).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "segment-not-found"));
        // a raw ../ straight on the socket, which no HTTP client library would send
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET /segments/../../agent.key HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 4").doesNotContain(DemoKeys.AGENT_PRIVATE_KEY.substring(4, 20));
        }
    }

    @Test
    void uploadsThatAreNotTheSegmentOrTooLargeLeaveNothing() throws Exception {
        byte[] bytes = Segments.random(2000, 14);
        Sha256 other = Sha256.of(Segments.random(2000, 15));
        operator().contentType("application/octet-stream").body(bytes).when().put("/api/local/segments/" + other.hex())
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "segment-hash-mismatch"));
        given().when().get("/segments/" + other.hex()).then().statusCode(404);
        byte[] big = Segments.random(9 << 20, 16);
        operator().contentType("application/octet-stream").body(big).when().put("/api/local/segments/" + Sha256.of(big).hex())
                .then().statusCode(413).contentType("application/problem+json");
        given().when().get("/segments/" + Sha256.of(big).hex()).then().statusCode(404);
        Path tmp = Path.of(ConfigProvider.getConfig().getValue("shoal.agent.data-dir", String.class)).resolve("tmp");
        try (var files = Files.list(tmp)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void theLocalApiWantsTheOperatorToken() {
        given().when().get("/api/local/status").then().statusCode(401).contentType("application/problem+json");
        given().header(OperatorToken.HEADER, "guess").when().get("/api/local/status").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void aFetchedContentIsServedWithPlaylistsReceiptsAndCountedBytes() throws Exception {
        Path folder = Path.of(getClass().getResource("/hls/ts").toURI());
        SignedManifest signed = ManifestBuilder.build(HlsFolder.open(folder), "fixture ts", DemoKeys.creator().address())
                .sign(DemoKeys.creator());
        String id = signed.contentId().hex();
        String fetch = operator().contentType("application/json")
                .body(Map.of("manifest", signed.toJson(), "sources", List.of(folder.toString()), "pin", true))
                .when().post("/api/local/fetches").then().statusCode(202).extract().path("id");
        String state = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> operator().when().get("/api/local/fetches/" + fetch).then().statusCode(200).extract().<String>path("state"),
                        s -> !s.equals("RUNNING"));
        assertThat(state).isEqualTo("COMPLETE");

        String master = given().when().get("/contents/" + id + "/master.m3u8").then().statusCode(200)
                .contentType("application/vnd.apple.mpegurl").extract().asString();
        assertThat(master).contains("hi.m3u8").contains("lo.m3u8");
        String media = given().when().get("/contents/" + id + "/hi.m3u8").then().statusCode(200).extract().asString();
        String first = media.lines().filter(l -> l.startsWith("../../segments/")).findFirst().orElseThrow();
        String sha = first.substring("../../segments/".length());
        assertThat(sha).as("segment URIs end in their container's extension").matches("[0-9a-f]{64}\\.ts");
        byte[] expected = Files.readAllBytes(folder.resolve("hi/seg_000.ts"));
        String bare = sha.substring(0, 64);
        assertThat(given().when().get("/segments/" + bare).then().statusCode(200).extract().asByteArray())
                .as("the bare name of older clients").isEqualTo(expected);
        given().when().head("/segments/" + bare + ".mp4").then().statusCode(200).contentType("video/mp4");
        given().when().get("/segments/" + bare + ".mkv").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-segment-id"));
        Response r = given().header(dev.shoal.agent.serving.SegmentRoutes.SESSION, "viewer-1")
                .when().get("/segments/" + sha + "?content=" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("video/mp2t");
        assertThat(r.asByteArray()).isEqualTo(expected);
        assertThat(r.header("Cache-Control")).as("a response carrying one viewer's receipt is not for a shared cache")
                .startsWith("private").doesNotContain("public");
        assertThat(r.header("Vary")).contains("Shoal-Session");
        SignedReceipt receipt = SignedReceipt.fromJson(new String(Base64.getUrlDecoder().decode(
                r.header(dev.shoal.agent.serving.SegmentRoutes.RECEIPT)), StandardCharsets.UTF_8));
        String agent = operator().when().get("/api/local/status").then().extract().path("agent");
        assertThat(operator().when().get("/api/local/status").then().extract().<String>path("transport"))
                .as("Netty's native epoll transport carries the server on Linux x86_64").isEqualTo("epoll");
        assertThat(receipt.signature().recoverSigner(receipt.receipt().signedText()).toString()).isEqualToIgnoringCase(agent);
        assertThat(receipt.receipt().bytes()).isEqualTo(expected.length);
        assertThat(receipt.receipt().contentId().hex()).isEqualTo(id);

        // bytes are counted once sendFile completes
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Number served = operator().when().get("/api/local/status").then().statusCode(200)
                    .extract().path("servedByContent." + id);
            assertThat(served).isNotNull();
            assertThat(served.longValue()).isGreaterThanOrEqualTo(expected.length);
        });
        given().when().get("/contents/" + id + "/manifest.json").then().statusCode(200).body("signature", org.hamcrest.Matchers.notNullValue());
        given().when().get("/contents/" + id + "/nope.m3u8").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/contents/" + "0".repeat(64) + "/master.m3u8").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "content-not-found"));

        operator().when().delete("/api/local/pins/" + id).then().statusCode(200).body("pinned", equalTo(false));
        operator().when().post("/api/local/pins/" + id).then().statusCode(200).body("pinned", equalTo(true));
        String page = given().when().get("/status").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertThat(page).contains("fixture ts").contains("no marketplace link yet").contains("bytes served");
    }

    @Test
    void aManifestWhoseSignatureFailsIsRefusedAndNothingIsKept() throws Exception {
        Path folder = Path.of(getClass().getResource("/hls/ts").toURI());
        SignedManifest signed = ManifestBuilder.build(HlsFolder.open(folder), "to be tampered", DemoKeys.creator().address())
                .sign(DemoKeys.creator());
        String tampered = signed.toJson().replace("to be tampered", "tampered!!!!!!");
        operator().contentType("application/json").body(Map.of("manifest", tampered, "sources", List.of(folder.toString())))
                .when().post("/api/local/fetches").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "manifest-rejected"));
        given().when().get("/contents").then().statusCode(200).body("title", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("tampered!!!!!!")));
    }

    @Test
    void quotaChangesAtRunTimeAndBadSizesAreRefused() throws Exception {
        operator().contentType("application/json").body(Map.of("quota", "lots")).when().put("/api/local/quota")
                .then().statusCode(400).contentType("application/problem+json");
        operator().contentType("application/json").body(Map.of("quota", "2GB")).when().put("/api/local/quota")
                .then().statusCode(200).body("quotaBytes", equalTo(2_000_000_000));
        operator().when().get("/api/local/status").then().body("store.quotaBytes", equalTo(2_000_000_000));
        operator().contentType("application/json").body(Map.of("quota", "1GB")).when().put("/api/local/quota").then().statusCode(200);
    }

    /**
     * A file goes out corked (TcpCork, nginx's tcp_nopush) and the connection is uncorked when it ends: corked for
     * good, the next small answer on the connection would wait up to 200 ms for its last segment. One keep-alive
     * connection; {@link CorkProbe} reports the socket's TCP_CORK as each response's headers are written.
     */
    @Test
    void aSegmentGoesOutCorkedAndTheConnectionIsUncorkedAfter() throws Exception {
        Sha256 id = upload(Segments.random(300_000, 17));
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (Socket s = new Socket("127.0.0.1", port)) {
            Map<String, String> get = exchange(s, "GET /segments/" + id.hex(), "", 300_000);
            assertThat(get.get("status")).isEqualTo("200");
            assertThat(get.get(CorkProbe.HEADER.toLowerCase())).as("corked while the file is sent").isEqualTo("true");
            Map<String, String> head = exchange(s, "HEAD /segments/" + id.hex(), "", 0);
            assertThat(head.get("status")).isEqualTo("200");
            assertThat(head.get(CorkProbe.HEADER.toLowerCase())).as("uncorked once the file was sent").isEqualTo("false");
            Map<String, String> range = exchange(s, "GET /segments/" + id.hex(), "Range: bytes=100-199\r\n", 100);
            assertThat(range.get("status")).isEqualTo("206");
            assertThat(range.get(CorkProbe.HEADER.toLowerCase())).isEqualTo("true");
            Map<String, String> missing = exchange(s, "GET /segments/" + "cd".repeat(32), "", -1);
            assertThat(missing.get("status")).isEqualTo("404");
            assertThat(missing.get(CorkProbe.HEADER.toLowerCase())).as("uncorked after the range too").isEqualTo("false");
        }
    }

    /** One request on a kept-alive socket: the status and the headers (lower-case names); the body is read and dropped. */
    private static Map<String, String> exchange(Socket s, String requestLine, String headerLines, int bodyBytes) throws Exception {
        s.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: x\r\n" + headerLines + "\r\n").getBytes(StandardCharsets.US_ASCII));
        var in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the answer ended early: " + head).isNotNegative();
            head.append((char) b);
        }
        Map<String, String> headers = new java.util.HashMap<>();
        String[] lines = head.toString().split("\r\n");
        headers.put("status", lines[0].split(" ")[1]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(), lines[i].substring(colon + 1).strip());
        }
        int length = bodyBytes >= 0 ? bodyBytes : Integer.parseInt(headers.get("content-length"));
        assertThat(in.readNBytes(length)).hasSize(length);
        return headers;
    }
}
