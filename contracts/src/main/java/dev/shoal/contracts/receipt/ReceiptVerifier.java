package dev.shoal.contracts.receipt;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.SignedMessages;
import dev.shoal.contracts.replay.ReplayStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Accepts each serving receipt once: signed by the agent it names, issued within {@code window} of now (either
 * side, for clock skew), and not seen before. Ids are remembered for the window only: an older receipt is refused
 * as expired anyway, so memory stays bounded by the receipt rate times the window.
 */
public final class ReceiptVerifier {

    private final ReplayStore store;
    private final Duration window;
    private final Clock clock;

    public ReceiptVerifier(ReplayStore store, Duration window, Clock clock) {
        this.store = store;
        this.window = window;
        this.clock = clock;
    }

    public ServingReceipt accept(SignedReceipt signed) {
        ServingReceipt r = signed.signedByItsAgent();
        Instant now = clock.instant();
        Instant issued = Instant.ofEpochMilli(r.issuedAtMillis());
        if (!r.issuedWithin(window, now)) {
            throw new ContentException.ReceiptExpired("receipt " + r.receiptId() + " was issued at " + issued
                    + ", outside " + window + " of " + now);
        }
        if (!store.rememberOnce(r.agent().lowerHex(), r.receiptId(), issued.plus(window).plus(window), now)) {
            throw new ContentException.ReceiptReplayed("receipt " + r.receiptId() + " from " + r.agent()
                    + " was already accepted");
        }
        return r;
    }

    /** {@link #accept(SignedReceipt)}, and the agent must be {@code expectedAgent}. */
    public ServingReceipt accept(SignedReceipt signed, Address expectedAgent) {
        if (!signed.receipt().agent().equals(expectedAgent)) {
            throw new ContentException.UnexpectedSigner(SignedMessages.RECEIPT, "receipt from " + signed.receipt().agent()
                    + ", expected " + expectedAgent);
        }
        return accept(signed);
    }
}
