package dev.shoal.gateway.tips;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TipRepository implements PanacheRepositoryBase<Tip, UUID> {

    public Uni<Tip> byRef(String ref) {
        return find("ref", ref).firstResult();
    }

    public Uni<Tip> byTicketNonce(String nonce) {
        return find("ticketNonce", nonce).firstResult();
    }

    /** A viewer's tips, newest first. */
    public Uni<List<Tip>> ofTipper(String tipper, int limit) {
        return find("tipper", Sort.descending("preparedAt"), tipper).page(Page.ofSize(limit)).list();
    }
}
