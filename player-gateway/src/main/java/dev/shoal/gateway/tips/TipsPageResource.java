package dev.shoal.gateway.tips;

import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The tips page at {@code /tips/}. Public: an account's tips are on chain for anyone to read. */
@Path("/tips")
@PermitAll
public class TipsPageResource {

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The tips page: an account's tips received, its balance on the splitter, a withdrawal")
    public TemplateInstance page() {
        return new TipsPage();
    }
}
