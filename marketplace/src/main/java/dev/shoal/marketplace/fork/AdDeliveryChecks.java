package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.AdDeliveryBatch;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.fork.AdQuartile;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.contracts.receipt.SignedReceipt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of ad delivery receipts, checked before anything is written: each one decoded and signed by the agent it
 * names, issued within the configured age, a known agent, for this session and this fork, and for one of the fork's ad segments; or the whole batch is
 * refused naming the receipt. Pure: the caller supplies the ad's manifest and the agents the registry knows.
 */
public final class AdDeliveryChecks {

    /** The most receipts one batch may carry: an hour of 2 s segments in every rendition is far fewer. */
    public static final int MAX_RECEIPTS = AdDeliveryBatch.MAX_RECEIPTS;

    private AdDeliveryChecks() {
    }

    /** A receipt that counts, with the points of the ad that receiving its segment reaches. */
    public record Delivered(ServingReceipt receipt, Set<AdQuartile> reached) {
    }

    /** The batch's receipts decoded, in order; a receipt that is not one refuses the batch. */
    public static List<SignedReceipt> decode(List<String> receipts) {
        if (receipts == null || receipts.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "receipts lists the Shoal-Receipt header values of the ad's segments",
                    Map.of("field", "receipts"));
        }
        if (receipts.size() > MAX_RECEIPTS) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "at most " + MAX_RECEIPTS + " receipts in one batch, not " + receipts.size(),
                    Map.of("field", "receipts"));
        }
        List<SignedReceipt> out = new ArrayList<>(receipts.size());
        for (int i = 0; i < receipts.size(); i++) {
            try {
                out.add(SignedReceipt.fromHeader(receipts.get(i)));
            } catch (ContentException e) {
                throw rejected(i, "receipt #" + i + " is not a serving receipt: " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The receipts that count: each checked (or the batch refused), a receipt repeated within the batch counted once.
     *
     * @param knownAgents the registered agents among those the receipts name (lower-case addresses)
     * @param maxAge      how long after it was issued a receipt still counts (either side of {@code now}, for clock skew)
     */
    public static List<Delivered> check(List<SignedReceipt> receipts, String forkId, String session, Manifest ad, Set<String> knownAgents,
                                        Duration maxAge, Instant now) {
        if (session == null || session.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "session is the viewer session the receipts were issued for",
                    Map.of("field", "session"));
        }
        Map<Sha256, Set<AdQuartile>> adSegments = adSegments(ad);
        Map<String, Delivered> out = new LinkedHashMap<>();
        for (int i = 0; i < receipts.size(); i++) {
            SignedReceipt signed = receipts.get(i);
            ServingReceipt r = signed.receipt();
            String name = "receipt #" + i + " (" + r.receiptId() + ")";
            try {
                signed.signedByItsAgent();
            } catch (ContentException.SignatureMismatch e) {
                throw rejected(i, name + " " + e.getMessage());
            } catch (ContentException e) {
                throw rejected(i, name + " has an unusable signature: " + e.getMessage());
            }
            if (!r.issuedWithin(maxAge, now)) {
                throw rejected(i, name + " was issued at " + Instant.ofEpochMilli(r.issuedAtMillis()) + ", more than " + maxAge
                        + " from now (" + now + "): too old to count");
            }
            if (!knownAgents.contains(r.agent().toString().toLowerCase(java.util.Locale.ROOT))) {
                throw rejected(i, name + " is from " + r.agent() + ", which is not a registered agent");
            }
            if (!r.viewerSession().equals(session)) {
                throw rejected(i, name + " was issued for another viewing session (" + r.viewerSession() + "), not " + session);
            }
            if (!r.contentId().hex().equals(forkId)) {
                throw rejected(i, name + " is for content " + r.contentId().hex() + ", not the fork " + forkId);
            }
            Set<AdQuartile> reached = adSegments.get(r.segment());
            if (reached == null) {
                throw rejected(i, name + " is for segment " + r.segment().hex() + ", which is not one of the fork's ad segments");
            }
            out.putIfAbsent(r.agent().toString().toLowerCase(java.util.Locale.ROOT) + "/" + r.receiptId(), new Delivered(r, reached));
        }
        return List.copyOf(out.values());
    }

    /** Each of the ad's segments (every rendition) with the points of the ad it plays at. */
    static Map<Sha256, Set<AdQuartile>> adSegments(Manifest ad) {
        Map<Sha256, Set<AdQuartile>> out = new HashMap<>();
        for (Rendition r : ad.renditions()) {
            for (int i = 0; i < r.segments().size(); i++) {
                Set<AdQuartile> reached = out.computeIfAbsent(r.segments().get(i).sha256(), k -> EnumSet.noneOf(AdQuartile.class));
                reached.addAll(AdQuartile.reachedBy(r, i));
            }
        }
        return out;
    }

    /** The agents a batch names, lower-case, for the registry lookup. */
    public static Set<String> agents(List<SignedReceipt> receipts) {
        Set<String> out = new HashSet<>();
        receipts.forEach(s -> out.add(s.receipt().agent().toString().toLowerCase(java.util.Locale.ROOT)));
        return out;
    }

    private static ProblemException rejected(int index, String detail) {
        return new ProblemException(ProblemType.RECEIPT_REJECTED, detail, Map.of("receipt", index));
    }
}
