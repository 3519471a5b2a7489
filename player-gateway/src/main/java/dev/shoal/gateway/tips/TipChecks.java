package dev.shoal.gateway.tips;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.contracts.receipt.SignedReceipt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evidence a tip hands in, checked before anything is stored or built: the serving receipts the player
 * collected (each one, or the whole tip is refused, naming the receipt) and the locator ticket it used. Pure: the
 * caller supplies the agents that hold the content now, the trusted locator and the time.
 */
public final class TipChecks {

    private TipChecks() {
    }

    /**
     * Every receipt decoded and verified: signed by the agent it names, for this session and content, issued within
     * {@code window} of {@code now}, by an agent that holds an ACTIVE replica now, and not handed in twice.
     *
     * @param receipts     the {@code Shoal-Receipt} header values (base64url of the signed receipt's JSON)
     * @param activeAgents the agents the locator lists for the content now
     */
    public static List<ServingReceipt> receipts(List<String> receipts, String contentId, String session, Set<Address> activeAgents,
                                                Duration window, Instant now) {
        List<ServingReceipt> verified = new ArrayList<>(receipts.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < receipts.size(); i++) {
            String name = "receipt #" + i;
            SignedReceipt signed = decode(receipts.get(i), i);
            ServingReceipt r = signed.receipt();
            name += " (" + r.receiptId() + ")";
            try {
                signed.signedByItsAgent();
            } catch (ContentException.SignatureMismatch e) {
                throw rejected(i, name + " " + e.getMessage());
            } catch (ContentException e) {
                throw rejected(i, name + " has an unusable signature: " + e.getMessage());
            }
            if (!r.viewerSession().equals(session)) {
                throw rejected(i, name + " was issued for another viewing session (" + r.viewerSession()
                        + "), not for this tip's session " + session);
            }
            if (!r.contentId().hex().equals(contentId)) {
                throw rejected(i, name + " is for content " + r.contentId().hex() + ", not " + contentId);
            }
            if (!r.issuedWithin(window, now)) {
                throw rejected(i, name + " was issued at " + Instant.ofEpochMilli(r.issuedAtMillis()) + ", more than " + window + " from now (" + now
                        + "): too old to count");
            }
            if (!activeAgents.contains(r.agent())) {
                throw rejected(i, name + " is from agent " + r.agent() + ", which does not hold an active replica of "
                        + contentId);
            }
            Integer earlier = seen.putIfAbsent(r.receiptId(), i);
            if (earlier != null) {
                throw rejected(i, name + " repeats receipt #" + earlier + ": each receipt counts once");
            }
            verified.add(r);
        }
        return verified;
    }

    private static SignedReceipt decode(String value, int index) {
        try {
            return SignedReceipt.fromHeader(value);
        } catch (ContentException e) {
            throw rejected(index, "receipt #" + index + " is " + e.getMessage());
        }
    }

    private static ProblemException rejected(int index, String detail) {
        return new ProblemException(ProblemType.RECEIPT_REJECTED, detail, Map.of("receipt", index));
    }

    /**
     * The ticket signed by {@code trustedLocator}, for this content and not expired at {@code now}; its locator. That
     * no other tip used it is the store's to check (its nonce is unique).
     */
    public static Address ticket(LocatorTicket ticket, String contentId, Address trustedLocator, Instant now) {
        if (ticket == null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "ticket is required: the locator ticket the player got with /api/watch",
                    Map.of("field", "ticket"));
        }
        Address signer;
        try {
            signer = ticket.verify();
        } catch (ContentException | NullPointerException | IllegalArgumentException | ArithmeticException e) {
            throw new ProblemException(ProblemType.TICKET_REJECTED, "the locator ticket does not verify: " + e.getMessage());
        }
        if (!signer.equals(trustedLocator)) {
            throw new ProblemException(ProblemType.TICKET_REJECTED, "the locator ticket is signed by " + signer
                    + ", not by this marketplace's locator " + trustedLocator);
        }
        if (!contentId.equals(ticket.contentId())) {
            throw new ProblemException(ProblemType.TICKET_REJECTED, "the locator ticket is for content " + ticket.contentId()
                    + ", not " + contentId);
        }
        if (ticket.expiredAt(now.toEpochMilli())) {
            throw new ProblemException(ProblemType.TICKET_EXPIRED, "the locator ticket expired at "
                    + Instant.ofEpochMilli(ticket.expiresAtMillis()) + "; ask /api/watch/" + contentId
                    + " for a fresh one (keep the session: the receipts are bound to it)");
        }
        return signer;
    }
}
