package dev.shoal.marketplace.work;

import dev.shoal.contracts.market.AgentWork;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What an agent polls for (wire format v1, see contracts' dev.shoal.contracts.market). Distributors only. */
@Path("/api/agents/{agent}/work")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("distributor")
public class WorkResource {

    private final AgentWorkService work;
    private final SecurityIdentity identity;

    public WorkResource(AgentWorkService work, SecurityIdentity identity) {
        this.work = work;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Deals offered to this agent and audits it must answer")
    public Uni<AgentWork> work(@PathParam("agent") String agent) {
        return work.work(identity.getPrincipal().getName(), agent);
    }
}
