package dev.shoal.marketplace.audit;

import dev.shoal.contracts.market.AuditAnswer;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.UUID;

/** Agents answer the challenges sent to their replicas (wire format v1). Distributors only. */
@Path("/api/audits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("distributor")
public class AuditResource {

    private final AuditService audits;
    private final SecurityIdentity identity;

    public AuditResource(AuditService audits, SecurityIdentity identity) {
        this.audits = audits;
        this.identity = identity;
    }

    public record AuditOutcome(String auditId, String outcome, String detail) {
    }

    @POST
    @Path("/{audit}/answers")
    @Operation(summary = "A signed retention proof answering an audit")
    public Uni<AuditOutcome> answer(@PathParam("audit") UUID audit, AuditAnswer answer) {
        return audits.answer(identity.getPrincipal().getName(), audit, answer)
                .map(a -> new AuditOutcome(a.id.toString(), a.outcome.name(), a.detail));
    }
}
