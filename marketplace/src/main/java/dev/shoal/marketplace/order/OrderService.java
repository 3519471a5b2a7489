package dev.shoal.marketplace.order;

import dev.shoal.contracts.event.OrderPlaced;
import dev.shoal.contracts.event.OrderEnded;
import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.money.Susd;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.content.ContentService;
import dev.shoal.marketplace.deal.DealRepository;
import dev.shoal.marketplace.deal.DealService;
import dev.shoal.marketplace.deal.DealState;
import dev.shoal.marketplace.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creators order archival storage of their contents: 5 to 10 replicas for a number of epochs at a maximum price. */
@ApplicationScoped
public class OrderService {

    private final OrderRepository orders;
    private final ContentService contents;
    private final ReplicaPlacement placement;
    private final Outbox outbox;
    private final DealRepository deals;
    private final DealService dealService;
    private final Clock clock;
    private final MarketplaceConfig config;

    public OrderService(OrderRepository orders, ContentService contents, ReplicaPlacement placement, Outbox outbox,
                        DealRepository deals, DealService dealService, Clock clock, MarketplaceConfig config) {
        this.config = config;
        this.orders = orders;
        this.contents = contents;
        this.placement = placement;
        this.outbox = outbox;
        this.deals = deals;
        this.dealService = dealService;
        this.clock = clock;
    }

    /**
     * A creator's order: a content, 5 to 10 replicas, a term ({@code months}, or {@code epochs} of
     * {@code shoal.market.epoch}, which a demo or a test shortens) and the maximum price per replica in sUSD per
     * GB-month ({@code maxPricePerGbMonth}). {@code maxPricePerGbEpochWei} (sUSD units per GB-epoch, with
     * {@code epochs}) is deprecated: still read for a client that sends it, never answered.
     */
    public record OrderRequest(String contentId, Integer replicas, Integer epochs, @Deprecated String maxPricePerGbEpochWei, Integer months,
                               String maxPricePerGbMonth) {

        /** The order with its term in epochs and the price per GB-month (sUSD). */
        public static OrderRequest perGbMonth(String contentId, Integer replicas, Integer epochs, String maxPricePerGbMonth) {
            return new OrderRequest(contentId, replicas, epochs, null, null, maxPricePerGbMonth);
        }

        /** The same order in the escrow's terms: months as epochs, the price per GB-month as units per GB-epoch. */
        OrderRequest inEpochs(java.time.Duration epoch) {
            if (maxPricePerGbMonth == null) {
                if (months != null) {
                    throw new ProblemException(ProblemType.INVALID_REQUEST, "maxPricePerGbMonth (sUSD) is required", Map.of("field", "maxPricePerGbMonth"));
                }
                return this; // the deprecated form: epochs and maxPricePerGbEpochWei
            }
            if (maxPricePerGbEpochWei != null) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "give one maximum price: maxPricePerGbMonth (sUSD), not also the"
                        + " deprecated maxPricePerGbEpochWei", Map.of("field", "maxPricePerGbEpochWei"));
            }
            if (months != null && epochs != null) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "give the term as months or as epochs, not both", Map.of("field", "epochs"));
            }
            if (months != null && months < 1) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "the term must be at least 1 month, not " + months,
                        Map.of("field", "months"));
            }
            if (months == null && epochs == null) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "the term is required: months (or epochs of " + epoch.toSeconds() + " s)",
                        Map.of("field", "months"));
            }
            BigInteger max = OrderQuotes.price(maxPricePerGbMonth);
            int n = months == null ? epochs : (int) Math.min(Susd.epochsIn(Susd.MONTH.multipliedBy(months), epoch), Integer.MAX_VALUE);
            return new OrderRequest(contentId, replicas, n, Susd.maxPerEpoch(max, epoch).toString(), null, null);
        }
    }

    /**
     * Places the order and as many of its replicas as agents allow now; the rest fill as agents appear. A maximum below
     * every online agent's ask is refused as the quote refuses it (422 naming the lowest ask), before anything is written.
     */
    @WithTransaction
    public Uni<StorageOrder> place(String owner, OrderRequest asked) {
        BigInteger maxPrice;
        OrderRequest request;
        String priceField = asked != null && asked.maxPricePerGbMonth() != null ? "maxPricePerGbMonth" : "maxPricePerGbEpochWei";
        try {
            request = asked == null ? null : asked.inEpochs(config.market().epoch());
            maxPrice = validate(request);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        java.time.Duration epoch = config.market().epoch();
        String termField = asked.months() != null ? "months" : "epochs";
        return contents.owned(owner, request.contentId()).call(content -> orders.forkTerms(content.contentId).invoke(agreed -> {
                    if (agreed != null) {
                        forkTerms(agreed, request, epoch, clock.instant(), termField);
                    }
                })).call(content -> placement.wouldPlace(request.replicas(), content.totalBytes, maxPrice)
                .invoke(offers -> {
                    if (offers.chosen().isEmpty() && offers.lowestAsk() != null && offers.lowestAsk().compareTo(maxPrice) > 0) {
                        throw OrderQuotes.belowAsks(asked.maxPricePerGbMonth() == null ? null : OrderQuotes.price(asked.maxPricePerGbMonth()), maxPrice,
                                offers.lowestAsk(), epoch, priceField);
                    }
                })).chain(content -> {
            StorageOrder order = new StorageOrder();
            order.id = UUID.randomUUID();
            order.contentId = content.contentId;
            order.owner = owner;
            order.replicas = request.replicas();
            order.epochs = request.epochs();
            order.maxPricePerGbEpochWei = maxPrice;
            order.createdAt = OffsetDateTime.now(clock);
            return orders.persist(order)
                    .call(o -> outbox.record(EventType.ORDER_PLACED, "order", o.id.toString(), new OrderPlaced(o.id.toString(),
                            o.contentId, o.replicas, o.epochs, maxPrice.toString())))
                    .call(o -> placement.fill(o, content));
        });
    }

    /**
     * A fork's order meets its sponsorship: at least the consent's replicas, and a term that covers the consent's (the
     * fork must stay seeded while it may be shown); 400 invalid-request naming the field otherwise.
     */
    static void forkTerms(OrderRepository.ForkTerms agreed, OrderRequest request, java.time.Duration epoch, java.time.Instant now, String termField) {
        if (request.replicas() < agreed.replicas()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "this fork's sponsorship agreed on " + agreed.replicas()
                    + " replicas: order at least " + agreed.replicas() + ", not " + request.replicas(), Map.of("field", "replicas"));
        }
        java.time.Instant ends = now.plus(epoch.multipliedBy(request.epochs()));
        java.time.Instant termEnd = java.time.Instant.ofEpochSecond(agreed.termEnd());
        if (ends.isBefore(termEnd)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "this fork's sponsorship runs until " + dev.shoal.contracts.fork.ForkView.dateShown(termEnd)
                    + ": its storage must last as long, and this order's term ends " + dev.shoal.contracts.fork.ForkView.dateShown(ends) + "; order at least "
                    + monthsUntil(termEnd, now) + (monthsUntil(termEnd, now) == 1 ? " month" : " months"), Map.of("field", termField, "termEnd", termEnd.toString()));
        }
    }

    /** Whole months (30 days each) from {@code now} that cover {@code end}, at least 1. */
    public static int monthsUntil(java.time.Instant end, java.time.Instant now) {
        long seconds = java.time.Duration.between(now, end).toSeconds();
        long month = Susd.MONTH.toSeconds();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (seconds + month - 1) / month));
    }

    @WithSession
    public Uni<List<StorageOrder>> ofOwner(String owner) {
        return orders.ofOwner(owner);
    }

    /** The owner's order, or 404 (another creator's order is not theirs to learn about). */
    @WithSession
    public Uni<StorageOrder> owned(String owner, UUID id) {
        return orders.findById(id).onItem().transform(order -> {
            if (order == null || !order.owner.equals(owner)) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no order " + id + " of yours");
            }
            return order;
        });
    }

    /**
     * The owner cancels: the order is CANCELLED, its live deals too, and {@code OrderCancelled} is published,
     * in one transaction. The escrow follows on the settlement job's next tick (cancel on chain, settle the
     * epochs the chain keeps, claim, refund the rest). Another creator's order: 404; an ended one: 409.
     */
    @WithTransaction
    public Uni<StorageOrder> cancel(String owner, UUID id) {
        return owned(owner, id).chain(order -> {
            if (order.status != StorageOrder.Status.OPEN) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.ORDER_ENDED,
                        "order " + id + " is " + order.status + " already", Map.of("orderStatus", order.status.name())));
            }
            return end(order, StorageOrder.Status.CANCELLED, DealState.CANCELLED, "order cancelled by its creator");
        });
    }

    /**
     * The order's last epoch is settled and paid out: the order is EXPIRED, its ACTIVE deals EXPIRED and any
     * still transferring CANCELLED. A no-op for an order already ended (a cancelled order stays CANCELLED,
     * its deals were cancelled with it).
     */
    @WithTransaction
    public Uni<Void> expire(UUID id) {
        return orders.findById(id).chain(order -> order == null || order.status != StorageOrder.Status.OPEN
                ? Uni.createFrom().voidItem()
                : end(order, StorageOrder.Status.EXPIRED, DealState.EXPIRED, "order expired").replaceWithVoid());
    }

    private Uni<StorageOrder> end(StorageOrder order, StorageOrder.Status status, DealState dealsTo, String reason) {
        order.status = status;
        order.endedAt = OffsetDateTime.now(clock);
        return deals.ofOrder(order.id)
                .chain(list -> Multi.createFrom().iterable(list.stream().filter(d -> d.state.isLive()).toList())
                        .onItem().transformToUniAndConcatenate(d -> dealService.move(d,
                                d.state.canMoveTo(dealsTo) ? dealsTo : DealState.CANCELLED, reason))
                        .collect().asList())
                .chain(() -> orders.persist(order))
                .call(o -> outbox.record(status == StorageOrder.Status.CANCELLED ? EventType.ORDER_CANCELLED : EventType.ORDER_EXPIRED,
                        "order", o.id.toString(), new OrderEnded(o.id.toString(), o.contentId, o.endedAt.toString())));
    }

    static BigInteger validate(OrderRequest request) {
        if (request == null || request.contentId() == null || request.replicas() == null || request.epochs() == null
                || request.maxPricePerGbEpochWei() == null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "contentId, replicas, a term (months, or epochs) and"
                    + " maxPricePerGbMonth (sUSD) are required");
        }
        if (request.replicas() < StorageOrder.MIN_REPLICAS || request.replicas() > StorageOrder.MAX_REPLICAS) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "replicas must be between " + StorageOrder.MIN_REPLICAS
                    + " and " + StorageOrder.MAX_REPLICAS + ", not " + request.replicas(), Map.of("field", "replicas"));
        }
        if (request.epochs() < 1) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "epochs must be at least 1", Map.of("field", "epochs"));
        }
        if (!request.contentId().matches("[0-9a-f]{64}")) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "contentId must be 64 lowercase hex digits", Map.of("field", "contentId"));
        }
        try {
            BigInteger price = new BigInteger(request.maxPricePerGbEpochWei());
            if (price.signum() < 0) {
                throw new NumberFormatException();
            }
            return price;
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "maxPricePerGbEpochWei must be a non-negative decimal integer",
                    Map.of("field", "maxPricePerGbEpochWei"));
        }
    }
}
