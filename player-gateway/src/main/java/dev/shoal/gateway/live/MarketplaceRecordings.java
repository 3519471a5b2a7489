package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.live.RecordingArchive;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The marketplace's archive of a room's recording for its owner, asked with the gateway's own client credential (role
 * {@code gateway}): {@code {contentId, order}}, 201 placed or 200 the owner's order for it answered again.
 */
@RegisterRestClient(configKey = "marketplace")
@Path("/api/orders/recordings")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface MarketplaceRecordings {

    @POST
    Uni<JsonNode> archive(@HeaderParam("Authorization") String authorization, RecordingArchive request);
}
