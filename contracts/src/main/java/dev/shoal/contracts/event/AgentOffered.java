package dev.shoal.contracts.event;

/**
 * An agent registered, or re-registered with a changed offer ({@code AgentRegistered}, {@code AgentUpdated}).
 *
 * @param agent              payout address
 * @param operator           the user who runs it (agents of one operator count as one for placement)
 * @param pricePerGbEpochWei decimal wei
 */
public record AgentOffered(String agent, String operator, String endpoint, String region, long capacityBytes,
                           String pricePerGbEpochWei) {
}
