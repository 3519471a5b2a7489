package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.market.StorageQuote;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.money.Susd;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.chain.SponsorshipCalls;
import dev.shoal.marketplace.order.OrderQuotes;
import dev.shoal.marketplace.order.OrderRepository;
import dev.shoal.marketplace.order.OrderService;
import dev.shoal.marketplace.order.StorageOrder;
import dev.shoal.marketplace.settlement.OrderEscrow;
import dev.shoal.marketplace.settlement.OrderEscrowRepository;
import dev.shoal.service.reactive.CallerContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Where each of the advertiser's consented, not yet sponsored forks stands on its way to a sponsorship, for its page:
 * {@code ORDER} (no open storage order of the fork: order one), {@code FUND} (the order's escrow is not funded yet:
 * fund it from the wallet, {@code orderId}), {@code SPONSOR} (the order is funded: approve the consent's amount to the
 * Sponsorship contract, then sponsor(consent, signature, order), the two transactions encoded here for the wallet).
 */
@ApplicationScoped
public class ForkStorage {

    /**
     * One fork's next step; amounts in sUSD ({@code amountShown}), the calls as a wallet sends them. For {@code ORDER},
     * the order the page proposes: {@code months} that cover the consent's term, and the marketplace's quote for the
     * fork's size, replicas and that term ({@code quote}: null when no agent is online to quote), whose highest ask is
     * the proposed maximum per GB-month ({@link #maxPricePerGbMonth}).
     */
    public record Step(String forkId, String step, String orderId, String advertiser, String tokenAddress, String approveData,
                       String sponsorship, String sponsorData, String amountShown, Integer months, StorageQuote quote) {

        static Step order(ForkView f, int months, StorageQuote quote) {
            return new Step(f.forkId(), "ORDER", null, f.advertiser(), null, null, null, null, null, months, quote);
        }

        /** The quote's highest ask per GB-month in sUSD (the maximum that lets placement choose those agents), or "" without a quote. */
        public String maxPricePerGbMonth() {
            return quote == null ? "" : ForkStorage.maxAsk(quote);
        }
    }

    private final OrderRepository orders;
    private final OrderEscrowRepository escrows;
    private final EscrowGateway escrow;
    private final OrderQuotes quotes;
    private final Clock clock;

    public ForkStorage(OrderRepository orders, OrderEscrowRepository escrows, EscrowGateway escrow, OrderQuotes quotes, Clock clock) {
        this.quotes = quotes;
        this.clock = clock;
        this.orders = orders;
        this.escrows = escrows;
        this.escrow = escrow;
    }

    /**
     * The marketplace's quote for the fork's storage: the consent's replicas for {@code months} (POST /api/orders/quote's
     * answer); null when it cannot quote now (no agent online: the page then asks for a maximum).
     */
    @WithSession
    public Uni<StorageQuote> quote(String owner, ForkView f, int months) {
        return quotes.quote(owner, new StorageQuote.Request(f.forkId(), f.replicas(), months, null))
                .map(q -> q.perReplica().isEmpty() ? null : q)
                .onFailure(ProblemException.class).recoverWithNull();
    }

    static String maxAsk(StorageQuote quote) {
        return quote.perReplica().stream().map(r -> new BigDecimal(r.askPerGbMonth())).max(Comparator.naturalOrder())
                .map(max -> max.stripTrailingZeros().toPlainString()).orElse("");
    }

    /** The next step of each consented fork the chain has not seen sponsored, by fork id. */
    @WithSession
    public Uni<Map<String, Step>> of(String owner, List<ForkView> forks) {
        List<ForkView> open = forks.stream().filter(f -> "CONSENTED".equals(f.state()) && f.funding() == null && f.consent() != null).toList();
        if (open.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Executor here = CallerContext.executor();
        return orders.ofOwner(owner).chain(mine -> Multi.createFrom().iterable(open).onItem().transformToUniAndConcatenate(f -> {
            Optional<StorageOrder> order = mine.stream().filter(o -> o.contentId.equals(f.forkId()) && o.status == StorageOrder.Status.OPEN)
                    .findFirst(); // newest first
            if (order.isEmpty()) {
                int months = OrderService.monthsUntil(Instant.parse(f.termEnd()), clock.instant());
                return quote(owner, f, months).map(q -> Step.order(f, months, q));
            }
            String orderId = order.get().id.toString();
            return escrows.ofOrder(order.get().id).chain(e -> {
                if (e == null || e.status != OrderEscrow.Status.FUNDED) {
                    return Uni.createFrom().item(new Step(f.forkId(), "FUND", orderId, f.advertiser(), null, null, null, null, null, null, null));
                }
                SponsorshipConsent.Signed signed = SponsorshipConsent.Signed.fromJson(f.consent().toString());
                String sponsorship = signed.consent().contract().toString();
                // the chain answers on a worker thread; the page goes on on this request's context (its session)
                return escrow.addresses().emitOn(here).map(at -> new Step(f.forkId(), "SPONSOR", orderId, f.advertiser(), at.token(),
                        SponsorshipCalls.approve(sponsorship, signed.consent().amount()), sponsorship,
                        SponsorshipCalls.sponsor(signed, EscrowGateway.orderKey(order.get().id)), Susd.format(signed.consent().amount()), null, null));
            });
        }).collect().asList()).map(steps -> {
            Map<String, Step> out = new HashMap<>();
            steps.forEach(s -> out.put(s.forkId(), s));
            return out;
        });
    }
}
