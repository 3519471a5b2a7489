package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/**
 * The marketplace's content registry, where a room's recording becomes a content, and where the studio finds the key a
 * creator's published contents are signed with (the creator's token passed on).
 */
@RegisterRestClient(configKey = "marketplace")
@Path("/api/contents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface MarketplaceContents {

    /** @param manifest the signed manifest's JSON form; @param origins where its segments are */
    record Registration(String manifest, List<String> origins) {
    }

    @POST
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    Uni<JsonNode> register(@HeaderParam("Authorization") String authorization, Registration registration);

    /** The token's owner's registered contents, newest first, each with {@code creator}: the address its manifest is signed by. */
    @GET
    Uni<JsonNode> mine(@HeaderParam("Authorization") String authorization);
}
