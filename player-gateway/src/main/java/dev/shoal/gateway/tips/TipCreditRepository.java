package dev.shoal.gateway.tips;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TipCreditRepository implements PanacheRepositoryBase<TipCredit, UUID> {

    /** A credit with the tip it came from. */
    public record Received(TipCredit credit, TipSplit split) {
    }

    /** What an account received, newest first. */
    public Uni<List<Received>> ofAccount(String account, int limit) {
        return getSession().chain(s -> s.createSelectionQuery("select c, t from TipCredit c, TipSplit t where c.eventId = t.eventId"
                                + " and c.account = :account order by t.splitAt desc, t.blockNumber desc, c.role", Object[].class)
                        .setParameter("account", account).setMaxResults(limit).getResultList())
                .map(rows -> rows.stream().map(r -> new Received((TipCredit) r[0], (TipSplit) r[1])).toList());
    }
}
