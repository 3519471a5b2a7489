package dev.shoal.contracts.chain;

import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetCode;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.TransactionManager;

import java.io.IOException;
import java.math.BigInteger;
import java.util.UUID;

/**
 * web3j's signing strategy for one key, as the generated wrappers call it: every transaction goes through the
 * {@link ChainSender} (its nonces, the journal before the broadcast, the receipt, a revert as an exception). Each
 * wrapper call is a transaction of its own (a fresh idempotency key): callers that need a key send call data
 * through {@link ChainSender#send} instead. Only EIP-1559 transactions, priced by {@link GasPolicy}.
 */
final class JournalingTransactionManager extends TransactionManager {

    private final ChainSender sender;
    private final Credentials key;

    JournalingTransactionManager(ChainSender sender, Credentials key) {
        super(sender.web3j(), key.getAddress());
        this.sender = sender;
        this.key = key;
    }

    @Override
    protected TransactionReceipt executeTransactionEIP1559(long chainId, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas,
                                                           BigInteger gasLimit, String to, String data, BigInteger value,
                                                           boolean constructor) {
        return sender.awaitReceipt(journal(chainId, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, data, value, constructor));
    }

    @Override
    public EthSendTransaction sendEIP1559Transaction(long chainId, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas,
                                                     BigInteger gasLimit, String to, String data, BigInteger value, boolean constructor) {
        EthSendTransaction sent = new EthSendTransaction();
        sent.setResult(journal(chainId, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, data, value, constructor).txHash());
        return sent;
    }

    private JournaledTransaction journal(long chainId, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas, BigInteger gasLimit,
                                         String to, String data, BigInteger value, boolean constructor) {
        if (chainId != sender.chainId()) {
            throw new IllegalArgumentException("a transaction for chain " + chainId + " through a sender on chain " + sender.chainId());
        }
        return sender.journalAndBroadcast(key, sender.purposeOf(data, constructor), "call:" + UUID.randomUUID(), constructor ? null : to,
                data, value, gasLimit, new GasPolicy.Fees(maxPriorityFeePerGas, maxFeePerGas));
    }

    @Override
    protected TransactionReceipt executeTransaction(BigInteger gasPrice, BigInteger gasLimit, String to, String data, BigInteger value,
                                                    boolean constructor) {
        throw legacy();
    }

    @Override
    public EthSendTransaction sendTransaction(BigInteger gasPrice, BigInteger gasLimit, String to, String data, BigInteger value,
                                              boolean constructor) {
        throw legacy();
    }

    private static UnsupportedOperationException legacy() {
        return new UnsupportedOperationException("Shoal sends EIP-1559 transactions: load the wrapper with the sender's GasPolicy");
    }

    /** A read, from this key's address; a revert is an exception naming the contract's error. */
    @Override
    public String sendCall(String to, String data, DefaultBlockParameter block) throws IOException {
        EthCall call = sender.web3j().ethCall(Transaction.createEthCallTransaction(getFromAddress(), to, data), block).send();
        if (call.hasError()) {
            throw sender.gas().reverted(sender.purposeOf(data, false), call.getError());
        }
        return call.getValue();
    }

    @Override
    public EthGetCode getCode(String contractAddress, DefaultBlockParameter block) throws IOException {
        return sender.web3j().ethGetCode(contractAddress, block).send();
    }
}
