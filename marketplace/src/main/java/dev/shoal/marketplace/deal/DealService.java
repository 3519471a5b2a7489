package dev.shoal.marketplace.deal;

import dev.shoal.contracts.event.DealTransitioned;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * The only way a deal is created or changes state: checks the transition, records it, and writes its
 * event to the outbox, all in the caller's transaction.
 */
@ApplicationScoped
public class DealService {

    private final DealRepository deals;
    private final DealTransitionRepository transitions;
    private final Outbox outbox;
    private final Event<DealMoved> moved;

    public DealService(DealRepository deals, DealTransitionRepository transitions, Outbox outbox, Event<DealMoved> moved) {
        this.deals = deals;
        this.transitions = transitions;
        this.outbox = outbox;
        this.moved = moved;
    }

    /**
     * A new PROPOSED deal for one replica of an order at the agent's ask per GB-epoch; {@code replaces} names the
     * lost deal it repairs, if any.
     */
    public Uni<Deal> propose(UUID orderId, String agent, java.math.BigInteger askPerGbEpoch, UUID replaces, String reason) {
        Deal deal = new Deal();
        deal.id = UUID.randomUUID();
        deal.orderId = orderId;
        deal.agent = agent;
        deal.state = DealState.PROPOSED;
        deal.replaces = replaces;
        deal.askPerGbEpoch = askPerGbEpoch;
        deal.createdAt = OffsetDateTime.now();
        deal.updatedAt = deal.createdAt;
        return deals.persist(deal)
                .call(d -> record(d, null, reason))
                .call(d -> publish(d, null, reason));
    }

    /** Moves a deal on; an illegal move is a 409 problem and changes nothing. Moving to the state it is in is a no-op. */
    public Uni<Deal> move(Deal deal, DealState next, String reason) {
        if (deal.state == next) {
            return Uni.createFrom().item(deal);
        }
        if (!deal.state.canMoveTo(next)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                    "deal " + deal.id + " is " + deal.state + " and cannot become " + next,
                    Map.of("dealState", deal.state.name())));
        }
        DealState previous = deal.state;
        deal.state = next;
        deal.updatedAt = OffsetDateTime.now();
        return deals.persist(deal)
                .call(d -> record(d, previous, reason))
                .call(d -> publish(d, previous, reason));
    }

    /**
     * The deal's strikes changed (an audit failed, or passed after failures): no state move, but a suspended replica
     * is not a source, so whoever keeps sources must hear of it.
     */
    public void strikesChanged(Deal deal) {
        moved.fire(new DealMoved(deal.id, deal.orderId, deal.agent, deal.state));
    }

    private Uni<DealTransition> record(Deal deal, DealState from, String reason) {
        DealTransition t = new DealTransition();
        t.dealId = deal.id;
        t.fromState = from == null ? null : from.name();
        t.toState = deal.state.name();
        t.reason = reason;
        t.at = deal.updatedAt;
        return transitions.persist(t);
    }

    private Uni<?> publish(Deal deal, DealState from, String reason) {
        moved.fire(new DealMoved(deal.id, deal.orderId, deal.agent, deal.state));
        return outbox.record(deal.state.eventType(), "deal", deal.id.toString(), new DealTransitioned(
                deal.id.toString(), deal.orderId.toString(), deal.agent, from == null ? null : from.name(),
                deal.state.name(), reason, deal.replaces == null ? null : deal.replaces.toString(), deal.updatedAt.toString()));
    }
}
