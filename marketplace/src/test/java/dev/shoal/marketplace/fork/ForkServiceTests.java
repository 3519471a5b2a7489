package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.Fork;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.SegmentDigest;
import dev.shoal.contracts.segment.SegmentRecord;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks of a fork request and of a consent, each refusal with its own problem type (no database). */
class ForkServiceTests {

    static final long SECOND = 1_000_000;
    final Random random = new Random(17);
    final SigningKey creatorKey = SigningKey.generate();
    final SigningKey advertiserKey = SigningKey.generate();
    final Manifest original = manifest("Original", creatorKey.address(), 6);
    final Manifest ad = manifest("Ad", advertiserKey.address(), 2);
    final ForkPlan at2 = new ForkPlan(original.contentId(), ad.contentId(), List.of(2 * SECOND));
    final Manifest fork = Fork.splice(original, ad, at2, "Original, sponsored", advertiserKey.address());
    final Instant now = Instant.parse("2026-12-04T12:00:00Z");
    final SponsorshipConsent terms = terms(fork.contentId(), BigInteger.valueOf(12_500_000), now.getEpochSecond() + 3600);

    @Test
    void theSpliceTheRequestDescribesPasses() {
        assertThatCode(() -> ForkChecks.fork(original, ad, at2, fork)).doesNotThrowAnyException();
    }

    @Test
    void aForkThatDropsReordersOrAltersTheOriginalIsAForkMismatch() {
        List<SegmentRecord> segments = fork.renditions().getFirst().segments();
        List<SegmentRecord> dropped = new ArrayList<>(segments);
        dropped.remove(5);
        List<SegmentRecord> swapped = new ArrayList<>(segments);
        swapped.set(0, segments.get(1));
        swapped.set(1, segments.get(0));
        for (List<SegmentRecord> altered : List.of(dropped, swapped)) {
            Manifest bad = withFirstRendition(fork, altered);
            assertProblem(() -> ForkChecks.fork(original, ad, at2, bad), ProblemType.FORK_MISMATCH);
        }
        ForkPlan otherCue = new ForkPlan(original.contentId(), ad.contentId(), List.of(4 * SECOND));
        assertProblem(() -> ForkChecks.fork(original, ad, otherCue, fork), ProblemType.FORK_MISMATCH);
        Manifest otherAd = manifest("Ad", advertiserKey.address(), 2);
        ForkPlan withOtherAd = new ForkPlan(original.contentId(), otherAd.contentId(), List.of(2 * SECOND));
        assertProblem(() -> ForkChecks.fork(original, otherAd, withOtherAd, fork), ProblemType.FORK_MISMATCH);
    }

    @Test
    void cuePointsAreTheBoundariesEveryRenditionSharesFromPreRollToPostRoll() {
        assertThat(ForkChecks.cueBoundaries(original)).containsExactly(0L, SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND, 5 * SECOND, 6 * SECOND);
        List<SegmentRecord> longer = new ArrayList<>(original.renditions().getFirst().segments());
        SegmentRecord first = longer.removeFirst();
        longer.removeFirst();
        longer.addFirst(new SegmentRecord(0, 2 * SECOND, first.size(), first.sha256(), first.link(), first.chunkRoot(), false));
        Manifest uneven = withFirstRendition(original, longer);
        assertThat(ForkChecks.cueBoundaries(uneven)).as("hi's first segment is 2 s: 0:01 is no boundary of it").doesNotContain(SECOND)
                .contains(0L, 2 * SECOND);
        assertThatCode(() -> ForkChecks.cues(original, List.of(0L, 2 * SECOND, 6 * SECOND))).doesNotThrowAnyException();
    }

    @Test
    void aCueOffASegmentBoundaryOrPastTheEndIsAnInvalidRequestNamingTheField() {
        assertThatThrownBy(() -> ForkChecks.cues(original, List.of(2 * SECOND + SECOND / 2)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
                    assertThat(e.extensions()).containsEntry("field", "cuesMicros");
                    assertThat(e.getMessage()).contains("0:02.5 is not on a segment boundary", "the nearest are 0:02 and 0:03");
                });
        assertThatThrownBy(() -> ForkChecks.cues(original, List.of(7 * SECOND)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("0:07 is beyond the original's end (0:06)");
                });
        assertThatThrownBy(() -> ForkDrafts.splice(original, ad, new ForkPlan(original.contentId(), ad.contentId(), List.of(7 * SECOND)), "t"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST));
    }

    @Test
    void theDraftIsTheSpliceByTheAdsSignerAndAnAdCutOtherwiseIsAForkMismatchNamingTheRendition() {
        Manifest drafted = ForkDrafts.splice(original, ad, at2, "Original, sponsored");
        assertThat(drafted).isEqualTo(fork);
        assertThatCode(() -> ForkChecks.fork(original, ad, at2, drafted)).doesNotThrowAnyException();
        Manifest hiOnly = new Manifest("Ad", advertiserKey.address(), List.of(ad.renditions().getFirst()));
        ForkPlan plan = new ForkPlan(original.contentId(), hiOnly.contentId(), List.of(2 * SECOND));
        assertThatThrownBy(() -> ForkDrafts.splice(original, hiOnly, plan, "t"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.FORK_MISMATCH);
                    assertThat(e.getMessage()).contains("no rendition lo");
                });
    }

    @Test
    void aForkNotSignedByTheAdsSignerIsRefused() {
        Manifest byOther = Fork.splice(original, ad, at2, "Original, sponsored", SigningKey.generate().address());
        assertProblem(() -> ForkChecks.fork(original, ad, at2, byOther), ProblemType.FORK_SIGNER_MISMATCH);
    }

    @Test
    void theCreatorsSignatureOverTheRequestsTermsIsAConsent() {
        assertThatCode(() -> ForkChecks.consent(terms, terms.sign(creatorKey), now)).doesNotThrowAnyException();
    }

    @Test
    void aConsentSignedByAnyoneButTheCreatorIsRejected() {
        assertProblem(() -> ForkChecks.consent(terms, terms.sign(advertiserKey), now), ProblemType.CONSENT_REJECTED);
    }

    @Test
    void aConsentToOtherTermsIsRejectedNamingTheField() {
        SponsorshipConsent less = new SponsorshipConsent(terms.chainId(), terms.contract(), terms.original(), terms.fork(), terms.creator(),
                terms.advertiser(), BigInteger.ONE, terms.replicas(), terms.startSeconds(), terms.endSeconds(), terms.offerFirst(), terms.nonce());
        ProblemException e = assertProblem(() -> ForkChecks.consent(terms, less.sign(creatorKey), now), ProblemType.CONSENT_REJECTED);
        org.assertj.core.api.Assertions.assertThat(e.extensions()).containsEntry("field", "amount");
    }

    @Test
    void aConsentForAnotherForkOrOriginalIsRefusedSoOneCannotBeReplayedForASecondFork() {
        ForkPlan at4 = new ForkPlan(original.contentId(), ad.contentId(), List.of(4 * SECOND));
        Manifest second = Fork.splice(original, ad, at4, "Original, sponsored", advertiserKey.address());
        SponsorshipConsent secondTerms = terms(second.contentId(), terms.amount(), terms.endSeconds());
        assertProblem(() -> ForkChecks.consent(secondTerms, terms.sign(creatorKey), now), ProblemType.CONSENT_FOR_ANOTHER_FORK);
    }

    @Test
    void aConsentPastItsTermIsLapsed() {
        Instant after = Instant.ofEpochSecond(terms.endSeconds());
        assertProblem(() -> ForkChecks.consent(terms, terms.sign(creatorKey), after), ProblemType.CONSENT_LAPSED);
    }

    @Test
    void noConsentOrAMalformedOneIsAnInvalidRequest() {
        assertProblem(() -> ForkChecks.read(""), ProblemType.INVALID_REQUEST);
        assertProblem(() -> ForkChecks.read("{\"version\":2}"), ProblemType.INVALID_REQUEST);
    }

    private SponsorshipConsent terms(Sha256 forkId, BigInteger amount, long end) {
        return new SponsorshipConsent(31337, Address.parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), original.contentId(), forkId,
                creatorKey.address(), advertiserKey.address(), amount, 5, now.getEpochSecond(), end, true, BigInteger.valueOf(42));
    }

    private static ProblemException assertProblem(Runnable check, ProblemType type) {
        try {
            check.run();
        } catch (ProblemException e) {
            org.assertj.core.api.Assertions.assertThat(e.type()).as(e.getMessage()).isEqualTo(type);
            return e;
        }
        throw new AssertionError("expected " + type);
    }

    private static Manifest withFirstRendition(Manifest m, List<SegmentRecord> segments) {
        List<Rendition> renditions = new ArrayList<>(m.renditions());
        Rendition r = renditions.getFirst();
        // relink so only the order or the set of segments differs, not the chain
        List<SegmentRecord> relinked = new ArrayList<>();
        Sha256 link = Chain.GENESIS;
        for (SegmentRecord s : segments) {
            link = Chain.link(link, s.sha256());
            relinked.add(new SegmentRecord(relinked.size(), s.durationMicros(), s.size(), s.sha256(), link, s.chunkRoot(), s.discontinuity()));
        }
        renditions.set(0, new Rendition(r.name(), r.container(), r.codecs(), r.bandwidth(), r.width(), r.height(), r.frameRateMilli(), r.init(),
                relinked));
        return new Manifest(m.title(), m.creator(), renditions);
    }

    private Manifest manifest(String title, Address creator, int n) {
        List<Rendition> renditions = new ArrayList<>();
        for (String name : List.of("hi", "lo")) {
            List<SegmentRecord> segments = new ArrayList<>();
            Sha256 link = Chain.GENESIS;
            for (int i = 0; i < n; i++) {
                byte[] bytes = new byte[188 * (10 + random.nextInt(20))];
                random.nextBytes(bytes);
                SegmentDigest d = SegmentDigest.of(bytes);
                link = Chain.link(link, d.sha256());
                segments.add(new SegmentRecord(i, SECOND, bytes.length, d.sha256(), link, d.chunkRoot(), false));
            }
            renditions.add(new Rendition(name, Container.MPEG_TS, "avc1.42c00c", name.equals("hi") ? 2_000_000 : 600_000,
                    name.equals("hi") ? 1280 : 640, name.equals("hi") ? 720 : 360, 25_000, null, segments));
        }
        return new Manifest(title, creator, renditions);
    }
}
