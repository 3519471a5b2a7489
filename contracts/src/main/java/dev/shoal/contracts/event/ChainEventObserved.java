package dev.shoal.contracts.event;

import java.util.Map;

/**
 * An event one of Shoal's contracts emitted, read back from a block buried under the confirmation depth
 * ({@code ChainEventObserved}). The event id derives from chain id, transaction hash and log index, so every reader
 * of the same chain names it alike.
 *
 * @param contract the contract that emitted it: {@link #STORAGE_ESCROW} or {@link #TIP_SPLITTER} (two contracts may
 *                 declare an event of the same name, e.g. {@code Withdrawn})
 * @param address  the contract's address
 * @param event    the event's name in the contract's ABI
 * @param args     the event's arguments by their ABI names: integers as decimal strings, addresses and bytes as
 *                 0x-hex strings, booleans as booleans; read the ones a consumer relies on through {@link #args(Class)}
 */
public record ChainEventObserved(long chainId, String contract, String address, String event, long blockNumber,
                                 String blockHash, String txHash, long logIndex, Map<String, Object> args) {

    public static final String STORAGE_ESCROW = "StorageEscrow";
    public static final String TIP_SPLITTER = "TipSplitter";

    public boolean is(String contract, String event) {
        return this.contract.equals(contract) && this.event.equals(event);
    }

    /** The arguments as one of the records below (or any record whose fields are ABI argument names). */
    public <T> T args(Class<T> type) {
        return EventJson.MAPPER.convertValue(args, type);
    }

    /** TipSplitter's {@code TipSplit}: a tip split between creator, serving node and locator. Amounts in wei. */
    public record TipSplit(String tipId, String contentId, String creator, String tipper, String servingNode,
                           String locator, String amount, String creatorAmount, String servingAmount,
                           String locatorAmount, String ref) {
    }

    /** {@code Withdrawn} (either contract): an account took its balance out. Amount in the contract's units. */
    public record Withdrawn(String account, String amount) {
    }
}
