package dev.shoal.agent.live;

import dev.shoal.contracts.playlist.SegmentName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.agent.operator.OperatorToken;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.deploy.testing.RealServices;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The origin on its own, with real ffmpeg pushing live HLS over HTTP PUT (docs/live.md): two renditions and a
 * master playlist, 2 s segments; every announced segment is checked against what the same ffmpeg command writes
 * to a folder (x264 with one thread is deterministic), its chain, its signature and what the origin serves.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "service", value = "agent"),
        @ResourceArg(name = "needs", value = "keycloak,anvil")})
class LiveIngestIT {

    static final String PROBLEMS = "https://shoal.dev/problems/";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path TS = Path.of("src/test/resources/hls/ts");

    static RequestSpecification operator() throws Exception {
        Path data = Path.of(ConfigProvider.getConfig().getValue("shoal.agent.data-dir", String.class));
        return given().header(OperatorToken.HEADER, OperatorToken.read(data));
    }

    static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    record Room(String id, String key, String ingest) {
    }

    static Room open() throws Exception {
        String id = "it-" + UUID.randomUUID();
        JsonNode opened = JSON.readTree(operator().contentType("application/json").body(Map.of("room", id))
                .when().post("/api/local/live/rooms").then().statusCode(201).extract().asString());
        assertThat(opened.path("creator").asText()).isEqualToIgnoringCase(DemoKeys.creator().address().toString());
        return new Room(id, opened.path("streamKey").asText(), opened.path("ingestPath").asText());
    }

    static List<SignedAnnouncement> announcements(Room room) throws Exception {
        JsonNode list = JSON.readTree(operator().when().get("/api/local/live/rooms/" + room.id() + "/announcements")
                .then().statusCode(200).extract().asString());
        List<SignedAnnouncement> out = new ArrayList<>();
        list.forEach(n -> out.add(SignedAnnouncement.fromJsonTree(n)));
        return out;
    }

    /** ffmpeg's two-rendition ladder of a test pattern; {@code pattern} picks the picture, so two runs can differ. */
    static List<String> ladder(String pattern, int seconds, boolean realTime) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-y"));
        if (realTime) {
            cmd.add("-re");
        }
        cmd.addAll(List.of("-f", "lavfi", "-i", pattern + "=size=640x360:rate=30:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
                "-map", "0:v", "-map", "1:a", "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-threads", "1", "-g", "60", "-keyint_min", "60",
                "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-s:v:1", "320x180", "-b:v:0", "800k", "-b:v:1", "200k",
                "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "2", "-master_pl_name", "master.m3u8",
                "-var_stream_map", "v:0,a:0,name:hi v:1,a:1,name:lo"));
        return cmd;
    }

    record Run(int exit, String log) {
    }

    static Run run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("ffmpeg ended").isTrue();
        return new Run(p.exitValue(), Files.readString(log));
    }

    static Run push(Room room, String pattern, int seconds, Path log, String... extra) throws Exception {
        List<String> cmd = ladder(pattern, seconds, true);
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-method", "PUT", "http://127.0.0.1:" + port() + room.ingest() + "%v/index.m3u8"));
        return run(cmd, log);
    }

    /** The same ladder written to a folder: the bytes the origin must have received, segment by segment. */
    static Map<String, List<Sha256>> reference(String pattern, int seconds, Path dir) throws Exception {
        List<String> cmd = ladder(pattern, seconds, false);
        cmd.addAll(List.of("-hls_list_size", "0", dir + "/%v/index.m3u8"));
        Run r = run(cmd, Files.createTempFile("ffmpeg-reference", ".log"));
        assertThat(r.exit()).as(r.log()).isZero();
        Map<String, List<Sha256>> out = new HashMap<>();
        for (String rendition : List.of("hi", "lo")) {
            List<Sha256> shas = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(rendition).resolve("index.m3u8"))) {
                if (line.endsWith(".ts")) {
                    shas.add(Sha256.of(Files.readAllBytes(dir.resolve(rendition).resolve(line))));
                }
            }
            out.put(rendition, shas);
        }
        return out;
    }

    @Test
    void ffmpegPushesTwoRenditionsAndEverySegmentIsAnnouncedChainedSignedAndServedAsWritten() throws Exception {
        Path work = Files.createTempDirectory("live-ingest");
        Map<String, List<Sha256>> expected = reference("testsrc", 10, work.resolve("reference"));
        assertThat(expected.get("hi")).hasSize(5);
        Room room = open();

        // the encoder's own sliding window, with DELETEs of old segments and wall-clock times
        Run pushed = push(room, "testsrc", 10, work.resolve("push.log"), "-hls_list_size", "3",
                "-hls_flags", "delete_segments+program_date_time");
        assertThat(pushed.exit()).as("ffmpeg: %s", pushed.log()).isZero();
        assertThat(pushed.log()).as("ffmpeg saw no HTTP error").doesNotContainIgnoringCase("error");
        awaitEnded(room);

        List<SignedAnnouncement> all = announcements(room);
        MasterPlaylist master = new MasterPlaylistParser().readPlaylist(
                Files.readString(work.resolve("reference/master.m3u8")));
        for (String rendition : List.of("hi", "lo")) {
            List<Announcement> chain = all.stream().map(SignedAnnouncement::announcement)
                    .filter(a -> a.rendition().equals(rendition)).toList();
            assertThat(chain).extracting(Announcement::sha256).as("%s: the bytes ffmpeg wrote, in order", rendition)
                    .containsExactlyElementsOf(expected.get(rendition));
            Sha256 link = Chain.GENESIS;
            long previousStart = 0;
            for (int i = 0; i < chain.size(); i++) {
                Announcement a = chain.get(i);
                assertThat(a.index()).isEqualTo(i);
                assertThat(a.room()).isEqualTo(room.id());
                link = Chain.link(link, a.sha256());
                assertThat(a.link()).as("%s #%d link", rendition, i).isEqualTo(link);
                assertThat(a.durationMicros()).isBetween(1_900_000L, 2_100_000L);
                assertThat(a.startedAtMillis()).as("wall clock grows by about a segment").isGreaterThan(previousStart);
                previousStart = a.startedAtMillis();
                byte[] served = given().when().get("/segments/" + SegmentName.media(a.sha256(), a.format().container())).then().statusCode(200)
                        .contentType("video/mp2t").extract().asByteArray();
                assertThat(Sha256.of(served)).isEqualTo(a.sha256());
                assertThat((long) served.length).isEqualTo(a.size());
            }
            var variant = master.variants().get(rendition.equals("hi") ? 0 : 1);
            for (Announcement a : chain) {
                assertThat(a.format().codecs()).as("probed, then the master's word").isEqualTo(String.join(",", variant.codecs()));
                assertThat(a.format().width()).isEqualTo(variant.resolution().orElseThrow().width());
            }
            // ffmpeg writes its master after the first segments: the bandwidth it names comes with the later ones
            assertThat(chain.get(chain.size() - 1).format().bandwidth()).isEqualTo(variant.bandwidth());
        }
        for (SignedAnnouncement a : all) {
            assertThat(a.signature().recoverSigner(a.announcement().signedText())).isEqualTo(DemoKeys.creator().address());
        }
        // ffmpeg's last playlists carried #EXT-X-ENDLIST: the room ended; its segments stay (DELETE was ignored)
        operator().when().get("/api/local/live/rooms/" + room.id()).then().statusCode(200)
                .body("ended", equalTo(true)).body("announcements", equalTo(all.size())).body("waitingUploads", equalTo(0));
        given().contentType("video/mp2t").body(Files.readAllBytes(TS.resolve("hi/seg_000.ts")))
                .when().put(room.ingest() + "hi/index99.ts").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "room-ended"));
    }

    @Test
    void badInputIsRefusedWhereItEntersWithItsProblemTypeAndNothingIsStored() throws Exception {
        Room room = open();
        // a segment no other test stored: the fixture with one stuffing byte of its first packet changed
        byte[] seg0 = Files.readAllBytes(TS.resolve("hi/seg_000.ts"));
        seg0[187] = (byte) (seg0[187] ^ 0x01);
        String base = room.ingest();
        String other = StreamKey.generate();
        given().body(seg0).when().put("/ingest/" + room.id() + "/hi/seg_000.ts").then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "stream-key-missing"));
        given().body(seg0).when().put("/ingest/" + room.id() + "/index.m3u8").then().statusCode(401)
                .body("type", equalTo(PROBLEMS + "stream-key-missing"));
        given().body(seg0).when().put("/ingest/" + room.id() + "/" + other + "/hi/seg_000.ts").then().statusCode(403)
                .body("type", equalTo(PROBLEMS + "stream-key-rejected"));
        given().body(seg0).when().put("/ingest/no-such-room/" + other + "/hi/seg_000.ts").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "room-not-found"));
        given().body("hello".getBytes()).when().put(base + "hi/seg_000.ts").then().statusCode(415)
                .body("type", equalTo(PROBLEMS + "not-hls"));
        given().body("<html></html>").when().put(base + "hi/index.m3u8").then().statusCode(415)
                .body("type", equalTo(PROBLEMS + "not-hls"));
        given().body(seg0).when().put(base + "hi/seg_000.exe").then().statusCode(415)
                .body("type", equalTo(PROBLEMS + "not-hls"));
        byte[] huge = new byte[9 << 20];
        for (int i = 0; i < huge.length; i += 188) {
            huge[i] = 0x47;
        }
        given().body(huge).when().put(base + "hi/seg_big.ts").then().statusCode(413)
                .body("type", equalTo(PROBLEMS + "segment-too-large"));
        given().urlEncodingEnabled(false).body(seg0).when().put(base + "..%2F..%2Fother%2Fseg.ts").then().statusCode(422)
                .body("type", equalTo(PROBLEMS + "playlist-path-outside-room"));
        operator().when().get("/api/local/live/rooms/" + room.id()).then().body("waitingUploads", equalTo(0));
        Path incoming = Path.of(ConfigProvider.getConfig().getValue("shoal.agent.data-dir", String.class))
                .resolve("live").resolve(room.id()).resolve("incoming");
        if (Files.exists(incoming)) {
            try (var files = Files.list(incoming)) {
                assertThat(files.toList()).as("nothing kept of refused uploads").isEmpty();
            }
        }

        // a real segment, then playlists that name outside the room or a segment that never came
        given().body(seg0).when().put(base + "hi/seg_000.ts").then().statusCode(200)
                .body("sha256", equalTo(Sha256.of(seg0).hex()));
        for (String uri : List.of("../../other-room/seg_000.ts", "http://127.0.0.1:9/seg_000.ts", "/abs/seg_000.ts")) {
            given().body(playlist(uri)).when().put(base + "hi/index.m3u8").then().statusCode(422)
                    .body("type", equalTo(PROBLEMS + "playlist-path-outside-room"));
        }
        given().body(playlist("seg_000.ts", "seg_001.ts")).when().put(base + "hi/index.m3u8").then().statusCode(422)
                .body("type", equalTo(PROBLEMS + "segment-not-uploaded"));
        given().body("#EXTM3U\n#EXTINF:nope\n").when().put(base + "hi/index.m3u8").then().statusCode(422)
                .body("type", equalTo(PROBLEMS + "playlist-rejected"));
        assertThat(announcements(room)).as("nothing announced from a refused playlist").isEmpty();
        given().when().get("/segments/" + Sha256.of(seg0).hex() + ".ts").then().statusCode(404);

        given().body(playlist("seg_000.ts")).when().put(base + "hi/index.m3u8").then().statusCode(200)
                .body("announced[0].rendition", equalTo("hi"));
        given().when().get("/segments/" + Sha256.of(seg0).hex() + ".ts").then().statusCode(200);
        given().when().delete(base + "hi/seg_000.ts").then().statusCode(204);
        given().when().get("/segments/" + Sha256.of(seg0).hex() + ".ts").then().statusCode(200);
        given().when().delete("/ingest/" + room.id() + "/" + other + "/hi/seg_000.ts").then().statusCode(403);
        assertThat(announcements(room)).hasSize(1);
    }

    @Test
    void aSecondEncoderPushingToTheSameRoomIsRefusedAndTheFirstGoesOnUntouched() throws Exception {
        Path work = Files.createTempDirectory("live-second");
        Map<String, List<Sha256>> expected = reference("testsrc", 12, work.resolve("reference"));
        Map<String, List<Sha256>> intruder = reference("testsrc2", 4, work.resolve("intruder"));
        Room room = open();
        Thread first = Thread.ofPlatform().start(() -> {
            try {
                Run r = push(room, "testsrc", 12, work.resolve("first.log"));
                assertThat(r.exit()).as(r.log()).isZero();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> announcements(room).size() >= 4);
        // encoders do not read answers, so first the refusal as an HTTP client sees it
        byte[] other = Files.readAllBytes(work.resolve("intruder/hi/index0.ts"));
        given().body(other).when().put(room.ingest() + "hi/index0.ts").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "second-encoder"));
        // then a second ffmpeg pushing its own picture under the same names while the first goes on
        Run second = push(room, "testsrc2", 4, work.resolve("second.log"));
        assertThat(second.exit()).as(second.log()).isZero();
        first.join(Duration.ofMinutes(2).toMillis());
        awaitEnded(room);
        List<SignedAnnouncement> all = announcements(room);
        for (String rendition : List.of("hi", "lo")) {
            assertThat(all.stream().map(SignedAnnouncement::announcement).filter(a -> a.rendition().equals(rendition))
                    .map(Announcement::sha256).toList()).as("%s: only the first encoder's bytes", rendition)
                    .containsExactlyElementsOf(expected.get(rendition));
            for (Sha256 sha : intruder.get(rendition)) {
                given().when().get("/segments/" + sha.hex() + ".ts").then().statusCode(404);
            }
        }
    }

    static void awaitEnded(Room room) {
        // the encoder does not wait for the origin's answers: the last playlists may still be on their way
        await().atMost(Duration.ofSeconds(30)).until(() -> operator().when().get("/api/local/live/rooms/" + room.id())
                .then().statusCode(200).extract().<Boolean>path("ended"));
    }

    static String playlist(String... uris) {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n");
        for (String u : uris) {
            b.append("#EXTINF:2.000000,\n").append(u).append('\n');
        }
        return b.toString();
    }
}
