package dev.shoal.agent.cli;

import dev.shoal.cli.http.ServiceClient;
import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import dev.shoal.contracts.directory.ChainView;
import dev.shoal.contracts.error.UnknownVersionException;
import dev.shoal.contracts.identity.SigningKey;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What the storage escrow holds for this agent (earnings the marketplace claimed for it when its orders ended,
 * or that anyone claimed) and a withdrawal of it, signed with the agent's own payout key: only the account
 * itself may call the escrow's {@code withdraw}. The escrow's address comes from the marketplace's public
 * {@code GET /api/chain}. Needs no running agent, only its key.
 */
@Command(name = "earnings", mixinStandardHelpOptions = true,
        description = "Storage earnings held by the escrow for this agent, and a withdrawal of them to the agent's address.")
public class EarningsCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "The agent's data folder, holding agent.key (default ~/.shoal-agent)")
    Path data;

    @Option(names = "--key", paramLabel = "FILE", description = "The agent's key file, if not DATA/agent.key")
    Path keyFile;

    @Option(names = "--market", paramLabel = "URL", required = true, description = "The marketplace, e.g. http://127.0.0.1:8081")
    String market;

    @Option(names = "--withdraw", paramLabel = "AMOUNT|all", description = "Pay this much (in tokens, e.g. 1.5) or all of the balance to the agent's address")
    String withdraw;

    @Option(names = "--rpc", paramLabel = "URL", description = "The chain node (default http://127.0.0.1:8545)")
    String rpc = "http://127.0.0.1:8545";

    @Override
    public Integer call() throws Exception {
        Path key = keyFile != null ? keyFile
                : (data != null ? data : Path.of(System.getProperty("user.home"), ".shoal-agent")).resolve("agent.key");
        if (!Files.isRegularFile(key)) {
            System.err.println("no agent key at " + key + " (pass --data DIR of an agent that has started, or --key FILE)");
            return 2;
        }
        Credentials agent = Credentials.create(SigningKey.fromFile(key).privateKeyHex());
        Web3j web3j = Web3j.build(new HttpService(rpc));
        try {
            ChainView chain = chainOf(market);
            long chainId = chain.chainId();
            if (web3j.ethChainId().send().getChainId().longValueExact() != chainId) {
                System.err.println("the node at " + rpc + " is not chain " + chainId + ", where the marketplace's escrow is");
                return 1;
            }
            ReadonlyTransactionManager reader = new ReadonlyTransactionManager(web3j, agent.getAddress());
            StorageEscrow escrow = StorageEscrow.load(chain.escrow(), web3j, reader, new DefaultGasProvider());
            ShoalTestToken token = ShoalTestToken.load(chain.token(), web3j, reader, new DefaultGasProvider());
            String symbol = token.symbol().send();
            int decimals = token.decimals().send().intValueExact();
            BigInteger balance = escrow.balanceOf(agent.getAddress()).send();
            if (withdraw == null) {
                System.out.printf("agent         %s%n", agent.getAddress());
                System.out.printf("withdrawable  %s %s on the storage escrow (withdraw with --withdraw all)%n", tokens(balance, decimals), symbol);
                return 0;
            }
            BigInteger amount;
            try {
                amount = withdraw.equalsIgnoreCase("all") ? balance
                        : new BigDecimal(withdraw).movePointRight(decimals).toBigIntegerExact();
            } catch (ArithmeticException | NumberFormatException e) {
                System.err.println("--withdraw takes an amount in " + symbol + " with at most " + decimals + " decimals, or all");
                return 2;
            }
            if (amount.signum() <= 0 || amount.compareTo(balance) > 0) {
                System.err.printf("nothing to withdraw: the balance is %s %s%n", tokens(balance, decimals), symbol);
                return 1;
            }
            String data = escrow.withdraw(amount).encodeFunctionCall();
            EthEstimateGas estimate = web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(agent.getAddress(), null, null, null,
                    escrow.getContractAddress(), BigInteger.ZERO, data)).send();
            if (estimate.hasError()) {
                System.err.println("the escrow would refuse the withdrawal: " + estimate.getError().getMessage());
                return 1;
            }
            RawTransactionManager signer = new RawTransactionManager(web3j, agent, chainId);
            EthSendTransaction sent = signer.sendTransaction(web3j.ethGasPrice().send().getGasPrice(),
                    estimate.getAmountUsed().multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN).add(BigInteger.valueOf(10_000)),
                    escrow.getContractAddress(), data, BigInteger.ZERO);
            if (sent.hasError()) {
                System.err.println("the chain refused the withdrawal: " + sent.getError().getMessage());
                return 1;
            }
            TransactionReceipt receipt = new PollingTransactionReceiptProcessor(web3j, 200, 150).waitForTransactionReceipt(sent.getTransactionHash());
            if (!receipt.isStatusOK()) {
                System.err.println("the withdrawal reverted in transaction " + receipt.getTransactionHash());
                return 1;
            }
            System.out.printf("withdrew %s %s to %s in transaction %s (block %s)%n", tokens(amount, decimals), symbol, agent.getAddress(),
                    receipt.getTransactionHash(), receipt.getBlockNumber());
            return 0;
        } catch (Unreachable e) {
            System.err.println(e.getMessage());
            return 1;
        } finally {
            web3j.shutdown();
        }
    }

    private static String tokens(BigInteger units, int decimals) {
        return new BigDecimal(units).movePointLeft(decimals).toPlainString();
    }

    /** The marketplace's chain view (contracts' {@code directory} format). */
    private static ChainView chainOf(String market) throws Unreachable {
        try {
            return new ServiceClient(market).get("/api/chain", ChainView.class).known();
        } catch (ServiceClient.Unreachable | ServiceClient.Refused | UnknownVersionException e) {
            throw new Unreachable("the marketplace at " + market + " cannot tell where its escrow is: " + e.getMessage());
        }
    }

    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }
}
