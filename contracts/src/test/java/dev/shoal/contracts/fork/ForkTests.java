package dev.shoal.contracts.fork;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.playlist.PlaylistWriter;
import dev.shoal.contracts.playlist.SegmentUriTemplate;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.SegmentDigest;
import dev.shoal.contracts.segment.SegmentRecord;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ad forks: the splice, its check against the plan, and the ad markers in the fork's playlists. */
class ForkTests {

    static final long EIGHT = 8_000_000;
    static final Address CREATOR = SigningKey.generate().address();
    static final Address ADVERTISER = SigningKey.generate().address();

    final Random random = new Random(7);
    // a 64 s original in two renditions (8 segments of 8 s) and a 16 s ad cut like it (2 segments)
    final Manifest original = manifest("Original", CREATOR, 8, EIGHT);
    final Manifest ad = manifest("Ad", ADVERTISER, 2, EIGHT);
    final ForkPlan at24 = new ForkPlan(original.contentId(), ad.contentId(), List.of(24_000_000L));

    @Test
    void theForkIsTheOriginalsSegmentsWithTheWholeAdAtTheCueAndItsOwnChain() {
        Manifest fork = Fork.splice(original, ad, at24, "Original (sponsored)", ADVERTISER);

        assertThat(fork.contentId()).isNotEqualTo(original.contentId());
        assertThat(Manifest.decode(fork.encode())).isEqualTo(fork); // a manifest like any other: canonical, links checked
        for (Rendition r : fork.renditions()) {
            List<Sha256> hashes = r.segments().stream().map(SegmentRecord::sha256).toList();
            List<Sha256> originals = original.rendition(r.name()).segments().stream().map(SegmentRecord::sha256).toList();
            List<Sha256> ads = ad.rendition(r.name()).segments().stream().map(SegmentRecord::sha256).toList();
            List<Sha256> expected = new ArrayList<>(originals.subList(0, 3));
            expected.addAll(ads);
            expected.addAll(originals.subList(3, 8));
            assertThat(hashes).containsExactlyElementsOf(expected); // the original's own segments: one swarm per segment
            assertThat(r.segments()).extracting(SegmentRecord::discontinuity)
                    .containsExactly(false, false, false, true, false, true, false, false, false, false);
            assertThat(r.durationMicros()).isEqualTo(80_000_000L);
        }
        Fork.verify(original, ad, at24, fork);
    }

    @Test
    void aPreRollAPostRollAndTwoBreaks() {
        ForkPlan three = new ForkPlan(original.contentId(), ad.contentId(), List.of(0L, 32_000_000L, 64_000_000L));
        Manifest fork = Fork.splice(original, ad, three, "Three breaks", ADVERTISER);
        Rendition r = fork.renditions().get(0);
        assertThat(r.segments()).hasSize(14);
        assertThat(r.segments()).extracting(SegmentRecord::discontinuity)
                .containsExactly(false, false, true, false, false, false, true, false, true, false, false, false, true, false);
        assertThat(Fork.adSpans(original, ad, three, r.name())).extracting(AdSpan::first, AdSpan::startMicros, AdSpan::cueMicros)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 0L, 0L),
                        org.assertj.core.groups.Tuple.tuple(6, 48_000_000L, 32_000_000L),
                        org.assertj.core.groups.Tuple.tuple(12, 96_000_000L, 64_000_000L));
        Fork.verify(original, ad, three, fork);
    }

    @Test
    void aForkThatDropsReordersOrAltersTheOriginalOrCarriesOtherAdsOrCuesIsRefused() {
        Manifest fork = Fork.splice(original, ad, at24, "Sponsored", ADVERTISER);
        List<SegmentRecord> segments = new ArrayList<>(fork.renditions().get(0).segments());

        List<SegmentRecord> dropped = new ArrayList<>(segments);
        dropped.remove(7);
        refused(original, ad, at24, withFirstRendition(fork, dropped), "has 9 segments, the splice 10");

        List<SegmentRecord> reordered = new ArrayList<>(segments);
        Collections.swap(reordered, 6, 7);
        refused(original, ad, at24, withFirstRendition(fork, reordered), "differs at segment 6");

        List<SegmentRecord> altered = new ArrayList<>(segments);
        SegmentRecord s = altered.get(8);
        altered.set(8, new SegmentRecord(8, s.durationMicros(), s.size(), Sha256.of(new byte[] {1}), s.link(), s.chunkRoot(), false));
        refused(original, ad, at24, withFirstRendition(fork, altered), "differs at segment 8");

        ForkPlan at16 = new ForkPlan(original.contentId(), ad.contentId(), List.of(16_000_000L));
        refused(original, ad, at16, fork, "differs at segment 2"); // consent for other cue points names another fork

        Manifest otherAd = manifest("Another ad", ADVERTISER, 2, EIGHT);
        ForkPlan other = new ForkPlan(original.contentId(), otherAd.contentId(), List.of(24_000_000L));
        refused(original, otherAd, other, fork, "differs at segment 3");
        assertThatThrownBy(() -> Fork.verify(original, otherAd, at24, fork)).isInstanceOf(ContentException.ForkMismatch.class)
                .hasMessageContaining("the plan names original");
    }

    @Test
    void aCueOffASegmentBoundaryOrPastTheEndOrAnAdCutOtherwiseIsRefusedByName() {
        ForkPlan off = new ForkPlan(original.contentId(), ad.contentId(), List.of(20_000_000L));
        assertThatThrownBy(() -> Fork.splice(original, ad, off, "x", ADVERTISER)).isInstanceOf(ContentException.ForkMismatch.class)
                .hasMessageContaining("cue point 20 s is not on a segment boundary").hasMessageContaining("meet at 24 s");
        ForkPlan past = new ForkPlan(original.contentId(), ad.contentId(), List.of(72_000_000L));
        assertThatThrownBy(() -> Fork.splice(original, ad, past, "x", ADVERTISER)).hasMessageContaining("past its end at 64 s");
        Manifest oneRendition = new Manifest("Ad", ADVERTISER, List.of(ad.renditions().get(0)));
        ForkPlan plan = new ForkPlan(original.contentId(), oneRendition.contentId(), List.of(24_000_000L));
        assertThatThrownBy(() -> Fork.splice(original, oneRendition, plan, "x", ADVERTISER)).isInstanceOf(ContentException.ForkMismatch.class)
                .hasMessageContaining("the ad has no rendition lo");
        assertThatThrownBy(() -> new ForkPlan(original.contentId(), ad.contentId(), List.of(24_000_000L, 8_000_000L)))
                .hasMessageContaining("strictly ascending");
    }

    @Test
    void theForksPlaylistMarksEachAdWithADateRangeBetweenDiscontinuities() throws Exception {
        Manifest fork = Fork.splice(original, ad, at24, "Sponsored", ADVERTISER);
        Rendition hi = fork.rendition("hi");
        String playlist = PlaylistWriter.media(fork, hi, SegmentUriTemplate.defaultAt(""),
                Fork.adSpans(original, ad, at24, "hi"));

        assertThat(playlist).contains("#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00Z\n")
                .contains("#EXT-X-DISCONTINUITY\n#EXT-X-DATERANGE:ID=\"ad-1\",CLASS=\"dev.shoal.ad\",START-DATE=\"1970-01-01T00:00:24Z\","
                        + "DURATION=16.000000,X-SHOAL-CUE=24.000000\n#EXTINF:8.000000,\nsegments/" + hi.segments().get(3).sha256().hex() + ".ts\n");
        assertThat(playlist.split("#EXT-X-DISCONTINUITY\n", -1)).hasSize(3);
        var parsed = new MediaPlaylistParser().readPlaylist(playlist); // strict: the date range and program date are valid HLS
        assertThat(parsed.mediaSegments()).hasSize(10);
        assertThat(parsed.mediaSegments().get(3).discontinuity()).isTrue();
        assertThat(parsed.mediaSegments().get(5).discontinuity()).isTrue();
        // the original's playlist carries no ad markers
        assertThat(PlaylistWriter.media(original, original.rendition("hi"), SegmentUriTemplate.defaultAt("")))
                .doesNotContain("DATERANGE", "PROGRAM-DATE-TIME", "DISCONTINUITY");
    }

    private static void refused(Manifest original, Manifest ad, ForkPlan plan, Manifest fork, String why) {
        assertThatThrownBy(() -> Fork.verify(original, ad, plan, fork)).isInstanceOf(ContentException.ForkMismatch.class)
                .hasMessageContaining(why);
    }

    /** The fork with its first rendition's segments replaced (indexes and links made right, so it is a valid manifest). */
    private static Manifest withFirstRendition(Manifest fork, List<SegmentRecord> segments) {
        List<SegmentRecord> relinked = new ArrayList<>();
        Sha256 link = Chain.GENESIS;
        for (SegmentRecord s : segments) {
            link = Chain.link(link, s.sha256());
            relinked.add(new SegmentRecord(relinked.size(), s.durationMicros(), s.size(), s.sha256(), link, s.chunkRoot(), s.discontinuity()));
        }
        Rendition r = fork.renditions().get(0);
        List<Rendition> renditions = new ArrayList<>(fork.renditions());
        renditions.set(0, new Rendition(r.name(), r.container(), r.codecs(), r.bandwidth(), r.width(), r.height(), r.frameRateMilli(),
                r.init(), relinked));
        return new Manifest(fork.title(), fork.creator(), renditions);
    }

    /** Two MPEG-TS renditions ("hi", "lo") of {@code n} segments of {@code micros} each, over random bytes. */
    private Manifest manifest(String title, Address creator, int n, long micros) {
        List<Rendition> renditions = new ArrayList<>();
        for (String name : List.of("hi", "lo")) {
            List<SegmentRecord> segments = new ArrayList<>();
            Sha256 link = Chain.GENESIS;
            for (int i = 0; i < n; i++) {
                byte[] bytes = new byte[188 * (10 + random.nextInt(20))];
                random.nextBytes(bytes);
                SegmentDigest d = SegmentDigest.of(bytes);
                link = Chain.link(link, d.sha256());
                segments.add(new SegmentRecord(i, micros, bytes.length, d.sha256(), link, d.chunkRoot(), false));
            }
            renditions.add(new Rendition(name, Container.MPEG_TS, "avc1.42c00c", name.equals("hi") ? 2_000_000 : 600_000,
                    name.equals("hi") ? 1280 : 640, name.equals("hi") ? 720 : 360, 25_000, null, segments));
        }
        return new Manifest(title, creator, renditions);
    }
}
