package dev.shoal.marketplace.agent;

import dev.shoal.marketplace.agent.Reputation.TrackRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Agents' track records for their reputation, read from the audit table (decided audits, passed ones)
 * and the deal transitions (how long each deal took from PROPOSED to ACTIVE, for the content's bytes).
 * Runs in the caller's session, one query after the other.
 */
@ApplicationScoped
public class TrackRecords {

    private static final String AUDITS = """
            select d.agent, count(*) filter (where a.outcome = 'PASSED'), count(*)
            from audit a join deal d on d.id = a.deal_id
            where a.outcome <> 'PENDING' and d.agent in (:agents)
            group by d.agent""";

    // a deal's first ACTIVE transition: the transfer and its first audit are done
    private static final String TRANSFERS = """
            select d.agent, sum(c.total_bytes), sum(extract(epoch from (t.at - d.created_at)) * 1000)
            from deal d
            join deal_transition t on t.deal_id = d.id and t.to_state = 'ACTIVE'
            join storage_order o on o.id = d.order_id
            join content c on c.content_id = o.content_id
            where d.agent in (:agents)
            group by d.agent""";

    public Uni<Map<String, TrackRecord>> of(Mutiny.Session session, Collection<String> agents) {
        if (agents.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> addresses = List.copyOf(agents);
        return rows(session, AUDITS, addresses).chain(audits -> rows(session, TRANSFERS, addresses).map(transfers -> {
            Map<String, TrackRecord> out = new HashMap<>();
            for (Object[] r : audits) {
                out.put((String) r[0], new TrackRecord(number(r[1]), number(r[2]), 0, 0));
            }
            for (Object[] r : transfers) {
                TrackRecord known = out.getOrDefault((String) r[0], TrackRecord.NONE);
                out.put((String) r[0], new TrackRecord(known.auditsPassed(), known.auditsDecided(), number(r[1]), number(r[2])));
            }
            return out;
        }));
    }

    private static Uni<List<Object[]>> rows(Mutiny.Session session, String sql, List<String> agents) {
        return session.createNativeQuery(sql, Object[].class).setParameter("agents", agents).getResultList();
    }

    private static long number(Object value) {
        return value == null ? 0 : Math.round(((Number) value).doubleValue());
    }
}
