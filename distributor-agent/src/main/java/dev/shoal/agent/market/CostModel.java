package dev.shoal.agent.market;

import dev.shoal.contracts.money.Susd;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * What keeping one GB for a month costs this agent's operator, and so what it asks (docs/economics.md):
 * <pre>
 *   disk      = disk price per TB / 1000 / months the disk lasts
 *   power     = watts per TB x 720 h / 1000 x price per kWh / 1000
 *   bandwidth = GB sent per stored GB-month (audits, repairs, serving) x price per GB sent
 *   ask       = (disk + power + bandwidth) x (1 + margin)          in USD = sUSD per GB-month
 * </pre>
 * The defaults (a $15/TB drive over 36 months, 0.4 W/TB at $0.15/kWh, 0.2 GB sent per GB-month at $0.001/GB, a 30%
 * margin) ask 0.000858 sUSD per GB-month; an operator changes any of them, or sets the ask outright.
 */
public record CostModel(BigDecimal diskUsdPerTb, int diskLifetimeMonths, BigDecimal wattsPerTb, BigDecimal usdPerKwh,
                        BigDecimal gbSentPerGbMonth, BigDecimal usdPerGbSent, BigDecimal margin) {

    private static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(Susd.MONTH.toHours());
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    public CostModel {
        if (diskLifetimeMonths < 1) {
            throw new IllegalArgumentException("the disk lifetime must be at least one month");
        }
        for (BigDecimal v : new BigDecimal[]{diskUsdPerTb, wattsPerTb, usdPerKwh, gbSentPerGbMonth, usdPerGbSent, margin}) {
            if (v.signum() < 0) {
                throw new IllegalArgumentException("cost model figures cannot be negative: " + v);
            }
        }
    }

    /** The cost of one GB-month in USD, before the margin. */
    public BigDecimal costPerGbMonth() {
        BigDecimal disk = diskUsdPerTb.divide(THOUSAND).divide(BigDecimal.valueOf(diskLifetimeMonths), 12, RoundingMode.HALF_UP);
        BigDecimal power = wattsPerTb.multiply(HOURS_PER_MONTH).divide(THOUSAND).multiply(usdPerKwh).divide(THOUSAND);
        BigDecimal bandwidth = gbSentPerGbMonth.multiply(usdPerGbSent);
        return disk.add(power).add(bandwidth);
    }

    /** The ask per GB-month in sUSD units (10^-6 sUSD), the margin included, rounded up. */
    public BigInteger askPerGbMonth() {
        return costPerGbMonth().multiply(BigDecimal.ONE.add(margin)).movePointRight(Susd.DECIMALS)
                .setScale(0, RoundingMode.CEILING).toBigIntegerExact();
    }

    /** The ask per GB and marketplace epoch in sUSD units, as the agent registers it (rounded up). */
    public static BigInteger perEpoch(BigInteger askPerGbMonth, Duration marketEpoch) {
        return Susd.perEpoch(askPerGbMonth, marketEpoch);
    }
}
