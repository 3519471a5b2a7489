package dev.shoal.contracts.chain;

import java.util.UUID;

/** One entry of a {@link TransactionJournal}: a signed transaction, known (hash, nonce, bytes) before any node saw it. */
public record JournaledTransaction(UUID id, String purpose, String idempotencyKey, String sender, long nonce,
                                   String txHash, String rawTx, Status status, Long blockNumber, Long gasUsed,
                                   String contractAddress, String error) {

    public enum Status {
        /** Signed and journaled; broadcast or about to be; no receipt seen yet. */
        PENDING,
        /** Mined with status 1. */
        CONFIRMED,
        /** Mined with status 0: the nonce is spent, the effect is not. */
        REVERTED,
        /** The node refused it: it never reached the chain and its nonce was given back. */
        FAILED
    }
}
