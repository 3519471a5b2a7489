package dev.shoal.gateway.live;

import io.quarkus.oidc.client.NamedOidcClient;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Registers the recording of each room whose recording arrived (the encoder's ENDLIST, or the creator's end followed by
 * the origin) and places its archive preset's order if it has one, with the gateway's own client credential: the
 * creator's token is not at hand then, and the preset chosen when opening the room is the owner's consent. One instance at a time per room (a lease in the room's
 * row); a lost answer or a second instance costs a repeated request, which the marketplace answers with the same order.
 */
@ApplicationScoped
public class RecordingArchiver {

    private static final Logger LOG = Logger.getLogger(RecordingArchiver.class);

    private final LiveRooms rooms;
    private final OidcClient credential;
    private final MarketplaceRecordings marketplace;

    public RecordingArchiver(LiveRooms rooms, @NamedOidcClient("gateway") OidcClient credential,
                             @RestClient MarketplaceRecordings marketplace) {
        this.rooms = rooms;
        this.credential = credential;
        this.marketplace = marketplace;
    }

    @Scheduled(every = "${shoal.live.archive-check}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> placeDuePresets() {
        return rooms.leaseDuePreset()
                .chain(due -> due == null ? Uni.createFrom().voidItem() : place(due))
                .onFailure().invoke(e -> LOG.warnf("placing the archive presets of ended rooms failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    Uni<Void> place(LiveRooms.PresetToPlace due) {
        java.util.concurrent.Executor here = dev.shoal.service.reactive.CallerContext.executor();
        return credential.getTokens()
                .chain(tokens -> marketplace.archive("Bearer " + tokens.getAccessToken(), due.request()))
                .emitOn(here)
                .onItemOrFailure().transformToUni((answer, failure) -> {
                    if (failure == null && !answer.path("order").path("id").isTextual()) {
                        LOG.infof("room %s: its recording is registered", due.room());
                        return rooms.recordingRegistered(due.room(), answer.path("contentId").asText(null));
                    }
                    if (failure == null) {
                        String orderId = answer.path("order").path("id").asText();
                        LOG.infof("room %s: the archive preset's order %s is placed", due.room(), orderId);
                        return rooms.presetPlaced(due.room(), answer.path("contentId").asText(null), orderId);
                    }
                    if (failure instanceof WebApplicationException w && w.getResponse().getStatus() >= 400
                            && w.getResponse().getStatus() < 500 && w.getResponse().getStatus() != 408 && w.getResponse().getStatus() != 429) {
                        String problem = refusal(w);
                        LOG.warnf("room %s: the marketplace refused %s: %s", due.room(),
                                due.request().replicas() == null ? "to register its recording" : "the archive preset's order", problem);
                        return rooms.presetRefused(due.room(), problem);
                    }
                    LOG.debugf("room %s: the archive preset's order is attempted again later (%s)", due.room(), failure.toString());
                    return rooms.presetLater(due.room(), due.attempt(), "not placed yet: " + failure.getMessage());
                }).replaceWithVoid();
    }

    private static String refusal(WebApplicationException w) {
        String body;
        try {
            body = w.getResponse().readEntity(String.class);
        } catch (RuntimeException e) {
            body = null;
        }
        return refusal(w.getResponse().getStatus(), body);
    }

    /** A refusal as the room shows it: the problem's title, its status and its detail ("Forbidden (403): ..."). */
    static String refusal(int status, String body) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            if (n != null && n.isObject()) {
                String title = n.path("title").asText("Refused");
                String detail = n.path("detail").asText("");
                return title + " (" + n.path("status").asInt(status) + ")" + (detail.isBlank() ? "" : ": " + detail);
            }
        } catch (RuntimeException | java.io.IOException e) {
            // not problem+json: the status and the text as they came
        }
        return "Refused (" + status + ")" + (body == null || body.isBlank() ? "" : ": " + body.strip());
    }
}
