package dev.shoal.marketplace.agent;

import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.contracts.market.Heartbeat;
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

/**
 * Agents join and stay (wire format v1, see contracts' dev.shoal.contracts.market); their work, reports and audit
 * answers are the work and audit packages' resources. Distributors only.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("distributor")
public class AgentResource {

    private final AgentService agents;
    private final SecurityIdentity identity;

    public AgentResource(AgentService agents, SecurityIdentity identity) {
        this.agents = agents;
        this.identity = identity;
    }

    public record AgentView(String address, String operator, String endpoint, String network, String region,
                            long capacityBytes, long usedBytes, String pricePerGbEpochWei, String lastHeartbeatAt) {
        static AgentView of(Agent a) {
            return new AgentView(a.address, a.operator, a.endpoint, a.network, a.region, a.capacityBytes, a.usedBytes,
                    a.pricePerGbEpochWei.toString(), a.lastHeartbeatAt == null ? null : a.lastHeartbeatAt.toString());
        }
    }

    @POST
    @Path("/agents/registrations")
    @Operation(summary = "Register or update an agent; the signature proves the payout key")
    public Uni<AgentView> register(AgentRegistration registration) {
        return agents.register(operator(), registration).map(AgentView::of);
    }

    @POST
    @Path("/agents/{agent}/heartbeats")
    @Operation(summary = "A signed heartbeat with the store's figures")
    public Uni<AgentView> heartbeat(@PathParam("agent") String agent, Heartbeat heartbeat) {
        return agents.heartbeat(operator(), agent, heartbeat).map(AgentView::of);
    }

    private String operator() {
        return identity.getPrincipal().getName();
    }
}
