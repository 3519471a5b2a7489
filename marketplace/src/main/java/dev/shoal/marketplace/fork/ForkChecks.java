package dev.shoal.marketplace.fork;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.fork.Fork;
import dev.shoal.contracts.fork.ForkPlan;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.time.Instant;
import java.util.Map;

/**
 * The checks of a fork request and of a creator's consent, without the database: each refusal is a problem with its
 * own type, raised before anything is written.
 */
final class ForkChecks {

    private ForkChecks() {
    }

    /**
     * The fork is signed by the address that signed the ad, and is exactly the original with the ad spliced in at the
     * plan's cue points ({@link Fork#verify}).
     */
    static void fork(Manifest original, Manifest ad, ForkPlan plan, Manifest fork) {
        Address adSigner = ad.creator();
        if (!fork.creator().equals(adSigner)) {
            throw new ProblemException(ProblemType.FORK_SIGNER_MISMATCH, "the fork is signed by " + fork.creator()
                    + ", the ad by " + adSigner + ": the advertiser signs both");
        }
        try {
            Fork.verify(original, ad, plan, fork);
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.FORK_MISMATCH, e.getMessage(), Map.of("code", e.code()));
        }
    }

    /**
     * The creator's consent answers this request: it names this original and this fork, the term has not ended, its
     * terms are the request's exactly, and it is signed by the original's creator.
     */
    static void consent(SponsorshipConsent terms, SponsorshipConsent.Signed signed, Instant now) {
        SponsorshipConsent given = signed.consent();
        try {
            given.requireCovers(terms.original(), terms.fork());
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.CONSENT_FOR_ANOTHER_FORK, e.getMessage(), Map.of("code", e.code()));
        }
        if (now.getEpochSecond() >= terms.endSeconds() || now.getEpochSecond() >= given.endSeconds()) {
            throw new ProblemException(ProblemType.CONSENT_LAPSED, "the term ended at " + Instant.ofEpochSecond(Math.min(terms.endSeconds(),
                    given.endSeconds())) + ": a lapsed request takes no consent");
        }
        String differs = firstDifference(terms, given);
        if (differs != null) {
            throw new ProblemException(ProblemType.CONSENT_REJECTED, "the consent's " + differs + " is not the request's: sign the"
                    + " request's typed data as it is", Map.of("field", differs));
        }
        try {
            given.verify(signed.signature(), now);
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.CONSENT_REJECTED, e.getMessage(), Map.of("code", e.code()));
        }
    }

    /** A consent is read from its wire form, or refused as malformed. */
    static SponsorshipConsent.Signed read(String json) {
        if (json == null || json.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "no consent: the body is the signed consent,"
                    + " {\"version\":1,\"typedData\":{...},\"signature\":\"0x...\"}");
        }
        try {
            return SponsorshipConsent.Signed.fromJson(json);
        } catch (ContentException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage(), Map.of("code", e.code()));
        }
    }

    private static String firstDifference(SponsorshipConsent a, SponsorshipConsent b) {
        if (a.chainId() != b.chainId()) {
            return "chainId";
        }
        if (!a.contract().equals(b.contract())) {
            return "verifyingContract";
        }
        if (!a.creator().equals(b.creator())) {
            return "creator";
        }
        if (!a.advertiser().equals(b.advertiser())) {
            return "advertiser";
        }
        if (!a.amount().equals(b.amount())) {
            return "amount";
        }
        if (a.replicas() != b.replicas()) {
            return "replicas";
        }
        if (a.startSeconds() != b.startSeconds()) {
            return "start";
        }
        if (a.endSeconds() != b.endSeconds()) {
            return "end";
        }
        if (a.offerFirst() != b.offerFirst()) {
            return "offerFirst";
        }
        if (!a.nonce().equals(b.nonce())) {
            return "nonce";
        }
        return null;
    }

    /**
     * Where an ad may go in {@code original}: the times (µs) at which every rendition's segments meet, 0 (a pre-roll) and
     * the end (a post-roll) included.
     */
    static java.util.List<Long> cueBoundaries(Manifest original) {
        java.util.TreeSet<Long> common = null;
        for (var r : original.renditions()) {
            java.util.TreeSet<Long> at = new java.util.TreeSet<>(java.util.List.of(0L));
            long t = 0;
            for (var segment : r.segments()) {
                t += segment.durationMicros();
                at.add(t);
            }
            if (common == null) {
                common = at;
            } else {
                common.retainAll(at);
            }
        }
        return common == null ? java.util.List.of() : java.util.List.copyOf(common);
    }

    /** Each cue is a boundary of {@link #cueBoundaries}: 400 naming {@code cuesMicros} for one past the end or between segments. */
    static void cues(Manifest original, java.util.List<Long> cuesMicros) {
        java.util.List<Long> boundaries = cueBoundaries(original);
        long end = boundaries.isEmpty() ? 0 : boundaries.getLast();
        for (long cue : cuesMicros) {
            if (cue < 0 || cue > end) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "cue point " + clock(cue) + " is beyond the original's end ("
                        + clock(end) + ")", Map.of("field", "cuesMicros"));
            }
            if (!boundaries.contains(cue)) {
                long before = boundaries.stream().filter(b -> b < cue).reduce((a, b) -> b).orElse(0L);
                long after = boundaries.stream().filter(b -> b > cue).findFirst().orElse(end);
                throw new ProblemException(ProblemType.INVALID_REQUEST, "cue point " + clock(cue) + " is not on a segment boundary of the"
                        + " original: the nearest are " + clock(before) + " and " + clock(after), Map.of("field", "cuesMicros"));
            }
        }
    }

    /** A time as people read it: m:ss, with the fraction of a second only when there is one. */
    static String clock(long micros) {
        long seconds = micros / 1_000_000;
        long rest = micros % 1_000_000;
        String s = (seconds / 60) + ":" + String.format("%02d", seconds % 60);
        return rest == 0 ? s : s + "." + java.math.BigDecimal.valueOf(rest, 6).stripTrailingZeros().toPlainString().substring(2);
    }

    static Sha256 contentId(String field, String hex) {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, field + " is a content id: 64 lowercase hex digits", Map.of("field", field));
        }
        return Sha256.fromHex(hex);
    }
}
