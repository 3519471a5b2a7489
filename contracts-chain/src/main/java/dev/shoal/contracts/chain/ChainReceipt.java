package dev.shoal.contracts.chain;

import java.util.Optional;

/** A journaled transaction mined successfully ({@code contractAddress} for a contract creation). */
public record ChainReceipt(String txHash, long nonce, long blockNumber, long gasUsed, Optional<String> contractAddress) {
}
