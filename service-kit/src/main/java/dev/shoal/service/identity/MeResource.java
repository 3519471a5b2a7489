package dev.shoal.service.identity;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final SecurityIdentity identity;

    public MeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** Who this service thinks the caller is: the same answer from every Shoal service. */
    public record Me(String name, List<String> roles) {
    }

    @GET
    @Authenticated
    @Operation(summary = "The caller's user name and Shoal roles, from their bearer token")
    public Me me() {
        return new Me(identity.getPrincipal().getName(), identity.getRoles().stream().sorted().toList());
    }
}
