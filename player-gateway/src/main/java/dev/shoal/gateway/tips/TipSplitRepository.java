package dev.shoal.gateway.tips;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TipSplitRepository implements PanacheRepositoryBase<TipSplit, UUID> {

    /** One bucket of a content's tips. */
    public record Bucket(OffsetDateTime start, long tips, BigInteger totalWei, BigInteger creatorWei) {
    }

    public Uni<TipSplit> byRef(String ref) {
        return find("ref", ref).firstResult();
    }

    /** The content's tips since {@code since}, summed per UTC hour or day; only buckets that have tips. */
    public Uni<List<Bucket>> buckets(String contentId, String unit, OffsetDateTime since) {
        if (!unit.equals("hour") && !unit.equals("day")) {
            throw new IllegalArgumentException(unit);
        }
        String start = "date_trunc('" + unit + "', split_at at time zone 'UTC')";
        return getSession().chain(s -> s.createNativeQuery("select " + start + ", count(*), sum(amount_wei), sum(creator_wei)"
                                + " from tip_split where content_id = :content and split_at >= :since group by 1 order by 1", Object[].class)
                        .setParameter("content", contentId).setParameter("since", since)
                        .getResultList())
                .map(rows -> {
                    List<Bucket> buckets = new ArrayList<>(rows.size());
                    for (Object[] row : rows) {
                        buckets.add(new Bucket(utc(row[0]), ((Number) row[1]).longValue(), wei(row[2]), wei(row[3])));
                    }
                    return buckets;
                });
    }

    private static OffsetDateTime utc(Object value) {
        if (value instanceof java.time.LocalDateTime local) {
            return local.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().atOffset(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected bucket start " + value);
    }

    private static BigInteger wei(Object value) {
        return value instanceof BigDecimal d ? d.toBigIntegerExact() : new BigInteger(value.toString());
    }
}
