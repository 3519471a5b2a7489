package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.chain.ChainTransactionException;
import dev.shoal.contracts.money.Susd;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.chain.ChainContracts;
import dev.shoal.marketplace.chain.EscrowGateway.FundingCheck;
import dev.shoal.marketplace.chain.EscrowGateway.FundingOnChain;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.content.Content;
import dev.shoal.marketplace.content.ContentRepository;
import dev.shoal.marketplace.deal.Deal;
import dev.shoal.marketplace.deal.DealRepository;
import dev.shoal.marketplace.order.OrderRepository;
import dev.shoal.marketplace.order.StorageOrder;
import dev.shoal.service.persistence.Constraints;
import dev.shoal.service.reactive.CallerContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

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

    /**
     * What to sign: terms, addresses and the two transactions (approve the total, then fundOrder). The escrow takes
     * the maximum per replica-epoch for every replica-epoch ({@code total}); slot i then costs
     * {@code pricesPerReplicaEpoch[i]} (its agent's ask) per passed epoch and the rest comes back. Amounts in sUSD units.
     */
    public record Quote(String escrowOrderId, long chainId, String token, String escrow, String funder, int replicas, int epochs,
                        long epochSeconds, String maxPricePerReplicaEpoch, List<String> pricesPerReplicaEpoch, String total,
                        List<String> agents, List<String> deals, List<WalletTransaction> transactions) {
    }

    /**
     * An order's funding: {@code AWAITING_REPLICAS} (not every replica placed yet: nothing to sign),
     * {@code AWAITING_FUNDS} (sign {@code quote}), {@code FUNDED}, or {@code REFUSED} (the escrow refused the terms).
     */
    public record FundingView(String orderId, String status, String funder, String fundTx, Long firstEpoch,
                              String maxPricePerReplicaEpoch, Integer liveReplicas, Quote quote) {
    }

    public record FundingReport(String txHash) {
    }

    /**
     * A placed order as its creator's wallet would fund it: the order, its content (size, creator address), its escrow
     * if it has one, its live deals oldest first and all its deals live first, then newest first.
     */
    record FundingTarget(StorageOrder order, Content content, OrderEscrow escrow, List<Deal> liveDeals, List<Deal> allDeals) {

        UUID orderId() {
            return order.id;
        }

        List<String> liveAgents() {
            return liveDeals.stream().map(d -> d.agent).toList();
        }

        List<String> allAgents() {
            return allDeals.stream().map(d -> d.agent).toList();
        }
    }

    private final OrderRepository orders;
    private final ContentRepository contents;
    private final DealRepository deals;
    private final OrderEscrowRepository escrows;
    private final EscrowFunding escrowFunding;
    private final EscrowGateway escrow;
    private final MarketplaceConfig config;
    private final Clock clock;

    public CreatorFunding(OrderRepository orders, ContentRepository contents, DealRepository deals, OrderEscrowRepository escrows,
                          EscrowFunding funding, EscrowGateway escrow, MarketplaceConfig config, Clock clock) {
        this.orders = orders;
        this.contents = contents;
        this.deals = deals;
        this.escrows = escrows;
        this.escrowFunding = funding;
        this.escrow = escrow;
        this.config = config;
        this.clock = clock;
    }

    /** The order's funding as its owner sees it; another creator's order is 404. */
    public Uni<FundingView> view(String owner, UUID orderId) {
        return target(owner, orderId).chain(target -> {
            if (target.escrow() != null) {
                return Uni.createFrom().item(funded(target.escrow()));
            }
            if (target.order().status != StorageOrder.Status.OPEN) {
                String status = target.order().status.name();
                return Uni.createFrom().failure(new ProblemException(ProblemType.ORDER_ENDED, "order " + orderId + " is "
                        + status + ": there is nothing to fund", Map.of("orderStatus", status)));
            }
            if (price(target).signum() == 0) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "the order's price per replica-epoch"
                        + " rounds to zero token units: the escrow would refuse it; cancel it and order at a higher price"));
            }
            if (target.liveDeals().size() < target.order().replicas) {
                return Uni.createFrom().item(new FundingView(orderId.toString(), "AWAITING_REPLICAS", null, null, null,
                        null, target.liveDeals().size(), null));
            }
            return escrow.addresses().map(at -> new FundingView(orderId.toString(), "AWAITING_FUNDS", target.content().creator,
                    null, null, price(target).toString(), target.liveDeals().size(), quote(target, at)));
        });
    }

    private Quote quote(FundingTarget target, ChainContracts.Addresses at) {
        BigInteger price = price(target);
        BigInteger total = total(target, price);
        int replicas = target.order().replicas;
        List<String> agents = target.liveAgents().subList(0, replicas);
        List<String> deals = target.liveDeals().subList(0, replicas).stream().map(d -> d.id.toString()).toList();
        List<BigInteger> prices = prices(target, target.liveDeals().subList(0, replicas));
        long chainId = escrow.chainId();
        String funder = target.content().creator;
        return new Quote("0x" + HexFormat.of().formatHex(EscrowGateway.orderKey(target.orderId())), chainId, at.token(), at.escrow(),
                funder, replicas, target.order().epochs, epochSeconds(), price.toString(), prices.stream().map(BigInteger::toString).toList(),
                total.toString(), agents, deals, List.of(
                new WalletTransaction("approve", funder, at.token(), escrow.approveCalldata(total), "0x0", chainId),
                new WalletTransaction("fundOrder", funder, at.escrow(), escrow.fundOrderCalldata(target.orderId(), agents,
                        prices, target.order().epochs, config.market().epoch(), price), "0x0", chainId)));
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
        Executor here = CallerContext.executor();
        return target(owner, orderId).chain(target -> {
            OrderEscrow existing = target.escrow();
            if (existing != null) {
                if (txHash.equalsIgnoreCase(existing.fundTx)) {
                    return Uni.createFrom().item(funded(existing));
                }
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "order " + orderId + " is "
                        + existing.status + " already, by transaction " + existing.fundTx,
                        Map.of("fundTx", String.valueOf(existing.fundTx))));
            }
            // the chain answers on a worker thread; the escrow is recorded back on this request's context
            return escrow.fundingTransaction(orderId, txHash, config.chain().confirmations())
                    .onFailure(ChainTransactionException.class).transform(e -> new ProblemException(ProblemType.UNAVAILABLE,
                            "the chain node could not be asked about " + txHash + ": " + e.getMessage()))
                    .emitOn(here)
                    .chain(check -> record(target, txHash, check));
        });
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
        StorageOrder order = target.order();
        if (!funding.sender().equalsIgnoreCase(target.content().creator)) {
            wrong.add("sent by " + funding.sender() + ", not by the content's creator " + target.content().creator);
        }
        if (funding.replicas() != order.replicas) {
            wrong.add(funding.replicas() + " replicas instead of " + order.replicas);
        }
        if (funding.epochs() != order.epochs) {
            wrong.add(funding.epochs() + " epochs instead of " + order.epochs);
        }
        if (funding.epochSeconds() != epochSeconds()) {
            wrong.add("epochs of " + funding.epochSeconds() + " s instead of " + epochSeconds() + " s");
        }
        if (!funding.maxPricePerReplicaEpoch().equals(price)) {
            wrong.add("price " + funding.maxPricePerReplicaEpoch() + " per replica-epoch instead of " + price);
        }
        if (!funding.total().equals(total(target, price))) {
            wrong.add("total " + funding.total() + " instead of " + total(target, price));
        }
        List<UUID> slots = new ArrayList<>();
        Set<UUID> taken = new HashSet<>();
        for (String agent : funding.agents()) {
            int at = target.allAgents().indexOf(agent.toLowerCase(Locale.ROOT));
            UUID deal = at < 0 ? null : target.allDeals().get(at).id;
            if (deal == null || !taken.add(deal)) {
                wrong.add("agent " + agent + " holds no deal of this order (or two slots)");
            }
            slots.add(deal);
        }
        List<BigInteger> prices = new ArrayList<>();
        if (wrong.isEmpty()) {
            // each slot at exactly its agent's ask (at most the maximum): no more, and no less than the agent agreed to
            List<Deal> held = slots.stream().map(id -> target.allDeals().stream().filter(d -> d.id.equals(id)).findFirst().orElseThrow()).toList();
            prices.addAll(prices(target, held));
            for (int slot = 0; slot < prices.size(); slot++) {
                BigInteger paid = slot < funding.prices().size() ? funding.prices().get(slot) : null;
                if (!prices.get(slot).equals(paid)) {
                    wrong.add("slot " + slot + " at " + paid + " per replica-epoch instead of its agent's ask " + prices.get(slot));
                }
            }
        }
        if (!wrong.isEmpty()) {
            return Uni.createFrom().failure(rejected(target, txHash, String.join("; ", wrong)));
        }
        // escrow epoch 0 is the first whole marketplace epoch after the marketplace learns of the funding (as when
        // the job funds): the marketplace's clock runs the audits, a chain's block times may run ahead (anvil's do in tests)
        OrderEscrow recorded = new OrderEscrow();
        recorded.orderId = target.orderId();
        recorded.status = OrderEscrow.Status.FUNDED;
        recorded.creator = funding.sender();
        recorded.maxPricePerReplicaEpoch = price;
        recorded.epochMillis = config.market().epoch().toMillis();
        recorded.firstEpoch = EscrowFunding.firstEpochAfter(config.market().epoch(), clock.instant());
        recorded.epochs = order.epochs;
        recorded.replicas = order.replicas;
        recorded.fundTx = txHash;
        recorded.fundedAt = OffsetDateTime.now(clock);
        recorded.fundedBy = OrderEscrow.BY_CREATOR;
        return escrowFunding.record(recorded, slots, prices)
                // another report of the same order stored its escrow at the same moment: read whose it is
                .onFailure(Constraints::uniqueViolation).recoverWithItem(false)
                .chain(() -> escrows.ofOrder(target.orderId()))
                .map(e -> {
                    if (!txHash.equalsIgnoreCase(e.fundTx)) {
                        throw new ProblemException(ProblemType.CONFLICT, "order " + target.orderId() + " was funded meanwhile by "
                                + e.fundTx, Map.of("fundTx", String.valueOf(e.fundTx)));
                    }
                    LOG.infof("order %s funded by its creator %s: %s x %d epochs x %d replicas (tx %s)", target.orderId(),
                            funding.sender(), price, order.epochs, order.replicas, txHash);
                    return funded(e);
                });
    }

    private static ProblemException rejected(FundingTarget target, String txHash, String why) {
        LOG.warnf("funding report for order %s refused: %s", target.orderId(), why);
        return new ProblemException(ProblemType.FUNDING_REJECTED, why, Map.of("txHash", txHash, "orderId", target.orderId().toString()));
    }

    /** The owner's order with everything funding it needs; another creator's order is 404. */
    @WithSession
    Uni<FundingTarget> target(String owner, UUID orderId) {
        return orders.findById(orderId).chain(order -> {
            if (order == null || !order.owner.equals(owner)) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "no order " + orderId + " of yours"));
            }
            return contents.findById(order.contentId).chain(content -> deals.ofOrder(order.id).chain(all -> escrows.findById(order.id)
                    .map(escrow -> new FundingTarget(order, content, escrow,
                            all.stream().filter(d -> d.state.isLive()).sorted(OLDEST_FIRST).toList(),
                            all.stream().sorted(Comparator.comparing((Deal d) -> !d.state.isLive()).thenComparing(NEWEST_FIRST)).toList()))));
        });
    }

    private static final Comparator<Deal> OLDEST_FIRST = Comparator.comparing((Deal d) -> d.createdAt).thenComparing(d -> d.id);
    private static final Comparator<Deal> NEWEST_FIRST = Comparator.comparing((Deal d) -> d.createdAt).reversed().thenComparing(d -> d.id);

    private static FundingView funded(OrderEscrow e) {
        return new FundingView(e.orderId.toString(), e.status == OrderEscrow.Status.REFUSED ? "REFUSED" : "FUNDED", e.creator,
                e.fundTx, e.firstEpoch, e.maxPricePerReplicaEpoch.toString(), null, null);
    }

    private static BigInteger price(FundingTarget target) {
        return Susd.perReplicaEpoch(target.order().maxPricePerGbEpochWei, target.content().totalBytes);
    }

    /** Each deal's price per replica-epoch: its agent's ask for this content's size, at most the order's maximum. */
    private static List<BigInteger> prices(FundingTarget target, List<Deal> deals) {
        return deals.stream().map(d -> EscrowFunding.slotPrice(d.askPerGbEpoch, target.order().maxPricePerGbEpochWei,
                target.content().totalBytes)).toList();
    }

    private static BigInteger total(FundingTarget target, BigInteger price) {
        return price.multiply(BigInteger.valueOf((long) target.order().replicas * target.order().epochs));
    }

    private long epochSeconds() {
        return config.market().epoch().toSeconds();
    }

}
