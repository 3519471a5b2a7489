package dev.shoal.agent.live;

import dev.shoal.contracts.playlist.SegmentName;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.segment.Chain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The origin's ingest state machine, without HTTP: completion, chaining, sessions, limits and path tricks. */
class RoomIngestTests {

    private static final Path TS = Path.of("src/test/resources/hls/ts");
    private static final Path FMP4 = Path.of("../contracts/src/test/resources/hls/fmp4");
    private static final long T0 = Instant.parse("2026-12-05T10:00:00Z").toEpochMilli();

    @TempDir
    Path tmp;

    /** What the ingest handed on: the store's contents and the log, in order. */
    final class Recorded implements RoomIngest.Sink {
        final Map<Sha256, byte[]> store = new HashMap<>();
        final List<SignedAnnouncement> log = new ArrayList<>();
        final List<Path> discarded = new ArrayList<>();

        @Override
        public byte[] read(RoomIngest.Upload upload) {
            try {
                return Files.readAllBytes(upload.file());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public byte[] stored(Sha256 sha256) {
            return store.get(sha256);
        }

        @Override
        public void store(RoomIngest.Upload upload, Container container, boolean init) {
            store.put(upload.sha256(), read(upload));
        }

        @Override
        public void announced(SignedAnnouncement a) {
            log.add(a);
        }

        @Override
        public void discard(RoomIngest.Upload upload) {
            discarded.add(upload.file());
        }
    }

    RoomIngest room;
    Recorded sink;

    @BeforeEach
    void open() {
        room = new RoomIngest("room-1", DemoKeys.creator(), new RoomIngest.Limits(2, 65_536, 4, Duration.ofSeconds(30)));
        sink = new Recorded();
    }

    RoomIngest.Upload upload(String path, byte[] bytes, long at) throws Exception {
        Path f = Files.createTempFile(tmp, "up", ".part");
        Files.write(f, bytes);
        RoomIngest.Upload u = new RoomIngest.Upload(IngestPath.ofRequest(path), Sha256.of(bytes), bytes.length, at, f);
        room.touch(at);
        room.uploaded(u);
        return u;
    }

    RoomIngest.Upload upload(String path, Path file, long at) throws Exception {
        return upload(path, Files.readAllBytes(file), at);
    }

    List<SignedAnnouncement> playlist(String path, String text, long at) {
        room.touch(at);
        return room.playlist(IngestPath.ofRequest(path), text, at, sink);
    }

    static String media(long sequence, String... entries) {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:")
                .append(sequence).append('\n');
        for (String e : entries) {
            b.append(e.startsWith("#") ? e : "#EXTINF:2.000000,\n" + e).append('\n');
        }
        return b.toString();
    }

    ProblemType refusal(Runnable r) {
        try {
            r.run();
        } catch (ProblemException e) {
            return e.type();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void segmentsAreAnnouncedOnlyOnceAPlaylistNamesThemThenInOrderChainedAndSigned() throws Exception {
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0 + 2_000);
        upload("hi/seg_001.ts", TS.resolve("hi/seg_001.ts"), T0 + 4_000);
        assertThat(sink.log).as("bytes alone announce nothing").isEmpty();
        assertThat(room.waitingUploads()).isEqualTo(2);

        List<SignedAnnouncement> first = playlist("hi/index.m3u8", media(0, "seg_000.ts", "seg_001.ts"), T0 + 4_100);
        assertThat(first).extracting(a -> a.announcement().index()).containsExactly(0L, 1L);
        Announcement a0 = first.get(0).announcement();
        assertThat(a0.room()).isEqualTo("room-1");
        assertThat(a0.rendition()).isEqualTo("hi");
        assertThat(a0.link()).isEqualTo(Chain.link(Chain.GENESIS, a0.sha256()));
        assertThat(first.get(1).announcement().link()).isEqualTo(Chain.link(a0.link(), first.get(1).announcement().sha256()));
        assertThat(a0.durationMicros()).isEqualTo(2_000_000);
        assertThat(a0.startedAtMillis()).as("arrival minus duration").isEqualTo(T0);
        assertThat(a0.format().codecs()).as("probed from the segment").isEqualTo("avc1.42c00c");
        assertThat(a0.format().width() + "x" + a0.format().height()).isEqualTo("160x90");
        for (SignedAnnouncement a : first) {
            assertThat(a.signature().recoverSigner(a.announcement().signedText())).isEqualTo(DemoKeys.creator().address());
            assertThat(sink.store.get(a.announcement().sha256())).hasSize((int) a.announcement().size());
        }
        assertThat(room.waitingUploads()).isZero();
        assertThat(sink.discarded).hasSize(2);

        // the sliding window moves on: only the new segment is announced, linked to the last one
        upload("hi/seg_002.ts", TS.resolve("hi/seg_002.ts"), T0 + 6_000);
        List<SignedAnnouncement> next = playlist("hi/index.m3u8", media(1, "seg_001.ts", "seg_002.ts"), T0 + 6_100);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).announcement().index()).isEqualTo(2);
        assertThat(next.get(0).announcement().link()).isEqualTo(Chain.link(first.get(1).announcement().link(),
                next.get(0).announcement().sha256()));
        assertThat(playlist("hi/index.m3u8", media(1, "seg_001.ts", "seg_002.ts"), T0 + 6_200)).as("the same again").isEmpty();
    }

    @Test
    void eachRenditionIsItsOwnChainAndTheMasterDescribesThem() throws Exception {
        playlist("master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS=\"avc1.64001e,mp4a.40.2\"\n"
                + "hi/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=300000\nlo/index.m3u8\n", T0);
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0 + 2_000);
        upload("lo/seg_000.ts", TS.resolve("lo/seg_000.ts"), T0 + 2_000);
        SignedAnnouncement hi = playlist("hi/index.m3u8", media(0, "seg_000.ts"), T0 + 2_100).get(0);
        SignedAnnouncement lo = playlist("lo/index.m3u8", media(0, "seg_000.ts"), T0 + 2_100).get(0);
        assertThat(hi.announcement().index()).isZero();
        assertThat(lo.announcement().index()).isZero();
        assertThat(lo.announcement().link()).isEqualTo(Chain.link(Chain.GENESIS, lo.announcement().sha256()));
        assertThat(hi.announcement().format().codecs()).as("the master's word").isEqualTo("avc1.64001e,mp4a.40.2");
        assertThat(hi.announcement().format().bandwidth()).isEqualTo(900_000);
        assertThat(lo.announcement().format().codecs()).as("the media's, the master had none").isEqualTo("avc1.42d00b");
        assertThat(lo.announcement().format().width()).isEqualTo(96);
        assertThat(lo.announcement().format().bandwidth()).isEqualTo(300_000);

        // a master that comes later (ffmpeg writes it after the first segments) describes the next announcements
        playlist("master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=450000,RESOLUTION=96x54,CODECS=\"avc1.42d00b\"\n"
                + "lo/index.m3u8\n", T0 + 3_000);
        upload("lo/seg_001.ts", TS.resolve("lo/seg_001.ts"), T0 + 4_000);
        SignedAnnouncement later = playlist("lo/index.m3u8", media(0, "seg_000.ts", "seg_001.ts"), T0 + 4_100).get(0);
        assertThat(later.announcement().format().bandwidth()).isEqualTo(450_000);
    }

    @Test
    void fmp4CarriesItsInitSegmentInEveryAnnouncement() throws Exception {
        upload("hi/init_0.mp4", FMP4.resolve("hi/init_0.mp4"), T0);
        upload("hi/seg_000.m4s", FMP4.resolve("hi/seg_000.m4s"), T0 + 1_000);
        String text = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXT-X-MAP:URI=\"init_0.mp4\"\n#EXTINF:1.0,\nseg_000.m4s\n";
        SignedAnnouncement a = playlist("hi/index.m3u8", text, T0 + 1_100).get(0);
        Sha256 init = Sha256.of(Files.readAllBytes(FMP4.resolve("hi/init_0.mp4")));
        assertThat(a.announcement().format().container()).isEqualTo(Container.FMP4);
        assertThat(a.announcement().format().init()).isEqualTo(init);
        assertThat(sink.store).containsKey(init);
        assertThat(a.announcement().format().codecs()).isEqualTo("avc1.42c00c");
        assertThat(SegmentName.media(a.announcement().sha256(), a.announcement().format().container()).toString()).endsWith(".m4s");

        // as ffmpeg writes it: one #EXT-X-MAP before the first segment, for every segment after it
        upload("hi/seg_001.m4s", FMP4.resolve("hi/seg_001.m4s"), T0 + 2_000);
        upload("hi/seg_002.m4s", FMP4.resolve("hi/seg_002.m4s"), T0 + 3_000);
        List<SignedAnnouncement> next = playlist("hi/index.m3u8", text + "#EXTINF:1.0,\nseg_001.m4s\n#EXTINF:1.0,\nseg_002.m4s\n", T0 + 3_100);
        assertThat(next).hasSize(2);
        assertThat(next).allSatisfy(n -> {
            assertThat(n.announcement().format().container()).isEqualTo(Container.FMP4);
            assertThat(n.announcement().format().init()).isEqualTo(init);
        });
    }

    @Test
    void aPlaylistNamingASegmentThatNeverArrivedIsRefusedAndNothingIsStored() throws Exception {
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0);
        assertThat(refusal(() -> playlist("hi/index.m3u8", media(0, "seg_000.ts", "seg_001.ts"), T0 + 100)))
                .isEqualTo(ProblemType.SEGMENT_NOT_UPLOADED);
        assertThat(sink.store).isEmpty();
        assertThat(sink.log).isEmpty();
        upload("hi/seg_001.ts", TS.resolve("hi/seg_001.ts"), T0 + 200);
        assertThat(playlist("hi/index.m3u8", media(0, "seg_000.ts", "seg_001.ts"), T0 + 300)).hasSize(2);
        assertThat(refusal(() -> playlist("hi/index.m3u8", media(0, "seg_000.ts", "seg_001.ts", "seg_002.ts"), T0 + 400)))
                .isEqualTo(ProblemType.SEGMENT_NOT_UPLOADED);
    }

    @Test
    void playlistsThatNamePathsOutsideTheirRoomAreRefused() throws Exception {
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0);
        for (String uri : List.of("../../other-room/seg_000.ts", "../../seg_000.ts", "/seg_000.ts",
                "http://127.0.0.1:9/seg_000.ts", "file:///etc/passwd.ts", "seg_000.ts?x=1", "%2e%2e/%2e%2e/seg_000.ts",
                "..\\..\\seg_000.ts", "a//seg_000.ts", "seg 000.ts")) {
            assertThat(refusal(() -> playlist("hi/index.m3u8", media(0, uri), T0 + 100))).as(uri)
                    .isEqualTo(ProblemType.PLAYLIST_PATH_OUTSIDE_ROOM);
        }
        assertThat(refusal(() -> playlist("master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n../x/index.m3u8\n", T0)))
                .isEqualTo(ProblemType.PLAYLIST_PATH_OUTSIDE_ROOM);
        for (String request : List.of("../seg.ts", "../../x/index.m3u8", "a/../../seg.ts", "", "a/b/c/d/e/seg.ts")) {
            assertThat(refusal(() -> IngestPath.ofRequest(request))).as(request).isEqualTo(ProblemType.PLAYLIST_PATH_OUTSIDE_ROOM);
        }
        for (String request : List.of("seg.exe", "index.m3u", "seg.ts.sh", "hi/")) {
            assertThat(refusal(() -> IngestPath.ofRequest(request))).as(request).isIn(ProblemType.NOT_HLS,
                    ProblemType.PLAYLIST_PATH_OUTSIDE_ROOM);
        }
        assertThat(IngestPath.ofRequest("hi/./x/../seg_000.ts").path()).isEqualTo("hi/seg_000.ts");
        // inside the room, a sibling folder is fine
        upload("lo/seg_000.ts", TS.resolve("lo/seg_000.ts"), T0 + 200);
        assertThat(playlist("hi/index.m3u8", media(0, "../lo/seg_000.ts"), T0 + 300)).hasSize(1);
        assertThat(sink.log).hasSize(1);
    }

    @Test
    void notHlsBadValuesAndLimitsAreRefusedWithTheirOwnTypes() throws Exception {
        assertThat(refusal(() -> playlist("hi/index.m3u8", "<html>hello</html>", T0))).isEqualTo(ProblemType.NOT_HLS);
        assertThat(refusal(() -> playlist("hi/index.m3u8", "#EXTM3U\n#EXTINF:abc,\nseg.ts\n", T0)))
                .isEqualTo(ProblemType.PLAYLIST_REJECTED);
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0);
        for (String entries : List.of("#EXTINF:0,\nseg_000.ts", "#EXTINF:61,\nseg_000.ts",
                "#EXT-X-BYTERANGE:100@0\n#EXTINF:2,\nseg_000.ts", "#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n#EXTINF:2,\nseg_000.ts",
                "#EXTINF:2,\nseg_000.m4s", "#EXTINF:2,\nother.m3u8")) {
            assertThat(refusal(() -> playlist("hi/index.m3u8", media(0, entries), T0 + 100))).as(entries)
                    .isEqualTo(ProblemType.PLAYLIST_REJECTED);
        }
        assertThat(sink.log).isEmpty();

        // at most 2 renditions (this room's limit), at most 4 uploads waiting
        playlist("hi/index.m3u8", media(0, "seg_000.ts"), T0 + 200);
        upload("lo/seg_000.ts", TS.resolve("lo/seg_000.ts"), T0 + 300);
        playlist("lo/index.m3u8", media(0, "seg_000.ts"), T0 + 400);
        upload("mid/seg_000.ts", TS.resolve("lo/seg_000.ts"), T0 + 500);
        assertThat(refusal(() -> playlist("mid/index.m3u8", media(0, "seg_000.ts"), T0 + 600))).isEqualTo(ProblemType.LIVE_LIMIT);
        for (int i = 1; i < 4; i++) {
            upload("hi/seg_00" + i + ".ts", TS.resolve("hi/seg_00" + Math.min(i, 2) + ".ts"), T0 + 700);
        }
        assertThat(refusal(() -> {
            try {
                upload("hi/seg_009.ts", TS.resolve("hi/seg_002.ts"), T0 + 800);
            } catch (ProblemException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).isEqualTo(ProblemType.TOO_MANY_REQUESTS);
    }

    @Test
    void aSecondEncoderIsRefusedWhileTheFirstPushesAndMayTakeOverAfterSilence() throws Exception {
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0);
        playlist("hi/index.m3u8", media(0, "seg_000.ts"), T0 + 100);
        // another encoder: its own names at the same positions, or other bytes under a completed name
        upload("hi/other_000.ts", TS.resolve("hi/seg_001.ts"), T0 + 2_000);
        assertThat(refusal(() -> playlist("hi/index.m3u8", media(0, "other_000.ts"), T0 + 2_100)))
                .isEqualTo(ProblemType.SECOND_ENCODER);
        assertThat(refusal(() -> {
            try {
                upload("hi/seg_000.ts", TS.resolve("hi/seg_002.ts"), T0 + 2_200);
            } catch (ProblemException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).isEqualTo(ProblemType.SECOND_ENCODER);
        assertThat(sink.log).hasSize(1);

        // silence past takeover-after: a new session (a restarted ffmpeg reusing its names), the chain goes on
        long later = T0 + 2_200 + Duration.ofSeconds(30).toMillis();
        upload("hi/seg_000.ts", TS.resolve("hi/seg_002.ts"), later);
        List<SignedAnnouncement> resumed = playlist("hi/index.m3u8", media(0, "seg_000.ts"), later + 100);
        assertThat(resumed).hasSize(1);
        Announcement a = resumed.get(0).announcement();
        assertThat(a.index()).isEqualTo(1);
        assertThat(a.discontinuity()).as("a new encoder session starts with a discontinuity").isTrue();
        assertThat(a.link()).isEqualTo(Chain.link(sink.log.get(0).announcement().link(), a.sha256()));
    }

    @Test
    void endlistEndsTheRoomAndAfterItNothingIsTaken() throws Exception {
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0);
        playlist("hi/index.m3u8", media(0, "seg_000.ts", "#EXT-X-ENDLIST"), T0 + 100);
        assertThat(room.ended()).isTrue();
        assertThat(sink.log).hasSize(1);
        assertThat(refusal(() -> playlist("hi/index.m3u8", media(0, "seg_000.ts"), T0 + 200))).isEqualTo(ProblemType.ROOM_ENDED);
    }

    @Test
    void theCreatorsEndAtTheGatewayEndsEveryRenditionWhereItIsAndAfterItNothingIsTaken() throws Exception {
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0);
        playlist("hi/index.m3u8", media(0, "seg_000.ts"), T0 + 100);
        assertThat(room.ended()).isFalse();
        assertThat(room.end()).isTrue();
        assertThat(room.ended()).isTrue();
        assertThat(room.end()).as("once").isFalse();
        assertThat(room.renditions()).allMatch(RoomIngest.RenditionView::ended);
        assertThat(sink.log).hasSize(1);
        assertThat(refusal(() -> playlist("hi/index.m3u8", media(0, "seg_000.ts", "seg_001.ts"), T0 + 200))).isEqualTo(ProblemType.ROOM_ENDED);
        assertThat(sink.log).hasSize(1);
    }

    @Test
    void anOriginRestartedFromItsLogContinuesTheChainAndSkipsWhatItNeverSaw() throws Exception {
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0);
        SignedAnnouncement last = playlist("hi/index.m3u8", media(0, "seg_000.ts"), T0 + 100).get(0);

        RoomIngest restarted = new RoomIngest("room-1", DemoKeys.creator(), new RoomIngest.Limits(2, 65_536, 4, Duration.ofSeconds(30)));
        restarted.restore(last, false);
        room = restarted;
        sink = new Recorded();
        // the encoder went on meanwhile: its playlist still names segments this origin lost with the restart
        upload("hi/seg_002.ts", TS.resolve("hi/seg_002.ts"), T0 + 6_000);
        List<SignedAnnouncement> after = playlist("hi/index.m3u8", media(0, "seg_000.ts", "seg_001.ts", "seg_002.ts"), T0 + 6_100);
        assertThat(after).hasSize(1);
        assertThat(after.get(0).announcement().index()).isEqualTo(1);
        assertThat(after.get(0).announcement().discontinuity()).isTrue();
        assertThat(after.get(0).announcement().link()).isEqualTo(Chain.link(last.announcement().link(), after.get(0).announcement().sha256()));
    }

    @Test
    void afterARestartTheFirstSegmentAnnouncedIsADiscontinuityEvenWhenTheFirstPlaylistsAnnouncedNothing() throws Exception {
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0);
        SignedAnnouncement last = playlist("hi/index.m3u8", media(0, "seg_000.ts"), T0 + 100).get(0);

        RoomIngest restarted = new RoomIngest("room-1", DemoKeys.creator(), new RoomIngest.Limits(2, 65_536, 4, Duration.ofSeconds(30)));
        restarted.restore(last, false);
        room = restarted;
        sink = new Recorded();
        // the new session's first playlist names only a segment this origin never got: nothing to announce yet
        assertThat(playlist("hi/index.m3u8", media(0, "seg_000.ts", "seg_001.ts"), T0 + 6_000)).isEmpty();
        upload("hi/seg_002.ts", TS.resolve("hi/seg_002.ts"), T0 + 8_000);
        List<SignedAnnouncement> after = playlist("hi/index.m3u8", media(0, "seg_000.ts", "seg_001.ts", "seg_002.ts"), T0 + 8_100);
        assertThat(after).hasSize(1);
        assertThat(after.get(0).announcement().index()).isEqualTo(1);
        assertThat(after.get(0).announcement().discontinuity()).as("the first segment after the restart").isTrue();
    }

    @Test
    void theEncodersProgramDateTimeIsTheWallClockStartWhenItIsPlausible() throws Exception {
        upload("hi/seg_000.ts", TS.resolve("hi/seg_000.ts"), T0 + 5_000);
        upload("hi/seg_001.ts", TS.resolve("hi/seg_001.ts"), T0 + 7_000);
        String text = media(0, "#EXT-X-PROGRAM-DATE-TIME:2026-12-05T10:00:01.250Z", "seg_000.ts",
                "#EXT-X-PROGRAM-DATE-TIME:1999-01-01T00:00:00.000Z", "seg_001.ts");
        List<SignedAnnouncement> a = playlist("hi/index.m3u8", text, T0 + 7_100);
        assertThat(a.get(0).announcement().startedAtMillis()).isEqualTo(T0 + 1_250);
        assertThat(a.get(1).announcement().startedAtMillis()).as("an implausible clock: arrival minus duration").isEqualTo(T0 + 5_000);
    }

    @Test
    void streamKeysAreRandomLookLikeKeysAndCompareByHash() {
        String k = StreamKey.generate();
        assertThat(k).startsWith("sk_").hasSize(46);
        assertThat(StreamKey.generate()).isNotEqualTo(k);
        assertThat(StreamKey.looksLikeKey(k)).isTrue();
        assertThat(StreamKey.looksLikeKey("index.m3u8")).isFalse();
        assertThat(StreamKey.looksLikeKey("sk_" + "!".repeat(43))).isFalse();
        assertThat(StreamKey.matches(StreamKey.hash(k), k)).isTrue();
        assertThat(StreamKey.matches(StreamKey.hash(k), StreamKey.generate())).isFalse();
    }
}
