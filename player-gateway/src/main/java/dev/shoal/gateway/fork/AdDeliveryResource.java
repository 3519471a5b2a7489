package dev.shoal.gateway.fork;

import dev.shoal.contracts.fork.AdDeliveryBatch;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/** Where the player reports an ad's delivery: the agents' receipts of the ad's segments, forwarded to the marketplace. */
@Path("/api/forks/{forkId}/deliveries")
@PermitAll
public class AdDeliveryResource {

    private static final int MAX_RECEIPT_CHARS = 4096;

    private final Forks forks;

    public AdDeliveryResource(Forks forks) {
        this.forks = forks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receipts of a fork's ad segments for one viewing session, forwarded to the marketplace, which counts them")
    public Uni<AdDeliveryBatch.Counted> deliver(@PathParam("forkId") String forkId, AdDeliveryBatch delivery) {
        return Uni.createFrom().item(() -> checked(forkId, delivery)).chain(d -> forks.deliver(forkId, d));
    }

    /** The report as the marketplace will take it, or the precise refusal; nothing is forwarded before this holds. */
    static AdDeliveryBatch checked(String forkId, AdDeliveryBatch delivery) {
        if (forkId == null || !forkId.matches("[0-9a-f]{64}")) {
            throw invalid("forkId", "a fork's content id is 64 lowercase hex digits");
        }
        if (delivery == null) {
            throw invalid("body", "the body is {\"session\":\"...\",\"receipts\":[\"<Shoal-Receipt>\", ...]}");
        }
        if (delivery.session() == null || delivery.session().isBlank() || delivery.session().length() > 256) {
            throw invalid("session", "the viewing session the receipts were issued for (1 to 256 characters)");
        }
        if (delivery.receipts() == null || delivery.receipts().isEmpty() || delivery.receipts().size() > AdDeliveryBatch.MAX_RECEIPTS) {
            throw invalid("receipts", "1 to " + AdDeliveryBatch.MAX_RECEIPTS + " receipts, each a Shoal-Receipt header value");
        }
        for (String r : delivery.receipts()) {
            if (r == null || r.isBlank() || r.length() > MAX_RECEIPT_CHARS) {
                throw invalid("receipts", "a receipt is a Shoal-Receipt header value as the agent sent it (1 to " + MAX_RECEIPT_CHARS
                        + " characters)");
            }
        }
        return new AdDeliveryBatch(delivery.session(), delivery.receipts().stream().distinct().toList());
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail, Map.of("field", field));
    }
}
