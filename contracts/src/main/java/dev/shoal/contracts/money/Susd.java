package dev.shoal.contracts.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * sUSD, the token storage is paid in: 6 decimals (its contract's {@code decimals()}), so one unit is 10^-6 sUSD.
 * Prices are stated per GB-month (a month of 30 days, a GB of 10^9 bytes) where people read or type them, and
 * per GB-epoch in units where the escrow counts them.
 */
public final class Susd {

    public static final String SYMBOL = "sUSD";
    public static final int DECIMALS = 6;
    /** The month prices are stated per: 30 days. */
    public static final Duration MONTH = Duration.ofDays(30);
    public static final long GB = 1_000_000_000L;

    private Susd() {
    }

    /** Units as "1.234567 sUSD" (all six decimals, so amounts line up and nothing is rounded away). */
    public static String format(BigInteger units) {
        return decimal(units).toPlainString() + " " + SYMBOL;
    }

    /** Units as a decimal number of sUSD (scale 6), for JSON fields named ...Susd. */
    public static BigDecimal decimal(BigInteger units) {
        return new BigDecimal(units, DECIMALS);
    }

    /**
     * A decimal amount of sUSD ("0.0015", "2") as units; more than 6 decimals or a negative amount is refused.
     *
     * @throws NumberFormatException when the text is not such an amount
     */
    public static BigInteger parse(String susd) {
        BigDecimal amount = new BigDecimal(susd.trim());
        if (amount.signum() < 0) {
            throw new NumberFormatException("a negative amount: " + susd);
        }
        try {
            return amount.movePointRight(DECIMALS).setScale(0, RoundingMode.UNNECESSARY).toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new NumberFormatException("more than " + DECIMALS + " decimals: " + susd);
        }
    }

    /**
     * An ask per GB-month (units) as the ask per GB-epoch (units) for epochs of this length, rounded up: an agent is
     * never paid less than it asks.
     */
    public static BigInteger perEpoch(BigInteger perGbMonth, Duration epoch) {
        return ceilDiv(perGbMonth.multiply(BigInteger.valueOf(epoch.toMillis())), BigInteger.valueOf(MONTH.toMillis()));
    }

    /**
     * A creator's maximum per GB-month (units) as the maximum per GB-epoch (units) for epochs of this length, rounded
     * down: a creator never pays more than the maximum it gave. On short epochs a small maximum can become 0 (0.004
     * sUSD per GB-month is 0.046 units per 30 s GB-epoch), which no ask fits; {@link #step} says what the least is.
     */
    public static BigInteger maxPerEpoch(BigInteger perGbMonth, Duration epoch) {
        return perGbMonth.multiply(BigInteger.valueOf(epoch.toMillis())).divide(BigInteger.valueOf(MONTH.toMillis()));
    }

    /** One unit per GB-epoch as a price per GB-month (units): the steps prices come in on epochs of this length. */
    public static BigInteger step(Duration epoch) {
        return askPerMonth(BigInteger.ONE, epoch);
    }

    /** A price per GB-epoch (units) for epochs of this length as the price per GB-month (units), rounded down: how a maximum is shown. */
    public static BigInteger perMonth(BigInteger perGbEpoch, Duration epoch) {
        return perGbEpoch.multiply(BigInteger.valueOf(MONTH.toMillis())).divide(BigInteger.valueOf(epoch.toMillis()));
    }

    /**
     * An ask per GB-epoch (units) as a price per GB-month (units), rounded up: how an ask is shown, the least maximum
     * that takes it ({@code maxPerEpoch(askPerMonth(a)) >= a}, where rounding down would fall short on epochs that do
     * not divide the month).
     */
    public static BigInteger askPerMonth(BigInteger perGbEpoch, Duration epoch) {
        return ceilDiv(perGbEpoch.multiply(BigInteger.valueOf(MONTH.toMillis())), BigInteger.valueOf(epoch.toMillis()));
    }

    /**
     * What one replica-epoch of {@code bytes} costs at a price per GB-epoch (units), rounded up to the unit: what the escrow
     * funds, pays and quotes per replica and epoch.
     */
    public static BigInteger perReplicaEpoch(BigInteger perGbEpoch, long bytes) {
        return ceilDiv(perGbEpoch.multiply(BigInteger.valueOf(bytes)), BigInteger.valueOf(GB));
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    /** How many epochs of this length a term of whole months is (rounded up). */
    public static long epochsIn(Duration term, Duration epoch) {
        long ms = epoch.toMillis();
        return (term.toMillis() + ms - 1) / ms;
    }
}
