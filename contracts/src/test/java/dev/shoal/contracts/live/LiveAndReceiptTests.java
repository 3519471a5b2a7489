package dev.shoal.contracts.live;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.receipt.ReceiptVerifier;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.contracts.receipt.SignedReceipt;
import dev.shoal.contracts.replay.InMemoryReplayStore;
import dev.shoal.contracts.segment.Chain;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveAndReceiptTests {

    private static final SigningKey CREATOR = DemoKeys.creator();
    private static final SigningKey AGENT = DemoKeys.agent();
    private static final long START = 1_796_000_000_000L;
    private static final RenditionFormat FORMAT = RenditionFormat.ts("avc1.64001f,mp4a.40.2", 1280, 720, 3_000_000);

    static List<SignedAnnouncement> stream(int n, SigningKey key) {
        List<SignedAnnouncement> out = new ArrayList<>();
        Sha256 link = Chain.GENESIS;
        for (int i = 0; i < n; i++) {
            Sha256 sha = Sha256.of(new byte[]{(byte) i, 1, 2});
            Announcement a = Announcement.next("room-1", "720p", i, 2_000_000, 1000 + i, sha, link,
                    START + 2_000L * i, false, FORMAT);
            link = a.link();
            out.add(a.sign(key));
        }
        return out;
    }

    @Test
    void announcementsAreAcceptedOnceAndInOrder() {
        AnnouncementVerifier v = new AnnouncementVerifier(new InMemoryReplayStore());
        List<SignedAnnouncement> s = stream(5, CREATOR);
        v.accept(s.get(0), CREATOR.address());
        v.accept(SignedAnnouncement.fromJson(s.get(1).toJson()), CREATOR.address());
        assertThatThrownBy(() -> v.accept(s.get(1), CREATOR.address()))
                .isInstanceOfSatisfying(ContentException.AnnouncementReplayed.class,
                        e -> assertThat(e.code()).isEqualTo("announcement.replayed"));
        assertThatThrownBy(() -> v.accept(s.get(0), CREATOR.address()))
                .isInstanceOf(ContentException.AnnouncementReplayed.class);
        // a gap (lost message) is accepted, then the chain continues from there
        v.accept(s.get(3), CREATOR.address());
        v.accept(s.get(4), CREATOR.address());
    }

    @Test
    void aForgedOrMislinkedAnnouncementIsRejected() {
        AnnouncementVerifier v = new AnnouncementVerifier(new InMemoryReplayStore());
        List<SignedAnnouncement> s = stream(3, CREATOR);
        v.accept(s.get(0), CREATOR.address());
        // same index 1, but a segment that does not extend the chain, correctly signed
        Announcement bad = Announcement.next("room-1", "720p", 1, 2_000_000, 10, Sha256.of(new byte[]{9}),
                Sha256.of(new byte[]{42}), START, false, FORMAT);
        assertThatThrownBy(() -> v.accept(bad.sign(CREATOR), CREATOR.address()))
                .isInstanceOf(ContentException.ChainLinkMismatch.class);
        assertThatThrownBy(() -> v.accept(stream(3, AGENT).get(1), CREATOR.address()))
                .isInstanceOfSatisfying(ContentException.UnexpectedSigner.class,
                        e -> assertThat(e.code()).isEqualTo("announcement.unexpected-signer"));
        SignedAnnouncement good = s.get(1);
        Announcement g = good.announcement();
        // every field is signed: change any one and the signature names someone else
        List<Announcement> changed = List.of(
                new Announcement("room-1", "720p", 1, 9_000_000, g.size(), g.sha256(), g.link(), g.startedAtMillis(), false, FORMAT),
                new Announcement("room-1", "720p", 1, g.durationMicros(), g.size(), g.sha256(), g.link(), g.startedAtMillis() + 1, false, FORMAT),
                new Announcement("room-1", "720p", 1, g.durationMicros(), g.size(), g.sha256(), g.link(), g.startedAtMillis(), true, FORMAT),
                new Announcement("room-1", "720p", 1, g.durationMicros(), g.size(), g.sha256(), g.link(), g.startedAtMillis(), false,
                        RenditionFormat.ts("avc1.42c01e", 1280, 720, 3_000_000)),
                new Announcement("room-1", "720p", 1, g.durationMicros(), g.size(), g.sha256(), g.link(), g.startedAtMillis(), false,
                        new RenditionFormat(Container.FMP4, Sha256.of(new byte[]{7}), FORMAT.codecs(), 1280, 720, 3_000_000)),
                new Announcement("room-2", "720p", 1, g.durationMicros(), g.size(), g.sha256(), g.link(), g.startedAtMillis(), false, FORMAT));
        for (Announcement c : changed) {
            assertThatThrownBy(() -> v.accept(new SignedAnnouncement(c, CREATOR.address(), good.signature()),
                    CREATOR.address())).as("%s", c).isInstanceOf(ContentException.SignatureMismatch.class);
        }
        v.accept(good, CREATOR.address());
    }

    @Test
    void aRoomsHistoryTakesEveryAnnouncementInTurn() {
        AnnouncementVerifier v = new AnnouncementVerifier(new InMemoryReplayStore());
        List<SignedAnnouncement> s = stream(4, CREATOR);
        assertThatThrownBy(() -> v.acceptNext(s.get(1), CREATOR.address()))
                .isInstanceOfSatisfying(ContentException.AnnouncementOutOfOrder.class,
                        e -> assertThat(e.code()).isEqualTo("announcement.out-of-order"));
        v.acceptNext(s.get(0), CREATOR.address());
        assertThatThrownBy(() -> v.acceptNext(s.get(2), CREATOR.address()))
                .isInstanceOf(ContentException.AnnouncementOutOfOrder.class);
        v.acceptNext(s.get(1), CREATOR.address());
        assertThatThrownBy(() -> v.acceptNext(s.get(1), CREATOR.address()))
                .isInstanceOf(ContentException.AnnouncementReplayed.class);
        v.acceptNext(s.get(2), CREATOR.address());
    }

    @Test
    void version2IsPinnedByAGoldenDigestAndItsJsonRoundTrips() {
        Announcement a = new Announcement("room-1", "hi", 7, 8_000_000, 123_456, Sha256.of(new byte[]{1}),
                Sha256.of(new byte[]{2}), START, true,
                new RenditionFormat(Container.FMP4, Sha256.of(new byte[]{3}), "avc1.64001f,mp4a.40.2", 1280, 720, 3_000_000));
        assertThat(a.signedText()).startsWith("Shoal announcement v2\n");
        assertThat(a.digest().hex()).isEqualTo(GOLDEN_DIGEST);
        SignedAnnouncement signed = a.sign(CREATOR);
        SignedAnnouncement back = SignedAnnouncement.fromJson(signed.toJson());
        assertThat(back).isEqualTo(signed);
        assertThat(signed.toJsonTree().path("version").asInt()).isEqualTo(2);
        assertThat(SignedAnnouncement.fromJson(stream(1, CREATOR).get(0).toJson()).announcement().format().init()).isNull();

        String v1 = signed.toJson().replace("\"version\":2", "\"version\":1");
        assertThatThrownBy(() -> SignedAnnouncement.fromJson(v1)).isInstanceOf(ContentException.MalformedValue.class)
                .hasMessageContaining("version");
        for (String broken : List.of(signed.toJson().replace("\"container\":\"fmp4\"", "\"container\":\"mkv\""),
                signed.toJson().replace("\"index\":7", "\"index\":\"7\""),
                signed.toJson().replace("\"discontinuity\":true", "\"discontinuity\":1"), "[]", "not json")) {
            assertThatThrownBy(() -> SignedAnnouncement.fromJson(broken)).as(broken)
                    .isInstanceOf(ContentException.MalformedValue.class);
        }
        assertThatThrownBy(() -> RenditionFormat.ts("avc1\"", 0, 0, 0)).isInstanceOf(ContentException.MalformedValue.class);
        assertThatThrownBy(() -> new RenditionFormat(Container.MPEG_TS, Sha256.ZERO, "", 0, 0, 0))
                .as("TS has no init segment").isInstanceOf(ContentException.MalformedValue.class);
    }

    /** Worked out apart from this code (a few lines of Python over the encoding in docs/live.md). */
    static final String GOLDEN_DIGEST = "570dd720b315ee265238b4dd417709c6285b49e77e3a45961457dc7d54b4fd4b";

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void receiptsAreAcceptedOnceWithinTheirWindow() {
        MutableClock clock = new MutableClock();
        InMemoryReplayStore store = new InMemoryReplayStore();
        ReceiptVerifier v = new ReceiptVerifier(store, Duration.ofMinutes(5), clock);
        Sha256 content = Sha256.of(new byte[]{1});
        Sha256 segment = Sha256.of(new byte[]{2});
        SignedReceipt r = ServingReceipt.issue(content, segment, 123_456, "session-9", clock, AGENT);
        assertThat(v.accept(SignedReceipt.fromJson(r.toJson()), AGENT.address()).bytes()).isEqualTo(123_456);
        assertThatThrownBy(() -> v.accept(r)).isInstanceOfSatisfying(ContentException.ReceiptReplayed.class,
                e -> assertThat(e.code()).isEqualTo("receipt.replayed"));
        SignedReceipt old = ServingReceipt.issue(content, segment, 1, "session-9", clock, AGENT);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThatThrownBy(() -> v.accept(old)).isInstanceOf(ContentException.ReceiptExpired.class);
        // still remembered while it could otherwise pass the freshness check
        clock.now = clock.now.minus(Duration.ofMinutes(2));
        assertThatThrownBy(() -> v.accept(r)).isInstanceOf(ContentException.ReceiptReplayed.class);

        ServingReceipt inflated = new ServingReceipt(r.receipt().receiptId(), content, segment, 999_999_999,
                "session-9", r.receipt().issuedAtMillis(), AGENT.address());
        assertThatThrownBy(() -> v.accept(new SignedReceipt(inflated, r.signature())))
                .isInstanceOfSatisfying(ContentException.SignatureMismatch.class,
                        e -> assertThat(e.code()).isEqualTo("receipt.signature-mismatch"));
        assertThatThrownBy(() -> v.accept(r, CREATOR.address())).isInstanceOf(ContentException.UnexpectedSigner.class);
        assertThatThrownBy(() -> SignedReceipt.fromJson("{\"receiptId\": 3}"))
                .isInstanceOf(ContentException.MalformedValue.class);
    }
}
