package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import dev.shoal.contracts.fork.SponsorshipConsent;
import dev.shoal.contracts.money.Susd;
import dev.shoal.marketplace.chain.EscrowGateway;
import dev.shoal.marketplace.chain.SponsorshipCalls;
import dev.shoal.marketplace.order.OrderRepository;
import dev.shoal.marketplace.order.StorageOrder;
import dev.shoal.marketplace.settlement.OrderEscrow;
import dev.shoal.marketplace.settlement.OrderEscrowRepository;
import dev.shoal.service.reactive.CallerContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

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

    /** One fork's next step; amounts in sUSD ({@code amountShown}), the calls as a wallet sends them. */
    public record Step(String forkId, String step, String orderId, String advertiser, String tokenAddress, String approveData,
                       String sponsorship, String sponsorData, String amountShown) {
    }

    private final OrderRepository orders;
    private final OrderEscrowRepository escrows;
    private final EscrowGateway escrow;

    public ForkStorage(OrderRepository orders, OrderEscrowRepository escrows, EscrowGateway escrow) {
        this.orders = orders;
        this.escrows = escrows;
        this.escrow = escrow;
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
                return Uni.createFrom().item(new Step(f.forkId(), "ORDER", null, f.advertiser(), null, null, null, null, null));
            }
            String orderId = order.get().id.toString();
            return escrows.ofOrder(order.get().id).chain(e -> {
                if (e == null || e.status != OrderEscrow.Status.FUNDED) {
                    return Uni.createFrom().item(new Step(f.forkId(), "FUND", orderId, f.advertiser(), null, null, null, null, null));
                }
                SponsorshipConsent.Signed signed = SponsorshipConsent.Signed.fromJson(f.consent().toString());
                String sponsorship = signed.consent().contract().toString();
                // the chain answers on a worker thread; the page goes on on this request's context (its session)
                return escrow.addresses().emitOn(here).map(at -> new Step(f.forkId(), "SPONSOR", orderId, f.advertiser(), at.token(),
                        SponsorshipCalls.approve(sponsorship, signed.consent().amount()), sponsorship,
                        SponsorshipCalls.sponsor(signed, EscrowGateway.orderKey(order.get().id)), Susd.format(signed.consent().amount())));
            });
        }).collect().asList()).map(steps -> {
            Map<String, Step> out = new HashMap<>();
            steps.forEach(s -> out.put(s.forkId(), s));
            return out;
        });
    }
}
