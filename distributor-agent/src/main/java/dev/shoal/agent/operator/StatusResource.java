package dev.shoal.agent.operator;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The operator's page at {@code /} and {@code /status} ({@link StatusPage}). Answers only on the loopback interface:
 * it is for the person at this machine, not for the viewers the agent serves.
 */
@Path("/")
public class StatusResource {

    private final AgentStatus status;

    public StatusResource(AgentStatus status) {
        this.status = status;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance root(@Context HttpServerRequest request) {
        return page(request);
    }

    @GET
    @Path("status")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The local status page (loopback clients only)")
    public TemplateInstance page(@Context HttpServerRequest request) {
        String remote = request.remoteAddress() == null ? "" : request.remoteAddress().host();
        if (!(remote.equals("127.0.0.1") || remote.equals("0:0:0:0:0:0:0:1") || remote.equals("::1") || remote.startsWith("127."))) {
            throw new ProblemException(ProblemType.FORBIDDEN, "the status page answers on this machine only");
        }
        return StatusPage.of(status.snapshot());
    }
}
