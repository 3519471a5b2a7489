package dev.shoal.marketplace.agent;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;

@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<Agent, String> {

    /** Agents whose last heartbeat is newer than {@code since}. */
    public Uni<List<Agent>> onlineSince(OffsetDateTime since) {
        return list("lastHeartbeatAt >= ?1", since);
    }
}
