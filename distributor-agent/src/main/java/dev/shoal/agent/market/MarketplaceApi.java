package dev.shoal.agent.market;

import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.contracts.market.AgentWork;
import dev.shoal.contracts.market.AuditAnswer;
import dev.shoal.contracts.market.DealReport;
import dev.shoal.contracts.market.Heartbeat;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The marketplace as the agent calls it (wire format: contracts' {@code market} package), with its operator's
 * token ({@link OperatorTokenFilter}). Blocking: the link runs on a thread of its own. A hiccup (unreachable, 5xx) is
 * retried a few times with back-off; a refusal (4xx) is not. Timeouts: {@code quarkus.rest-client.marketplace.*}.
 */
@RegisterRestClient(configKey = "marketplace")
@RegisterProvider(OperatorTokenFilter.class)
@RegisterProvider(MarketplaceRefusal.Mapper.class)
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface MarketplaceApi {

    @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = {MarketplaceRefusal.class, LoginRequiredException.class})
    @ExponentialBackoff
    @POST
    @Path("/agents/registrations")
    void register(AgentRegistration registration);

    @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = {MarketplaceRefusal.class, LoginRequiredException.class})
    @ExponentialBackoff
    @POST
    @Path("/agents/{agent}/heartbeats")
    void heartbeat(@PathParam("agent") String agent, Heartbeat heartbeat);

    @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = {MarketplaceRefusal.class, LoginRequiredException.class})
    @ExponentialBackoff
    @GET
    @Path("/agents/{agent}/work")
    AgentWork work(@PathParam("agent") String agent);

    @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = {MarketplaceRefusal.class, LoginRequiredException.class})
    @ExponentialBackoff
    @POST
    @Path("/agents/{agent}/deals/{deal}/reports")
    void report(@PathParam("agent") String agent, @PathParam("deal") String deal, DealReport report);

    @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = {MarketplaceRefusal.class, LoginRequiredException.class})
    @ExponentialBackoff
    @POST
    @Path("/audits/{audit}/answers")
    void answer(@PathParam("audit") String audit, AuditAnswer answer);

    /** What the marketplace knows of the agent's deals and what the escrow credits it. */
    @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = {MarketplaceRefusal.class, LoginRequiredException.class})
    @ExponentialBackoff
    @GET
    @Path("/agents/{agent}/earnings")
    AgentEarnings earnings(@PathParam("agent") String agent);
}
