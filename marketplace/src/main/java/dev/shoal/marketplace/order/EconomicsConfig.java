package dev.shoal.marketplace.order;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;

/**
 * What a quote prices besides the agents' asks ({@code shoal.economics.*}): gas at a stated gas price and ETH price,
 * and the comparison with one copy on S3 Standard. The gas per replica-epoch and per claim are measured by
 * {@code ./shoal bench settlement-gas} (docs/benchmarks.md) for the batch sizes the settlement job uses.
 */
@ConfigMapping(prefix = "shoal.economics")
public interface EconomicsConfig {

    /** Gas price of the chain the escrow is on, in gwei (an L2-class chain: hundredths of a gwei). */
    @WithDefault("0.01")
    BigDecimal gasPriceGwei();

    /** ETH price in USD (1 sUSD = 1 USD) to turn gas into sUSD. */
    @WithDefault("3000")
    BigDecimal ethPriceUsd();

    /**
     * Settlement gas per replica-epoch: daily epochs of 5-replica orders settled daily, 100 orders per transaction,
     * 103,600 gas per replica-month measured (docs/benchmarks.md), / 30.
     */
    @WithDefault("3453")
    long settlementGasPerReplicaEpoch();

    /**
     * Payout gas per replica and day of the term: the job's weekly claimMany of 100 tenures (shoal.settlement.claim-every),
     * 90,670 gas per replica-month measured at 100 orders, / 30.
     */
    @WithDefault("3022")
    long claimGasPerReplicaDay();

    /** S3 Standard's price per GB-month in USD, for the comparison. */
    @WithDefault("0.023")
    BigDecimal s3PricePerGbMonth();
}
