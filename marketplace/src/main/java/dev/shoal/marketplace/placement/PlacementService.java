package dev.shoal.marketplace.placement;

import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.agent.Agent;
import dev.shoal.marketplace.agent.AgentRepository;
import dev.shoal.marketplace.agent.Reputation;
import dev.shoal.marketplace.agent.Reputation.TrackRecord;
import dev.shoal.marketplace.agent.TrackRecords;
import dev.shoal.marketplace.content.Content;
import dev.shoal.marketplace.content.ContentRepository;
import dev.shoal.marketplace.deal.DealRepository;
import dev.shoal.marketplace.deal.DealService;
import dev.shoal.marketplace.deal.DealState;
import dev.shoal.marketplace.order.OrderRepository;
import dev.shoal.marketplace.order.ReplicaPlacement;
import dev.shoal.marketplace.order.StorageOrder;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import dev.shoal.service.scheduling.JobLease;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Fills orders: when an order is placed, and every placement interval for orders that still miss
 * replicas (agents appeared, or a replica was lost). The choice itself is {@link PlacementEngine}'s.
 */
@ApplicationScoped
public class PlacementService implements ReplicaPlacement {

    private static final Logger LOG = Logger.getLogger(PlacementService.class);

    private final AgentRepository agents;
    private final DealRepository deals;
    private final ContentRepository contents;
    private final OrderRepository orders;
    private final DealService dealService;
    private final MarketplaceConfig config;
    private final Mutiny.SessionFactory sessions;
    private final TrackRecords trackRecords;
    private final Clock clock;
    private final JobLease lease;
    private final PlacementWaits waits = new PlacementWaits();

    public PlacementService(AgentRepository agents, DealRepository deals, ContentRepository contents, OrderRepository orders,
                            DealService dealService, MarketplaceConfig config, Mutiny.SessionFactory sessions,
                            TrackRecords trackRecords, Clock clock, JobLease lease) {
        this.lease = lease;
        this.trackRecords = trackRecords;
        this.clock = clock;
        this.agents = agents;
        this.deals = deals;
        this.contents = contents;
        this.orders = orders;
        this.dealService = dealService;
        this.config = config;
        this.sessions = sessions;
    }

    /** Proposes deals for the replicas the order misses, in the caller's transaction. The number proposed. */
    @Override
    public Uni<Integer> fill(StorageOrder order, Content content) {
        return fill(order, content, null);
    }

    /** As {@link #fill(StorageOrder, Content)}; the first deal proposed records that it repairs {@code replaces}. */
    public Uni<Integer> fill(StorageOrder order, Content content, UUID replaces) {
        if (order.status != StorageOrder.Status.OPEN) {
            waits.done(order.id);
            return Uni.createFrom().item(0); // a cancelled or expired order gets no new replicas, not even repairs
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        return deals.ofOrder(order.id).chain(all -> {
            List<dev.shoal.marketplace.deal.Deal> live = all.stream().filter(d -> d.state.isLive()).toList();
            // an agent that failed or lost a replica of this order does not get it back
            Set<String> failedBefore = all.stream().filter(d -> d.state == DealState.FAILED).map(d -> d.agent).collect(Collectors.toSet());
            int needed = order.replicas - live.size();
            if (needed <= 0) {
                waits.done(order.id);
                return Uni.createFrom().item(0);
            }
            return agents.onlineSince(now.minus(config.market().heartbeatTimeout())).chain(online -> {
                Map<String, Agent> byAddress = online.stream().collect(Collectors.toMap(a -> a.address, a -> a));
                Set<String> holders = new java.util.HashSet<>(failedBefore);
                live.forEach(d -> holders.add(d.agent));
                Set<String> operators = live.stream().map(d -> byAddress.get(d.agent)).filter(a -> a != null).map(a -> a.operator).collect(Collectors.toSet());
                Set<String> networks = live.stream().map(d -> byAddress.get(d.agent)).filter(a -> a != null).map(a -> a.network).collect(Collectors.toSet());
                return reserved(online).chain(reservedBytes -> deals.getSession()
                        .chain(session -> trackRecords.of(session, byAddress.keySet())).chain(records -> {
                    List<PlacementEngine.Candidate> candidates = online.stream().map(a -> candidate(a,
                            records.getOrDefault(a.address, TrackRecord.NONE), reservedBytes.getOrDefault(a.address, 0L), now,
                            heartbeatInterval(), config.market().referenceTransferRate())).toList();
                    List<PlacementEngine.Candidate> chosen = PlacementEngine.choose(new PlacementEngine.Request(
                            needed, content.totalBytes, order.maxPricePerGbEpochWei, holders, operators, networks), candidates);
                    if (chosen.size() < needed) {
                        waits.waiting(order.id, chosen.size(), needed, clock.instant()).ifPresent(LOG::info);
                    } else {
                        waits.done(order.id);
                    }
                    java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
                    return Multi.createFrom().iterable(chosen)
                            .onItem().transformToUniAndConcatenate(c -> replaces != null && first.getAndSet(false)
                                    ? dealService.propose(order.id, c.address(), c.pricePerGbEpochWei(), replaces, "repair: replaces lost deal " + replaces)
                                    : dealService.propose(order.id, c.address(), c.pricePerGbEpochWei(), null, "placed"))
                            .collect().asList().map(List::size);
                }));
            });
        });
    }

    @Override
    public Uni<ReplicaPlacement.Offers> wouldPlace(int replicas, long bytes, java.math.BigInteger maxPerGbEpoch) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return agents.onlineSince(now.minus(config.market().heartbeatTimeout())).chain(online -> {
            Map<String, Agent> byAddress = online.stream().collect(Collectors.toMap(a -> a.address, a -> a));
            return reserved(online).chain(reservedBytes -> deals.getSession()
                    .chain(session -> trackRecords.of(session, byAddress.keySet())).map(records -> {
                        List<PlacementEngine.Candidate> candidates = online.stream().map(a -> candidate(a,
                                records.getOrDefault(a.address, TrackRecord.NONE), reservedBytes.getOrDefault(a.address, 0L), now,
                                heartbeatInterval(), config.market().referenceTransferRate())).toList();
                        java.math.BigInteger lowest = candidates.stream().filter(c -> c.freeBytes() >= bytes)
                                .map(PlacementEngine.Candidate::pricePerGbEpochWei).min(java.math.BigInteger::compareTo).orElse(null);
                        List<ReplicaPlacement.Offer> chosen = PlacementEngine.choose(new PlacementEngine.Request(replicas, bytes,
                                maxPerGbEpoch, Set.of(), Set.of(), Set.of()), candidates).stream()
                                .map(c -> new ReplicaPlacement.Offer(c.address(), byAddress.get(c.address()).region, c.pricePerGbEpochWei()))
                                .toList();
                        return new ReplicaPlacement.Offers(chosen, lowest);
                    }));
        });
    }

    /** The agent's reputation now, as placement ranks it. */
    public double reputation(Agent a, TrackRecord record, OffsetDateTime now) {
        return Reputation.of(a, record, now, heartbeatInterval(), config.market().referenceTransferRate());
    }

    /** An agent as placement ranks it: its reputation from its track record, and the room its live deals leave. */
    static PlacementEngine.Candidate candidate(Agent a, TrackRecord record, long reservedBytes, OffsetDateTime now,
                                               Duration heartbeatInterval, long referenceTransferRate) {
        return new PlacementEngine.Candidate(a.address, a.operator, a.network,
                Reputation.of(a, record, now, heartbeatInterval, referenceTransferRate),
                a.pricePerGbEpochWei, a.capacityBytes - reservedBytes);
    }

    /** Bytes each agent's live deals already claim of its capacity. */
    private Uni<Map<String, Long>> reserved(List<Agent> agents) {
        if (agents.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return deals.getSession().chain(session -> session.createQuery(
                        "select d.agent, sum(c.totalBytes) from Deal d, StorageOrder o, Content c"
                                + " where d.orderId = o.id and o.contentId = c.contentId and d.state in (:live) group by d.agent", Object[].class)
                .setParameter("live", DealState.LIVE)
                .getResultList())
                .map(rows -> {
                    Map<String, Long> out = new HashMap<>();
                    rows.forEach(r -> out.put((String) r[0], ((Number) r[1]).longValue()));
                    return out;
                });
    }

    /** Orders with fewer live replicas than ordered, filled one transaction each so one failure does not stop the rest. */
    @Scheduled(every = "${shoal.market.placement-interval}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> fillWaitingOrders() {
        return lease.held().chain(held -> !held ? Uni.createFrom().voidItem() : fillAll());
    }

    /** Fills every waiting order it can (the jobs' lease holder's schedule; tests call it directly). */
    Uni<Void> fillAll() {
        return sessions.withSession(s -> s.createQuery(
                        "select o.id from StorageOrder o where o.status = :open and o.replicas > (select count(d) from Deal d where d.orderId = o.id and d.state in (:live))",
                        UUID.class).setParameter("live", DealState.LIVE).setParameter("open", StorageOrder.Status.OPEN).getResultList())
                .invoke(waits::retain)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> fillOne(id).onFailure().recoverWithItem(failure -> {
                    LOG.warnf("placing order %s failed: %s", id, failure.getMessage());
                    return 0;
                }))
                .collect().asList().replaceWithVoid();
    }

    @WithTransaction
    Uni<Integer> fillOne(UUID orderId) {
        return orders.findById(orderId).chain(order -> contents.findById(order.contentId).chain(content -> fill(order, content)));
    }

    private Duration heartbeatInterval() {
        // agents beat about three times per timeout; used to turn a heartbeat count into uptime
        return config.market().heartbeatTimeout().dividedBy(3);
    }
}
