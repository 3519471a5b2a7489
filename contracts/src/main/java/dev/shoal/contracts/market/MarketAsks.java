package dev.shoal.contracts.market;

/**
 * What the storage market asks now, before there is anything to quote ({@code GET {market}/api/orders/asks?replicas=N},
 * version 1): a creator opening a live room sets its archive's maximum price before the recording exists. Amounts are
 * decimal strings in sUSD per GB-month (10^9 bytes, 30 days).
 *
 * @param replicas        the replicas asked about (5 to 10)
 * @param placeable       how many of them placement would choose now, at any price
 * @param maxPriceToPlace the least maximum at which placement would choose all {@code replicas} now (the highest ask among
 *                        the agents it would choose); null when fewer agents could take one
 * @param lowestAsk       the lowest ask among the online agents with room; null when there is none
 * @param step            the steps prices come in on this market's epochs ({@code epochSeconds} each): one sUSD unit per
 *                        GB-epoch; a maximum below it is no price at all
 */
public record MarketAsks(int version, int replicas, int placeable, String maxPriceToPlace, String lowestAsk, String step,
                         long epochSeconds) {

    public static final int VERSION = 1;

    /** The maximum to suggest to a creator: the price that places all the replicas, else the lowest ask; null when no agent asks. */
    public String suggestedPrice() {
        return maxPriceToPlace != null ? maxPriceToPlace : lowestAsk;
    }
}
