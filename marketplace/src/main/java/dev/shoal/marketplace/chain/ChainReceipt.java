package dev.shoal.marketplace.chain;

import java.util.Optional;

/** A journaled transaction mined successfully. */
public record ChainReceipt(String txHash, long nonce, long blockNumber, long gasUsed, Optional<String> contractAddress) {
}
