package dev.shoal.contracts.event;

/**
 * A deal moved from one state to another ({@code DealProposed}, {@code DealTransferStarted}, {@code DealActivated},
 * {@code DealExpired}, {@code DealFailed}, {@code DealCancelled}: the type names the state reached).
 *
 * @param from     the state left, null for a new deal
 * @param replaces the lost deal a repair deal replaces, or null
 * @param at       ISO-8601
 */
public record DealTransitioned(String dealId, String orderId, String agent, String from, String to, String reason,
                               String replaces, String at) {
}
