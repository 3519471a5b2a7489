package dev.shoal.gateway.tips;

import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.receipt.ServingReceipt;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who served a viewing session, from its verified serving receipts: the serving node is the agent with the most
 * receipted bytes, and on a tie the lowest address (so every gateway picks the same one). A session with no
 * receipts was served by peers only and has no serving node.
 *
 * @param bytesByAgent receipted bytes per agent, ordered by address
 * @param servedBytes  the serving node's receipted bytes (0 without one)
 * @param sessionBytes all receipted bytes of the session
 */
public record Attribution(Optional<Address> servingNode, long servedBytes, long sessionBytes, Map<String, Long> bytesByAgent) {

    public static Attribution of(Collection<ServingReceipt> receipts) {
        Map<String, Long> bytes = new TreeMap<>();
        for (ServingReceipt r : receipts) {
            bytes.merge(r.agent().lowerHex(), r.bytes(), Math::addExact);
        }
        long total = bytes.values().stream().mapToLong(Long::longValue).reduce(0, Math::addExact);
        // most bytes; among equals the lowest address, which the reversed order on addresses makes the greatest
        Optional<Map.Entry<String, Long>> best = bytes.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()));
        return new Attribution(best.map(e -> Address.parse(e.getKey())), best.map(Map.Entry::getValue).orElse(0L), total, bytes);
    }
}
