package dev.shoal.marketplace.chain;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

import java.io.IOException;
import java.math.BigInteger;

/**
 * The gas strategy: the limit is the node's estimate plus a margin (an estimate that reverts is the
 * revert, reported before anything is signed); fees follow EIP-1559 from the latest base fee.
 */
public class GasPolicy {

    /** The fee caps of one transaction. */
    public record Fees(BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas) {
    }

    private static final BigInteger DEFAULT_TIP = BigInteger.valueOf(1_000_000_000L);

    public BigInteger gasLimit(BigInteger estimate) {
        return estimate.multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN).add(BigInteger.valueOf(10_000));
    }

    public Fees fees(Web3j web3j) throws IOException {
        BigInteger baseFee = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getBaseFeePerGas();
        BigInteger tip = DEFAULT_TIP;
        try {
            var suggested = web3j.ethMaxPriorityFeePerGas().send();
            if (!suggested.hasError() && suggested.getMaxPriorityFeePerGas() != null) {
                tip = suggested.getMaxPriorityFeePerGas().max(BigInteger.ONE);
            }
        } catch (IOException | RuntimeException e) {
            // nodes without the method: keep the default tip
        }
        BigInteger base = baseFee == null ? BigInteger.ZERO : baseFee;
        return new Fees(tip, base.shiftLeft(1).add(tip));
    }
}
