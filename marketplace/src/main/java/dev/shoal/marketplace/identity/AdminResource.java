package dev.shoal.marketplace.identity;

import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.health.DatabaseReadiness;
import dev.shoal.marketplace.messaging.OutboxRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operator views of the marketplace. Admins only. */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AdminResource {

    private final OutboxRepository outbox;
    private final MarketplaceConfig config;

    public AdminResource(OutboxRepository outbox, MarketplaceConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    public record Overview(String schemaVersion, long chainId, long unpublishedEvents) {
    }

    @GET
    @Path("/overview")
    @WithSession
    @Operation(summary = "Schema version, chain and the outbox backlog")
    public Uni<Overview> overview() {
        return outbox.countUnpublished().map(backlog -> new Overview(DatabaseReadiness.SCHEMA_VERSION, config.chain().chainId(), backlog));
    }
}
