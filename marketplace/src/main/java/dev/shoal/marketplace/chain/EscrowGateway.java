package dev.shoal.marketplace.chain;

import dev.shoal.contracts.chain.AbiCatalogue;
import dev.shoal.contracts.chain.ChainReceipt;
import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.chain.generated.ShoalTestToken;
import dev.shoal.contracts.chain.generated.StorageEscrow;
import dev.shoal.contracts.chain.generated.TipSplitter;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.datatypes.generated.Uint96;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * What the marketplace does with money on chain, in its own words. Every method returns a {@link Uni}
 * that runs on a worker thread; every transaction is journaled before it is broadcast and carries an
 * idempotency key, so calling a method again with the same key (after a crash, a timeout, a retry)
 * yields the first transaction's outcome instead of a second transaction. A revert fails the Uni with
 * {@link ChainTransactionException} naming the contract's error.
 *
 * <p>Order ids on chain are the marketplace's order UUIDs, left-padded to 32 bytes.
 */
@Singleton
public class EscrowGateway {

    /**
     * An order as the escrow holds it (amounts in sUSD units): the maximum it was funded with per replica-epoch, and
     * what it owes its creator and has not released yet.
     */
    public record OrderOnChain(BigInteger maxPricePerReplicaEpoch, long failedUnits, int settledEpochs, int epochs,
                               int replicas, Status status, String creator, long startTime, long epochSeconds,
                               int fundedEpochs, BigInteger refundOwed) {
    }

    public enum Status { NONE, ACTIVE, CANCELLED, CLOSED }

    private final ChainTransactions transactions;
    private final ChainContracts contracts;
    private final Credentials auditor;
    private final AbiCatalogue abi;
    private volatile TokenInfo tokenInfo;

    public EscrowGateway(ChainTransactions transactions, ChainContracts contracts, @Auditor Credentials auditor, AbiCatalogue abi) {
        this.transactions = transactions;
        this.contracts = contracts;
        this.auditor = auditor;
        this.abi = abi;
    }

    // ------------------------------------------------------------ creator side (demo key or CLI key file)

    /**
     * Approves and funds an order from the creator's key: replicas (= agents.size()) x epochs x the maximum per
     * replica-epoch; slot i costs prices[i] per passed epoch, the rest comes back to the creator.
     * In the browser the creator's wallet signs instead, with {@link #fundOrderCalldata}.
     */
    public Uni<ChainReceipt> fundOrder(Credentials creator, UUID orderId, List<String> agents, List<BigInteger> prices, int epochs,
                                       Duration epoch, BigInteger maxPricePerReplicaEpoch) {
        return worker(() -> {
            ChainContracts.Addresses at = contracts.addresses();
            BigInteger total = maxPricePerReplicaEpoch.multiply(BigInteger.valueOf((long) agents.size() * epochs));
            String approve = token(at).approve(at.escrow(), total).encodeFunctionCall();
            transactions.submitBlocking(creator, "approve escrow", "approve:" + orderId, at.token(), approve, BigInteger.ZERO);
            return transactions.submitBlocking(creator, "fund order", "fund:" + orderId, at.escrow(),
                    fundOrderCalldata(orderId, agents, prices, epochs, epoch, maxPricePerReplicaEpoch), BigInteger.ZERO);
        });
    }

    /**
     * As {@link #fundOrder(Credentials, UUID, List, List, int, Duration, BigInteger)} with a hex private key, for
     * callers outside this package (the demo creator key on local chains; a CLI key file).
     */
    public Uni<ChainReceipt> fundOrder(String creatorPrivateKey, UUID orderId, List<String> agents, List<BigInteger> prices, int epochs,
                                       Duration epoch, BigInteger maxPricePerReplicaEpoch) {
        return fundOrder(Credentials.create(creatorPrivateKey), orderId, agents, prices, epochs, epoch, maxPricePerReplicaEpoch);
    }

    /** The address of a hex private key. */
    public static String addressOf(String privateKey) {
        return Credentials.create(privateKey).getAddress();
    }

    /** The call data of fundOrder, for a creator's own wallet (after it approved the escrow for the total). */
    public String fundOrderCalldata(UUID orderId, List<String> agents, List<BigInteger> prices, int epochs, Duration epoch,
                                    BigInteger maxPricePerReplicaEpoch) {
        return escrow(contracts.addresses()).fundOrder(orderKey(orderId), agents, prices, BigInteger.valueOf(epochs),
                BigInteger.valueOf(epoch.toSeconds()), maxPricePerReplicaEpoch).encodeFunctionCall();
    }

    /** The call data of the token's {@code approve(escrow, total)} that must precede fundOrder. */
    public String approveCalldata(BigInteger total) {
        ChainContracts.Addresses at = contracts.addresses();
        return token(at).approve(at.escrow(), total).encodeFunctionCall();
    }

    public long chainId() {
        return transactions.chainId();
    }

    /** A mined fundOrder as its receipt tells it: who sent it, when, and the OrderFunded and AgentAssigned events it emitted. */
    public record FundingOnChain(String txHash, String sender, long blockNumber, String creator, int replicas,
                                 int epochs, long epochSeconds, BigInteger maxPricePerReplicaEpoch, BigInteger total, List<String> agents,
                                 List<BigInteger> prices) {
    }

    /** What the chain says about a transaction reported as an order's funding. */
    public record FundingCheck(Verdict verdict, String detail, FundingOnChain funding) {
    }

    public enum Verdict {
        /** No receipt: unknown to the node, or not mined yet. */
        NOT_MINED,
        /** Mined, but fewer blocks deep than the configured confirmations. */
        TOO_SHALLOW,
        /** Mined with status 0. */
        REVERTED,
        /** Mined, but the escrow emitted no OrderFunded for this order in it. */
        NOT_THIS_ORDER,
        FUNDED
    }

    /**
     * Reads a reported funding transaction back from the chain: its receipt (status, depth) and the
     * escrow's OrderFunded and AgentAssigned logs for this order in it. Judging the terms is the caller's.
     */
    public Uni<FundingCheck> fundingTransaction(UUID orderId, String txHash, int confirmations) {
        return worker(() -> {
            Web3j web3j = web3j();
            Optional<TransactionReceipt> found = web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt();
            if (found.isEmpty()) {
                return new FundingCheck(Verdict.NOT_MINED, "transaction " + txHash + " is not mined (or unknown to the node)", null);
            }
            TransactionReceipt receipt = found.get();
            long block = receipt.getBlockNumber().longValueExact();
            long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            if (head - block < confirmations) {
                return new FundingCheck(Verdict.TOO_SHALLOW, "transaction " + txHash + " is " + (head - block) + " blocks deep, "
                        + confirmations + " needed", null);
            }
            if (!receipt.isStatusOK()) {
                return new FundingCheck(Verdict.REVERTED, "transaction " + txHash + " reverted", null);
            }
            String escrow = contracts.addresses().escrow();
            String key = Numeric.toHexString(orderKey(orderId));
            AbiCatalogue.DecodedEvent funded = null;
            Map<Integer, String> agents = new TreeMap<>();
            Map<Integer, BigInteger> prices = new TreeMap<>();
            for (Log log : receipt.getLogs()) {
                if (!escrow.equalsIgnoreCase(log.getAddress())) {
                    continue;
                }
                Optional<AbiCatalogue.DecodedEvent> event = abi.decode(log);
                if (event.isEmpty() || !key.equalsIgnoreCase(String.valueOf(event.get().args().get("orderId")))) {
                    continue;
                }
                Map<String, Object> args = event.get().args();
                if (event.get().name().equals("OrderFunded")) {
                    funded = event.get();
                } else if (event.get().name().equals("AgentAssigned")) {
                    agents.put(Integer.parseInt((String) args.get("slot")), ((String) args.get("agent")).toLowerCase(Locale.ROOT));
                    prices.put(Integer.parseInt((String) args.get("slot")), new BigInteger((String) args.get("price")));
                }
            }
            if (funded == null) {
                return new FundingCheck(Verdict.NOT_THIS_ORDER, "transaction " + txHash + " does not fund order " + orderId
                        + " in escrow " + escrow, null);
            }
            Map<String, Object> f = funded.args();
            return new FundingCheck(Verdict.FUNDED, null, new FundingOnChain(receipt.getTransactionHash(),
                    receipt.getFrom().toLowerCase(Locale.ROOT), block, ((String) f.get("creator")).toLowerCase(Locale.ROOT),
                    Integer.parseInt((String) f.get("replicas")), Integer.parseInt((String) f.get("epochs")),
                    Long.parseLong((String) f.get("epochSeconds")), new BigInteger((String) f.get("maxPrice")),
                    new BigInteger((String) f.get("total")), List.copyOf(agents.values()), List.copyOf(prices.values())));
        });
    }

    // ------------------------------------------------------------ auditor

    /**
     * Posts audit results: any number of orders and consecutive epochs in one transaction (split into
     * chunks of at most 256 replica-epochs per order entry). The escrow refuses epochs already settled,
     * so even a different key cannot pay an epoch twice.
     */
    public Uni<ChainReceipt> settle(List<EpochResults> batch, String idempotencyKey) {
        return worker(() -> {
            ChainContracts.Addresses at = contracts.addresses();
            String data = escrow(at).settle(settlements(batch)).encodeFunctionCall();
            return transactions.submitBlocking(auditor, "settle epochs", idempotencyKey, at.escrow(), data, BigInteger.ZERO);
        });
    }

    /**
     * Repair: the slot belongs to a new agent from the order's next unsettled epoch, paid from the same escrow at its
     * own price per replica-epoch (at most the order's maximum).
     */
    public Uni<ChainReceipt> replaceAgent(UUID orderId, int slot, String agent, BigInteger pricePerReplicaEpoch, String idempotencyKey) {
        return auditorCall("replace agent", idempotencyKey, at -> escrow(at)
                .replaceAgent(orderKey(orderId), BigInteger.valueOf(slot), agent, pricePerReplicaEpoch).encodeFunctionCall());
    }

    /** Cancels on the creator's behalf: epochs after the one in progress become refundable. */
    public Uni<ChainReceipt> cancel(UUID orderId) {
        return auditorCall("cancel order", "cancel:" + orderId, at -> escrow(at).cancel(orderKey(orderId)).encodeFunctionCall());
    }

    /** Moves what a tenure earned to its agent's balance; the marketplace pays the gas (anyone may). */
    public Uni<ChainReceipt> claim(UUID orderId, int slot, int tenure, String idempotencyKey) {
        return auditorCall("claim earnings", idempotencyKey, at -> escrow(at)
                .claim(orderKey(orderId), BigInteger.valueOf(slot), BigInteger.valueOf(tenure)).encodeFunctionCall());
    }

    /** A tenure of an order's slot, to claim. */
    public record TenureRef(UUID orderId, int slot, int tenure) {
    }

    /**
     * Claims many tenures of any orders in one transaction (tenures with nothing settled since their last claim are
     * skipped): each agent is paid its passes at its price, each creator owed the rest. The marketplace pays the gas.
     */
    public Uni<ChainReceipt> claimMany(List<TenureRef> tenures, String idempotencyKey) {
        return auditorCall("claim earnings", idempotencyKey, at -> escrow(at).claimMany(
                tenures.stream().map(t -> orderKey(t.orderId())).toList(),
                tenures.stream().map(t -> BigInteger.valueOf(t.slot())).toList(),
                tenures.stream().map(t -> BigInteger.valueOf(t.tenure())).toList()).encodeFunctionCall());
    }

    /**
     * Claims every tenure's settled epochs, then moves what the order owes its creator (the unspent part of every
     * settled replica-epoch, and the cancelled and closed ones) to the creator's balance.
     */
    public Uni<ChainReceipt> releaseRefund(UUID orderId, String idempotencyKey) {
        return auditorCall("release refund", idempotencyKey, at -> escrow(at).releaseRefund(orderKey(orderId)).encodeFunctionCall());
    }

    /** Local chains: mints test tokens (the auditor key deployed the token and holds its minter role). */
    public Uni<ChainReceipt> mintTestTokens(String to, BigInteger amount, String idempotencyKey) {
        return worker(() -> {
            ChainContracts.Addresses at = contracts.addresses();
            return transactions.submitBlocking(auditor, "mint test tokens", idempotencyKey, at.token(),
                    token(at).mint(to, amount).encodeFunctionCall(), BigInteger.ZERO);
        });
    }

    // ------------------------------------------------------------ any key

    /** Pays out part of an account's escrow balance (agents and creators sign with their own key). */
    public Uni<ChainReceipt> withdraw(Credentials account, BigInteger amount, String idempotencyKey) {
        return worker(() -> {
            ChainContracts.Addresses at = contracts.addresses();
            return transactions.submitBlocking(account, "withdraw", idempotencyKey, at.escrow(),
                    escrow(at).withdraw(amount).encodeFunctionCall(), BigInteger.ZERO);
        });
    }

    // ------------------------------------------------------------ reads

    public Uni<OrderOnChain> order(UUID orderId) {
        return worker(() -> readOrder(web3j(), contracts.addresses().escrow(), orderKey(orderId)));
    }

    /** Reads an order field by field: web3j's struct decoding fails under Quarkus' class loaders. */
    @SuppressWarnings("rawtypes")
    public static OrderOnChain readOrder(Web3j web3j, String escrow, byte[] orderKey) throws IOException {
        Function read = new Function("order", List.of(new Bytes32(orderKey)), List.of(
                ref(Uint96.class), ref(Uint64.class), ref(Uint32.class), ref(Uint32.class), ref(Uint8.class), ref(Uint8.class),
                ref(Address.class), ref(Uint64.class), ref(Uint32.class), ref(Uint32.class), ref(Uint128.class)));
        EthCall result = web3j.ethCall(Transaction.createEthCallTransaction(null, escrow, FunctionEncoder.encode(read)),
                DefaultBlockParameterName.LATEST).send();
        if (result.hasError()) {
            throw new ChainTransactionException("reading an order: " + result.getError().getMessage(), null, null);
        }
        List<Type> f = FunctionReturnDecoder.decode(result.getValue(), read.getOutputParameters());
        return new OrderOnChain(num(f, 0), num(f, 1).longValueExact(), num(f, 2).intValueExact(), num(f, 3).intValueExact(),
                num(f, 4).intValueExact(), Status.values()[num(f, 5).intValueExact()], (String) f.get(6).getValue(),
                num(f, 7).longValueExact(), num(f, 8).longValueExact(), num(f, 9).intValueExact(), num(f, 10));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeReference<Type> ref(Class<? extends Type> type) {
        return (TypeReference) TypeReference.create((Class) type);
    }

    @SuppressWarnings("rawtypes")
    private static BigInteger num(List<Type> fields, int index) {
        return (BigInteger) fields.get(index).getValue();
    }

    /**
     * One tenure of a slot: escrow epochs [fromEpoch, toEpoch) (toEpoch null while open), claimed up to claimedTo, at
     * its price per replica-epoch (sUSD units).
     */
    public record TenureOnChain(int index, String agent, int fromEpoch, Integer toEpoch, int claimedTo, BigInteger claimable,
                                BigInteger pricePerReplicaEpoch) {
    }

    /** Every tenure of an order's slot, in the escrow's order (index = the tenure index {@code claim} takes). */
    public Uni<List<TenureOnChain>> tenures(UUID orderId, int slot) {
        return worker(() -> {
            String at = contracts.addresses().escrow();
            StorageEscrow escrow = escrow(contracts.addresses());
            byte[] key = orderKey(orderId);
            int count = escrow.tenureCount(key, BigInteger.valueOf(slot)).send().intValueExact();
            List<TenureOnChain> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                List<Type> f = call(at, new Function("tenure", List.of(new Bytes32(key), new Uint256(slot), new Uint256(i)),
                        List.of(ref(Address.class), ref(Uint32.class), ref(Uint32.class), ref(Uint32.class), ref(Uint96.class))));
                long to = num(f, 2).longValueExact();
                out.add(new TenureOnChain(i, (String) f.get(0).getValue(), num(f, 1).intValueExact(),
                        to == 0xffff_ffffL ? null : (int) to, num(f, 3).intValueExact(),
                        escrow.claimable(key, BigInteger.valueOf(slot), BigInteger.valueOf(i)).send(), num(f, 4)));
            }
            return out;
        });
    }

    /** The escrow token's symbol and decimals (read once: a token's never change). */
    public Uni<TokenInfo> tokenInfo() {
        TokenInfo known = tokenInfo;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return worker(() -> {
            ShoalTestToken token = token(contracts.addresses());
            tokenInfo = new TokenInfo(token.symbol().send(), token.decimals().send().intValueExact());
            return tokenInfo;
        });
    }

    public record TokenInfo(String symbol, int decimals) {
    }

    @SuppressWarnings("rawtypes")
    private List<Type> call(String to, Function function) throws IOException {
        EthCall result = web3j().ethCall(Transaction.createEthCallTransaction(null, to, FunctionEncoder.encode(function)),
                DefaultBlockParameterName.LATEST).send();
        if (result.hasError()) {
            throw new ChainTransactionException("calling " + function.getName() + ": " + result.getError().getMessage(), null, null);
        }
        return FunctionReturnDecoder.decode(result.getValue(), function.getOutputParameters());
    }

    /** What releaseRefund would pay the order's creator now, in sUSD units. */
    public Uni<BigInteger> refundable(UUID orderId) {
        return worker(() -> escrow(contracts.addresses()).refundable(orderKey(orderId)).send());
    }

    /** Earned or refunded and not yet withdrawn. */
    public Uni<BigInteger> escrowBalance(String account) {
        return worker(() -> escrow(contracts.addresses()).balanceOf(account).send());
    }

    public Uni<BigInteger> tokenBalance(String account) {
        return worker(() -> token(contracts.addresses()).balanceOf(account).send());
    }

    public Uni<ChainContracts.Addresses> addresses() {
        return worker(contracts::addresses);
    }

    // ------------------------------------------------------------ encoding

    /** The escrow's 32-byte order id for a marketplace order. */
    public static byte[] orderKey(UUID orderId) {
        return ByteBuffer.allocate(32).putLong(16, orderId.getMostSignificantBits()).putLong(24, orderId.getLeastSignificantBits()).array();
    }

    /** The marketplace order behind an escrow order id (the inverse of {@link #orderKey}). */
    public static UUID orderId(byte[] key) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        return new UUID(buffer.getLong(16), buffer.getLong(24));
    }

    static List<StorageEscrow.Settlement> settlements(List<EpochResults> batch) {
        List<StorageEscrow.Settlement> out = new ArrayList<>();
        for (EpochResults results : batch) {
            int perEntry = 256 / results.replicas();
            List<BitSet> epochs = results.passed();
            for (int start = 0; start < epochs.size(); start += perEntry) {
                int count = Math.min(perEntry, epochs.size() - start);
                BigInteger passes = BigInteger.ZERO;
                for (int j = 0; j < count; j++) {
                    BitSet slots = epochs.get(start + j);
                    for (int slot = slots.nextSetBit(0); slot >= 0; slot = slots.nextSetBit(slot + 1)) {
                        passes = passes.setBit(j * results.replicas() + slot);
                    }
                }
                out.add(new StorageEscrow.Settlement(orderKey(results.orderId()), BigInteger.valueOf(results.fromEpoch() + start),
                        BigInteger.valueOf(count), passes));
            }
        }
        return out;
    }

    private interface Encoder {
        String data(ChainContracts.Addresses at) throws Exception;
    }

    private Uni<ChainReceipt> auditorCall(String purpose, String idempotencyKey, Encoder encoder) {
        return worker(() -> {
            ChainContracts.Addresses at = contracts.addresses();
            return transactions.submitBlocking(auditor, purpose, idempotencyKey, at.escrow(), encoder.data(at), BigInteger.ZERO);
        });
    }

    private static <T> Uni<T> worker(Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ChainTransactionException("chain call failed: " + e.getMessage(), e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private StorageEscrow escrow(ChainContracts.Addresses at) {
        return StorageEscrow.load(at.escrow(), web3j(), new ReadonlyTransactionManager(web3j(), auditor.getAddress()), new DefaultGasProvider());
    }

    private ShoalTestToken token(ChainContracts.Addresses at) {
        return ShoalTestToken.load(at.token(), web3j(), new ReadonlyTransactionManager(web3j(), auditor.getAddress()), new DefaultGasProvider());
    }

    TipSplitter tipSplitter(ChainContracts.Addresses at) {
        return TipSplitter.load(at.tipSplitter(), web3j(), new ReadonlyTransactionManager(web3j(), auditor.getAddress()), new DefaultGasProvider());
    }

    private Web3j web3j() {
        return transactions.web3j();
    }
}
