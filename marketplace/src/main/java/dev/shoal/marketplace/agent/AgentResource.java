package dev.shoal.marketplace.agent;

import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.contracts.market.AgentWork;
import dev.shoal.contracts.market.AuditAnswer;
import dev.shoal.contracts.market.DealReport;
import dev.shoal.contracts.market.Heartbeat;
import dev.shoal.marketplace.audit.AuditService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.UUID;

/** The agent's side of the market (wire format v1, see contracts' dev.shoal.contracts.market). Distributors only. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("distributor")
public class AgentResource {

    private final AgentService agents;
    private final AgentWorkService work;
    private final AuditService audits;
    private final SecurityIdentity identity;

    public AgentResource(AgentService agents, AgentWorkService work, AuditService audits, SecurityIdentity identity) {
        this.agents = agents;
        this.work = work;
        this.audits = audits;
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

    @GET
    @Path("/agents/{agent}/work")
    @Operation(summary = "Deals offered to this agent and audits it must answer")
    public Uni<AgentWork> work(@PathParam("agent") String agent) {
        return work.work(operator(), agent);
    }

    @POST
    @Path("/agents/{agent}/deals/{deal}/reports")
    @Operation(summary = "The agent's signed report on a deal: TRANSFERRING, ACTIVE or FAILED")
    public Uni<DealState> report(@PathParam("agent") String agent, @PathParam("deal") UUID deal, DealReport report) {
        return work.report(operator(), agent, deal, report).map(d -> new DealState(d.id.toString(), d.state.name()));
    }

    @POST
    @Path("/audits/{audit}/answers")
    @Operation(summary = "A signed retention proof answering an audit")
    public Uni<AuditOutcome> answer(@PathParam("audit") UUID audit, AuditAnswer answer) {
        return audits.answer(operator(), audit, answer).map(a -> new AuditOutcome(a.id.toString(), a.outcome.name(), a.detail));
    }

    public record DealState(String dealId, String state) {
    }

    public record AuditOutcome(String auditId, String outcome, String detail) {
    }

    private String operator() {
        return identity.getPrincipal().getName();
    }
}
