package dev.shoal.marketplace.repair;

import dev.shoal.contracts.event.ReplicaLost;
import dev.shoal.contracts.event.EventType;
import dev.shoal.marketplace.content.ContentRepository;
import dev.shoal.marketplace.deal.Deal;
import dev.shoal.marketplace.deal.DealService;
import dev.shoal.marketplace.deal.DealState;
import dev.shoal.marketplace.messaging.Outbox;
import dev.shoal.marketplace.order.OrderRepository;
import dev.shoal.marketplace.placement.PlacementService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;


/**
 * A replica declared lost is failed and replaced at once by a deal on another agent, which copies from
 * the surviving replicas (their endpoints come first among a deal offer's sources). If no agent can
 * take it now, the placement job fills the order as soon as one can.
 */
@ApplicationScoped
public class RepairService {

    private static final Logger LOG = Logger.getLogger(RepairService.class);

    private final DealService deals;
    private final OrderRepository orders;
    private final ContentRepository contents;
    private final PlacementService placement;
    private final Outbox outbox;

    public RepairService(DealService deals, OrderRepository orders, ContentRepository contents, PlacementService placement, Outbox outbox) {
        this.deals = deals;
        this.orders = orders;
        this.contents = contents;
        this.placement = placement;
        this.outbox = outbox;
    }

    /** Fails the deal as lost and proposes its replacement, in the caller's transaction. */
    public Uni<Deal> declareLost(Deal deal, String reason) {
        if (!deal.state.isLive()) {
            return Uni.createFrom().item(deal);
        }
        LOG.infof("replica %s on %s lost: %s; repairing", deal.id, deal.agent, reason);
        return deals.move(deal, DealState.FAILED, "replica lost: " + reason)
                .call(lost -> outbox.record(EventType.REPLICA_LOST, "deal", lost.id.toString(),
                        new ReplicaLost(lost.id.toString(), lost.orderId.toString(), lost.agent, reason)))
                .call(lost -> orders.findById(lost.orderId)
                        .chain(order -> contents.findById(order.contentId).chain(content -> placement.fill(order, content, lost.id))));
    }
}
