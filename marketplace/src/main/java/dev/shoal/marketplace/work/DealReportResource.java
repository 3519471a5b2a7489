package dev.shoal.marketplace.work;

import dev.shoal.contracts.market.DealReport;
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

/** An agent's signed reports on its deals (wire format v1). Distributors only. */
@Path("/api/agents/{agent}/deals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("distributor")
public class DealReportResource {

    private final AgentWorkService work;
    private final SecurityIdentity identity;

    public DealReportResource(AgentWorkService work, SecurityIdentity identity) {
        this.work = work;
        this.identity = identity;
    }

    public record DealState(String dealId, String state) {
    }

    @POST
    @Path("/{deal}/reports")
    @Operation(summary = "The agent's signed report on a deal: TRANSFERRING, ACTIVE or FAILED")
    public Uni<DealState> report(@PathParam("agent") String agent, @PathParam("deal") UUID deal, DealReport report) {
        return work.report(identity.getPrincipal().getName(), agent, deal, report).map(d -> new DealState(d.id.toString(), d.state.name()));
    }
}
