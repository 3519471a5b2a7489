package dev.shoal.gateway.tips;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TipWithdrawalRepository implements PanacheRepositoryBase<TipWithdrawal, UUID> {

    public Uni<List<TipWithdrawal>> ofAccount(String account, int limit) {
        return find("account", Sort.descending("withdrawnAt"), account).page(Page.ofSize(limit)).list();
    }
}
