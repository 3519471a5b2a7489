package dev.shoal.contracts.chain;

import java.util.Optional;

/**
 * A transaction the chain refused: reverted at estimation or in a block (then {@link #errorName()} names
 * the contract's custom error, e.g. {@code UnknownOrder}), rejected by the node, or not mined in time.
 */
public class ChainTransactionException extends RuntimeException {

    private final String errorName;
    private final String txHash;

    public ChainTransactionException(String message, String errorName, String txHash) {
        super(message);
        this.errorName = errorName;
        this.txHash = txHash;
    }

    public ChainTransactionException(String message, Throwable cause) {
        super(message, cause);
        this.errorName = null;
        this.txHash = null;
    }

    /** The contract's custom error (or OpenZeppelin's, e.g. AccessControlUnauthorizedAccount), when it reverted. */
    public Optional<String> errorName() {
        return Optional.ofNullable(errorName);
    }

    public Optional<String> txHash() {
        return Optional.ofNullable(txHash);
    }
}
