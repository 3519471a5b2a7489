package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.ForkView;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class ForkRequestRepository implements PanacheRepositoryBase<ForkRequest, UUID> {

    private final Pool pool;

    public ForkRequestRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<ForkRequest>> ofCreator(String owner) {
        return list("creatorOwner = ?1 order by createdAt desc", owner);
    }

    public Uni<List<ForkRequest>> ofAdvertiser(String owner) {
        return list("advertiserOwner = ?1 order by createdAt desc", owner);
    }

    public Uni<List<ForkRequest>> consentedOf(String originalId) {
        return list("originalId = ?1 and state = ?2 order by answeredAt", originalId, ForkRequest.State.CONSENTED);
    }

    public Uni<ForkRequest> consentedFork(String forkId) {
        return find("forkId = ?1 and state = ?2", forkId, ForkRequest.State.CONSENTED).firstResult();
    }

    public Uni<Boolean> forkKnown(String forkId) {
        return count("forkId", forkId).map(n -> n > 0);
    }

    public Uni<Boolean> digestUsed(String digest) {
        return count("consentDigest", digest).map(n -> n > 0);
    }

    /** Each content's replicas now: the distinct agents holding an ACTIVE deal of one of its orders. */
    public Uni<Map<String, Long>> activeReplicas(List<String> contentIds) {
        if (contentIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select o.content_id, count(distinct d.agent) from deal d join storage_order o on o.id = d.order_id"
                        + " where o.content_id = any($1) and d.state = 'ACTIVE' group by o.content_id")
                .execute(Tuple.of(contentIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Long> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString(0), r.getLong(1)));
                    return out;
                });
    }

    /**
     * Each fork's sponsorship on chain, from the Sponsorship contract's events the chain event feed recorded (Sponsored,
     * Paid, Cancelled, each once by its chain event id); forks without a Sponsored event are absent. Whether the
     * Sponsored event's storage order is one of the fork's own orders is {@code ownOrder}.
     */
    public Uni<Map<String, ForkView.Funding>> funding(List<String> forkIds) {
        if (forkIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select aggregate_id, payload->'data'->>'event', payload->'data'->'args'->>'amount',"
                        + " payload->'data'->'args'->>'refund', payload->'data'->'args'->>'storageOrder', payload->'data'->>'txHash',"
                        // the escrow order key is the order's UUID in its last 16 bytes (EscrowGateway.orderKey)
                        + " exists (select 1 from storage_order o where o.content_id = aggregate_id and lower(payload->'data'->'args'->>'storageOrder')"
                        + "   = '0x' || repeat('0', 32) || replace(o.id::text, '-', ''))"
                        + " from outbox_event where aggregate_type = 'fork' and aggregate_id = any($1)"
                        + " and payload->'data'->>'contract' = 'Sponsorship'"
                        + " order by (payload->'data'->>'blockNumber')::bigint, (payload->'data'->>'logIndex')::int")
                .execute(Tuple.of(forkIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, ForkView.Funding> out = new HashMap<>();
                    rows.forEach(r -> {
                        String fork = r.getString(0);
                        ForkView.Funding before = out.get(fork);
                        switch (r.getString(1)) {
                            case "Sponsored" -> out.put(fork, ForkView.Funding.sponsored(new java.math.BigInteger(r.getString(2)), r.getString(4), r.getBoolean(6), r.getString(5)));
                            case "Paid" -> {
                                if (before != null) {
                                    out.put(fork, before.paid(new java.math.BigInteger(r.getString(2))));
                                }
                            }
                            case "Cancelled" -> {
                                if (before != null) {
                                    out.put(fork, before.cancelled(new java.math.BigInteger(r.getString(3))));
                                }
                            }
                            default -> {
                            }
                        }
                    });
                    return out;
                });
    }
}
