package dev.shoal.contracts.chain;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.tx.gas.ContractEIP1559GasProvider;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;

/**
 * The gas strategy of every Shoal transaction: the limit is the node's estimate plus a margin (an estimate that
 * reverts is the revert, reported by the contract's error name before anything is signed); fees follow EIP-1559
 * from the latest base fee. It is web3j's gas provider for the generated wrappers and the sender's for call data.
 */
public class GasPolicy implements ContractEIP1559GasProvider {

    /** The fee caps of one transaction. */
    public record Fees(BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas) {
    }

    static final BigInteger DEFAULT_TIP = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger TEMPLATE_CAP = BigInteger.valueOf(30_000_000L);

    private final Web3j web3j;
    private final long chainId;
    private final AbiCatalogue abi;

    public GasPolicy(Web3j web3j, long chainId, AbiCatalogue abi) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.abi = abi;
    }

    /** The limit for a transaction the node estimated at {@code estimate}: 1.2 times it, plus 10,000. */
    public static BigInteger limit(BigInteger estimate) {
        return estimate.multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN).add(BigInteger.valueOf(10_000));
    }

    /**
     * The node's estimate for a call from {@code from} (a contract creation when {@code to} is null).
     *
     * @throws ChainTransactionException naming the contract's error when the call would revert
     */
    public BigInteger estimate(String purpose, String from, String to, String data, BigInteger value) throws IOException {
        Transaction call = to == null || to.isEmpty()
                ? Transaction.createContractTransaction(from, null, null, null, value, data)
                : Transaction.createFunctionCallTransaction(from, null, null, null, to, value, data);
        EthEstimateGas estimate = web3j.ethEstimateGas(call).send();
        if (estimate.hasError()) {
            throw reverted(purpose, estimate.getError());
        }
        return estimate.getAmountUsed();
    }

    /** EIP-1559 caps: the node's suggested tip (1 gwei if it has none), and twice the latest base fee on top. */
    public Fees fees() throws IOException {
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

    /** A revert reported by the node (at estimation or in a call), named by the contract's custom error when it is one of ours. */
    ChainTransactionException reverted(String purpose, Response.Error error) {
        String data = revertData(error);
        String described = abi.describeError(data).orElse(error.getMessage());
        return new ChainTransactionException(purpose + " reverted: " + described, abi.errorName(data).orElse(null), null);
    }

    static String revertData(Response.Error error) {
        return error.getData() == null ? null : error.getData().replace("\"", "").trim();
    }

    // ---- web3j's gas provider, for the generated wrappers

    @Override
    public BigInteger getGasLimit(Transaction transaction) {
        String purpose = abi.functionName(transaction.getData()).orElse(transaction.getTo() == null ? "deploy" : "call");
        BigInteger value = transaction.getValue() == null ? BigInteger.ZERO : Numeric.decodeQuantity(transaction.getValue());
        try {
            return limit(estimate(purpose, transaction.getFrom(), transaction.getTo(), transaction.getData(), value));
        } catch (IOException e) {
            throw new ChainTransactionException("chain node unreachable while estimating " + purpose + ": " + e.getMessage(), e);
        }
    }

    /**
     * Only the cap of the template transaction a wrapper builds before it asks {@link #getGasLimit(Transaction)}, which
     * estimates the call itself and ignores it: a block's worth.
     */
    @Override
    public BigInteger getGasLimit() {
        return TEMPLATE_CAP;
    }

    @Override
    public BigInteger getMaxFeePerGas() {
        return unchecked().maxFeePerGas();
    }

    @Override
    public BigInteger getMaxPriorityFeePerGas() {
        return unchecked().maxPriorityFeePerGas();
    }

    /** The fee cap, for callers that only know legacy gas prices. */
    @Override
    public BigInteger getGasPrice() {
        return unchecked().maxFeePerGas();
    }

    @Override
    public long getChainId() {
        return chainId;
    }

    private Fees unchecked() {
        try {
            return fees();
        } catch (IOException e) {
            throw new ChainTransactionException("chain node unreachable while reading fees: " + e.getMessage(), e);
        }
    }
}
