package dev.shoal.marketplace.settlement;

import dev.shoal.contracts.market.AgentEarnings;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** An agent's deals and what the escrow credits it, for the operator who registered the agent. */
@Path("/api/agents/{agent}/earnings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("distributor")
public class EarningsResource {

    private final AgentEarningsService earnings;
    private final SecurityIdentity identity;

    public EarningsResource(AgentEarningsService earnings, SecurityIdentity identity) {
        this.earnings = earnings;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The agent's deals, what it can claim from the escrow and its withdrawable balance (token units)")
    public Uni<AgentEarnings> get(@PathParam("agent") String agent) {
        return earnings.earnings(identity.getPrincipal().getName(), agent);
    }
}
