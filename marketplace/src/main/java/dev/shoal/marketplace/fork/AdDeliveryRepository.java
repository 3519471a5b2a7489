package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.AdQuartile;
import dev.shoal.contracts.receipt.ServingReceipt;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The ad delivery receipts (V13), each taken once by its agent and id, and the ad points each session reached. */
@ApplicationScoped
public class AdDeliveryRepository {

    private final Pool pool;

    public AdDeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** What a fork's ad delivery adds up to: receipts, bytes and sessions, and the sessions that reached each point. */
    public record Totals(long receipts, long bytes, long sessions, Map<AdQuartile, Long> reached) {
    }

    /** The receipts written in one transaction, those taken before skipped; answers how many were new. */
    public Uni<Integer> record(String forkId, String adId, List<AdDeliveryChecks.Delivered> delivered, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<Tuple> receipts = new ArrayList<>();
        List<Tuple> points = new ArrayList<>();
        for (AdDeliveryChecks.Delivered d : delivered) {
            ServingReceipt r = d.receipt();
            receipts.add(Tuple.from(List.of(r.agent().toString().toLowerCase(java.util.Locale.ROOT), r.receiptId(), forkId, adId,
                    r.viewerSession(), r.segment().hex(), r.bytes(),
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(r.issuedAtMillis()), ZoneOffset.UTC), at)));
            d.reached().forEach(q -> points.add(Tuple.of(forkId, adId, r.viewerSession(), q.wireName(), at)));
        }
        return pool.withTransaction(tx -> tx.preparedQuery("insert into ad_delivery_receipt (agent, receipt_id, fork_id, ad_id, session,"
                        + " segment, bytes, issued_at, counted_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing")
                .executeBatch(receipts).map(AdDeliveryRepository::rowCount)
                .call(counted -> points.isEmpty() ? Uni.createFrom().voidItem()
                        : tx.preparedQuery("insert into ad_delivery_quartile (fork_id, ad_id, session, quartile, reached_at)"
                        + " values ($1, $2, $3, $4, $5) on conflict do nothing").executeBatch(points)));
    }

    public Uni<Totals> totals(String forkId) {
        return pool.preparedQuery("select count(*), coalesce(sum(bytes), 0), count(distinct session) from ad_delivery_receipt where fork_id = $1")
                .execute(Tuple.of(forkId)).chain(sums -> pool.preparedQuery("select quartile, count(*) from ad_delivery_quartile"
                        + " where fork_id = $1 group by quartile").execute(Tuple.of(forkId)).map(rows -> {
                    Map<String, Long> byName = new HashMap<>();
                    rows.forEach(r -> byName.put(r.getString(0), r.getLong(1)));
                    Map<AdQuartile, Long> reached = new java.util.EnumMap<>(AdQuartile.class);
                    for (AdQuartile q : AdQuartile.values()) {
                        reached.put(q, byName.getOrDefault(q.wireName(), 0L));
                    }
                    Row s = sums.iterator().next();
                    return new Totals(s.getLong(0), s.getLong(1), s.getLong(2), reached);
                }));
    }

    /** The registered agents among {@code addresses} (lower-case). */
    public Uni<Set<String>> known(Set<String> addresses) {
        return pool.preparedQuery("select address from agent where address = any($1)").execute(Tuple.of(addresses.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    private static int rowCount(RowSet<Row> rows) {
        int n = 0;
        for (RowSet<Row> r = rows; r != null; r = r.next()) {
            n += r.rowCount();
        }
        return n;
    }
}
