package dev.shoal.contracts.market;

import java.util.List;

/**
 * What archival storage of one content would cost, before ordering ({@code POST {market}/api/orders/quote}, version 1).
 * Every amount is a decimal string in sUSD (6 decimals, e.g. {@code "0.004000"}); prices are per GB-month (10^9 bytes,
 * 30 days). The replicas are the agents placement would choose now, each at its own ask (never above the maximum);
 * the gas is what settling and paying the term's epochs costs at the marketplace's configured gas price and ETH
 * price; {@code s3} is the same bytes kept for the same term in one copy on S3 Standard, for comparison.
 *
 * @param epochs      the term in the marketplace's epochs ({@code epochSeconds} each): what the escrow counts
 * @param storage     the sum of the replicas' totals: what the creator pays if every replica passes every epoch
 * @param escrowed    what funding takes up front: the maximum for every replica-epoch (the rest comes back)
 * @param total       storage plus gas
 * @param ratioToS3   total divided by {@code s3.total}, two decimals
 */
public record StorageQuote(int version, String contentId, long bytes, int replicas, int months, long epochs, long epochSeconds,
                           String maxPricePerGbMonth, List<ReplicaQuote> perReplica, String storage, String escrowed, Gas gas,
                           String total, S3 s3, String ratioToS3) {

    public static final int VERSION = 1;

    public StorageQuote {
        perReplica = perReplica == null ? List.of() : List.copyOf(perReplica);
    }

    /** One replica: its agent, its ask per GB-month, what one epoch of this content costs there, and the term's total. */
    public record ReplicaQuote(String agent, String region, String askPerGbMonth, String pricePerEpoch, String total) {
    }

    /**
     * Settlement and payout gas for the term: {@code units} of gas at {@code gasPriceGwei} and {@code ethPriceUsd},
     * {@code cost} in sUSD (1 sUSD = 1 USD).
     */
    public record Gas(long units, String gasPriceGwei, String ethPriceUsd, String cost) {
    }

    /** One copy on S3 Standard at {@code pricePerGbMonth} for the same term. */
    public record S3(String pricePerGbMonth, String total) {
    }

    /** What a creator asks a quote for: a content, 5 to 10 replicas, a term in months, and optionally a maximum per GB-month in sUSD. */
    public record Request(String contentId, Integer replicas, Integer months, String maxPricePerGbMonth) {
    }
}
