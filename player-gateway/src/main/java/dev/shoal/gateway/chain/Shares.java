package dev.shoal.gateway.chain;

import java.math.BigInteger;

/** The tip splitter's shares in basis points, as its {@code shares()} reports them; they sum to 10,000. */
public record Shares(int creatorBps, int servingBps, int locatorBps) {

    public static final int TOTAL_BPS = 10_000;
    private static final BigInteger TOTAL = BigInteger.valueOf(TOTAL_BPS);

    public Shares {
        if (creatorBps < 0 || servingBps < 0 || locatorBps < 0 || creatorBps + servingBps + locatorBps != TOTAL_BPS) {
            throw new IllegalArgumentException("shares must be non-negative and sum to " + TOTAL_BPS + ": "
                    + creatorBps + "/" + servingBps + "/" + locatorBps);
        }
    }

    /** What each recipient gets from a tip, in wei. */
    public record Split(BigInteger creatorWei, BigInteger servingWei, BigInteger locatorWei) {
        public BigInteger total() {
            return creatorWei.add(servingWei).add(locatorWei);
        }
    }

    /**
     * The split exactly as {@code TipSplitter.tip} computes it: the serving node and the locator get their share of
     * the amount rounded down (nothing when absent), the creator the rest, so rounding dust and absent shares go to
     * the creator and the parts add up to the amount.
     */
    public Split split(BigInteger amountWei, boolean servingNode, boolean locator) {
        if (amountWei.signum() <= 0) {
            throw new IllegalArgumentException("a tip is more than 0 wei");
        }
        BigInteger serving = servingNode ? amountWei.multiply(BigInteger.valueOf(servingBps)).divide(TOTAL) : BigInteger.ZERO;
        BigInteger toLocator = locator ? amountWei.multiply(BigInteger.valueOf(locatorBps)).divide(TOTAL) : BigInteger.ZERO;
        return new Split(amountWei.subtract(serving).subtract(toLocator), serving, toLocator);
    }
}
