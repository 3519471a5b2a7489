package dev.shoal.contracts.market;

import java.util.List;

/**
 * What the marketplace knows of one agent's deals and what the storage escrow credits it, for the agent's
 * operator ({@code GET {market}/api/agents/{agent}/earnings}). Amounts are decimal strings in the escrow
 * token's smallest unit ({@code decimals} places); the escrow figures are null, with {@code chainError} saying
 * why, when the chain could not be read.
 *
 * @param withdrawable earned, claimed and not yet withdrawn: the escrow's {@code balanceOf(agent)}
 * @param claimable    earned in settled epochs and not claimed yet, over the listed deals ({@code claim} moves it
 *                     to {@code withdrawable}; anyone may call it)
 * @param deals        the agent's deals, newest first (at most {@link #MAX_DEALS})
 */
public record AgentEarnings(String agent, String token, Integer decimals, String withdrawable, String claimable,
                            String chainError, List<DealEarnings> deals) {

    public static final int MAX_DEALS = 100;

    public AgentEarnings {
        deals = deals == null ? List.of() : List.copyOf(deals);
    }

    /**
     * One deal and, when it holds a slot of a funded escrow, its tenure there: escrow epochs
     * {@code [fromEpoch, toEpoch)} ({@code toEpoch} null while open), of which the order has settled
     * {@code settledEpochs} and the tenure's earnings were claimed up to {@code claimedToEpoch}.
     *
     * @param escrow {@code FUNDED}, {@code REFUSED}, or null while the order is not funded
     * @param slot   the escrow slot the deal holds, null when none (not funded yet, or a repair not handed over)
     */
    public record DealEarnings(String dealId, String orderId, String contentId, String title, String state,
                               String escrow, Integer slot, Integer fromEpoch, Integer toEpoch, Integer settledEpochs,
                               Integer epochs, Integer claimedToEpoch, String pricePerEpoch, String claimable) {
    }
}
