package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.ChainContracts;
import dev.shoal.marketplace.chain.ChainTransactionException;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.chain.EscrowGateway.FundingCheck;
import dev.shoal.marketplace.chain.EscrowGateway.FundingOnChain;
import dev.shoal.marketplace.settlement.EscrowLedger.FundingTarget;
import dev.shoal.marketplace.settlement.EscrowLedger.OrderEscrow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A creator funds an order's escrow from its own wallet (the CLI's key file, a browser wallet): the
 * marketplace says what to sign, the creator sends it and reports the transaction hash, and the
 * marketplace believes only the chain: the receipt must be mined, succeeded, and carry the escrow's
 * OrderFunded for this order on exactly the quoted terms, sent by the content's creator address. Anything
 * else is refused and changes nothing.
 */
@ApplicationScoped
public class CreatorFunding {

    private static final Logger LOG = Logger.getLogger(CreatorFunding.class);

    /** One transaction for the creator's wallet to sign and send, in order. */
    public record WalletTransaction(String purpose, String from, String to, String data, String value, long chainId) {
    }

    /** What to sign: terms, addresses and the two transactions (approve the total, then fundOrder). */
    public record Quote(String escrowOrderId, long chainId, String token, String escrow, String funder, int replicas, int epochs,
                        long epochSeconds, String pricePerReplicaEpoch, String total, List<String> agents, List<String> deals,
                        List<WalletTransaction> transactions) {
    }

    /**
     * An order's funding: {@code AWAITING_REPLICAS} (not every replica placed yet: nothing to sign),
     * {@code AWAITING_FUNDS} (sign {@code quote}), {@code FUNDED}, or {@code REFUSED} (the escrow refused the terms).
     */
    public record FundingView(String orderId, String status, String funder, String fundTx, Long firstEpoch,
                              String pricePerReplicaEpoch, Integer liveReplicas, Quote quote) {
    }

    public record FundingReport(String txHash) {
    }

    private final EscrowLedger ledger;
    private final EscrowGateway escrow;
    private final MarketplaceConfig config;

    public CreatorFunding(EscrowLedger ledger, EscrowGateway escrow, MarketplaceConfig config) {
        this.ledger = ledger;
        this.escrow = escrow;
        this.config = config;
    }

    /** The order's funding as its owner sees it; another creator's order is 404. */
    public Uni<FundingView> view(String owner, UUID orderId) {
        return target(owner, orderId).chain(target -> ledger.find(orderId).chain(existing -> {
            if (existing.isPresent()) {
                return Uni.createFrom().item(funded(existing.get()));
            }
            if (!target.status().equals("OPEN")) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.ORDER_ENDED, "order " + orderId + " is "
                        + target.status() + ": there is nothing to fund", Map.of("orderStatus", target.status())));
            }
            if (price(target).signum() == 0) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "the order's price per replica-epoch"
                        + " rounds to zero token units: the escrow would refuse it; cancel it and order at a higher price"));
            }
            if (target.liveDeals().size() < target.replicas()) {
                return Uni.createFrom().item(new FundingView(orderId.toString(), "AWAITING_REPLICAS", null, null, null,
                        null, target.liveDeals().size(), null));
            }
            return escrow.addresses().map(at -> new FundingView(orderId.toString(), "AWAITING_FUNDS", target.contentCreator(),
                    null, null, price(target).toString(), target.liveDeals().size(), quote(target, at)));
        }));
    }

    private Quote quote(FundingTarget target, ChainContracts.Addresses at) {
        BigInteger price = price(target);
        BigInteger total = total(target, price);
        List<String> agents = target.liveAgents().subList(0, target.replicas());
        List<String> deals = target.liveDeals().subList(0, target.replicas()).stream().map(UUID::toString).toList();
        long chainId = escrow.chainId();
        String funder = target.contentCreator();
        return new Quote("0x" + HexFormat.of().formatHex(EscrowGateway.orderKey(target.orderId())), chainId, at.token(), at.escrow(),
                funder, target.replicas(), target.epochs(), epochSeconds(), price.toString(), total.toString(), agents, deals, List.of(
                new WalletTransaction("approve", funder, at.token(), escrow.approveCalldata(total), "0x0", chainId),
                new WalletTransaction("fundOrder", funder, at.escrow(), escrow.fundOrderCalldata(target.orderId(), agents,
                        target.epochs(), config.market().epoch(), price), "0x0", chainId)));
    }

    /**
     * The creator reports its fundOrder transaction. Mined, succeeded, deep enough, the escrow's OrderFunded
     * for this order with the quoted terms, sent by the content's creator, every slot's agent holding a deal of
     * this order: the escrow is recorded as FUNDED (reporting the same hash again answers the same). Not mined
     * yet: 409 funding-pending. Anything else: 422 funding-rejected, and nothing changes.
     */
    public Uni<FundingView> report(String owner, UUID orderId, FundingReport report) {
        String txHash = report == null || report.txHash() == null ? "" : report.txHash().toLowerCase(Locale.ROOT);
        if (!txHash.matches("0x[0-9a-f]{64}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "txHash must be 0x and 64 hex digits",
                    Map.of("field", "txHash")));
        }
        return target(owner, orderId).chain(target -> ledger.find(orderId).chain(existing -> {
            if (existing.isPresent()) {
                if (txHash.equalsIgnoreCase(existing.get().fundTx())) {
                    return Uni.createFrom().item(funded(existing.get()));
                }
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "order " + orderId + " is "
                        + existing.get().status() + " already, by transaction " + existing.get().fundTx(),
                        Map.of("fundTx", String.valueOf(existing.get().fundTx()))));
            }
            return escrow.fundingTransaction(orderId, txHash, config.chain().confirmations())
                    .onFailure(ChainTransactionException.class).transform(e -> new ProblemException(ProblemType.UNAVAILABLE,
                            "the chain node could not be asked about " + txHash + ": " + e.getMessage()))
                    .chain(check -> record(target, txHash, check));
        }));
    }

    private Uni<FundingView> record(FundingTarget target, String txHash, FundingCheck check) {
        switch (check.verdict()) {
            case NOT_MINED, TOO_SHALLOW -> {
                return Uni.createFrom().failure(new ProblemException(ProblemType.FUNDING_PENDING, check.detail(),
                        Map.of("txHash", txHash)));
            }
            case REVERTED, NOT_THIS_ORDER -> {
                return Uni.createFrom().failure(rejected(target, txHash, check.detail()));
            }
            default -> {
            }
        }
        FundingOnChain funding = check.funding();
        BigInteger price = price(target);
        List<String> wrong = new ArrayList<>();
        if (!funding.sender().equalsIgnoreCase(target.contentCreator())) {
            wrong.add("sent by " + funding.sender() + ", not by the content's creator " + target.contentCreator());
        }
        if (funding.replicas() != target.replicas()) {
            wrong.add(funding.replicas() + " replicas instead of " + target.replicas());
        }
        if (funding.epochs() != target.epochs()) {
            wrong.add(funding.epochs() + " epochs instead of " + target.epochs());
        }
        if (funding.epochSeconds() != epochSeconds()) {
            wrong.add("epochs of " + funding.epochSeconds() + " s instead of " + epochSeconds() + " s");
        }
        if (!funding.pricePerReplicaEpoch().equals(price)) {
            wrong.add("price " + funding.pricePerReplicaEpoch() + " per replica-epoch instead of " + price);
        }
        if (!funding.total().equals(total(target, price))) {
            wrong.add("total " + funding.total() + " instead of " + total(target, price));
        }
        List<UUID> slots = new ArrayList<>();
        Set<UUID> taken = new HashSet<>();
        for (String agent : funding.agents()) {
            int at = target.allAgents().indexOf(agent.toLowerCase(Locale.ROOT));
            UUID deal = at < 0 ? null : target.allDeals().get(at);
            if (deal == null || !taken.add(deal)) {
                wrong.add("agent " + agent + " holds no deal of this order (or two slots)");
            }
            slots.add(deal);
        }
        if (!wrong.isEmpty()) {
            return Uni.createFrom().failure(rejected(target, txHash, String.join("; ", wrong)));
        }
        long epochMillis = config.market().epoch().toMillis();
        // escrow epoch 0 is the first whole marketplace epoch after the marketplace learns of the funding (as when
        // the job funds): the marketplace's clock runs the audits, a chain's block times may run ahead (anvil's do in tests)
        long firstEpoch = EpochPasses.epochOf(epochMillis, System.currentTimeMillis()) + 1;
        OrderEscrow recorded = new OrderEscrow(target.orderId(), "FUNDED", funding.sender(), price, epochMillis, firstEpoch,
                target.epochs(), target.replicas(), txHash, null, 0);
        return ledger.recordFunded(recorded, slots, OffsetDateTime.now(ZoneOffset.UTC), "creator")
                .chain(() -> ledger.find(target.orderId()))
                .map(stored -> {
                    OrderEscrow e = stored.orElseThrow();
                    if (!txHash.equalsIgnoreCase(e.fundTx())) {
                        throw new ProblemException(ProblemType.CONFLICT, "order " + target.orderId() + " was funded meanwhile by "
                                + e.fundTx(), Map.of("fundTx", String.valueOf(e.fundTx())));
                    }
                    LOG.infof("order %s funded by its creator %s: %s x %d epochs x %d replicas (tx %s)", target.orderId(),
                            funding.sender(), price, target.epochs(), target.replicas(), txHash);
                    return funded(e);
                });
    }

    private static ProblemException rejected(FundingTarget target, String txHash, String why) {
        LOG.warnf("funding report for order %s refused: %s", target.orderId(), why);
        return new ProblemException(ProblemType.FUNDING_REJECTED, why, Map.of("txHash", txHash, "orderId", target.orderId().toString()));
    }

    private Uni<FundingTarget> target(String owner, UUID orderId) {
        return ledger.fundingTarget(orderId).map(found -> found.filter(t -> t.owner().equals(owner))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no order " + orderId + " of yours")));
    }

    private static FundingView funded(OrderEscrow e) {
        return new FundingView(e.orderId().toString(), e.status().equals("REFUSED") ? "REFUSED" : "FUNDED", e.creator(),
                e.fundTx(), e.firstEpoch(), e.pricePerReplicaEpoch().toString(), null, null);
    }

    private BigInteger price(FundingTarget target) {
        return SettlementJob.pricePerReplicaEpoch(target.maxPricePerGbEpoch(), target.totalBytes());
    }

    private static BigInteger total(FundingTarget target, BigInteger price) {
        return price.multiply(BigInteger.valueOf((long) target.replicas() * target.epochs()));
    }

    private long epochSeconds() {
        return config.market().epoch().toSeconds();
    }

}
