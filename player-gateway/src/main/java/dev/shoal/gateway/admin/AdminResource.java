package dev.shoal.gateway.admin;

import dev.shoal.gateway.GatewayConfig;
import dev.shoal.gateway.health.DatabaseReadiness;
import dev.shoal.gateway.messaging.ProcessedEventRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operator views of this gateway instance. Admins only. */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class AdminResource {

    private final ProcessedEventRepository processed;
    private final GatewayConfig config;

    public AdminResource(ProcessedEventRepository processed, GatewayConfig config) {
        this.processed = processed;
        this.config = config;
    }

    public record Overview(String schemaVersion, long chainId, String marketplace, long processedEvents) {
    }

    @GET
    @Path("/overview")
    @WithSession
    @Operation(summary = "Schema version, chain, marketplace and how many events this gateway applied")
    public Uni<Overview> overview() {
        return processed.count().map(count -> new Overview(DatabaseReadiness.SCHEMA_VERSION, config.chain().chainId(),
                config.marketplace().url(), count));
    }
}
