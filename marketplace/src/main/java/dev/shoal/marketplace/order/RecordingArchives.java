package dev.shoal.marketplace.order;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.live.RecordingArchive;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.content.ContentService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;

/**
 * A live room's recording archived for the room's owner by the gateway (its own client credential, role {@code gateway}),
 * with the preset the owner chose when opening the room. The gateway may order nothing else: the manifest must be proved
 * the room's recording by the creator's own signed announcements ({@link RecordingArchive#proveRecording()}), and a
 * content another account registered stays theirs (403). The order is the owner's, funded as any of theirs; asked again
 * (a retry, a second gateway instance) it is the same order, not a second one. A request without terms (the room had no
 * preset) registers the recording for the owner and orders nothing: every ended room's recording is registered so.
 */
@ApplicationScoped
public class RecordingArchives {

    /**
     * @param order  null when the request had no terms: the recording is registered, nothing is ordered
     * @param placed false when the owner already had an order for the recording (this one is answered), or none was asked
     */
    public record Archived(String contentId, StorageOrder order, boolean placed) {
    }

    private final ContentService contents;
    private final OrderService orders;

    public RecordingArchives(ContentService contents, OrderService orders) {
        this.contents = contents;
        this.orders = orders;
    }

    @WithTransaction
    public Uni<Archived> archive(RecordingArchive request) {
        if (request == null || request.owner() == null || request.owner().isBlank()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "a recording archive names the room's owner"));
        }
        boolean registerOnly = request.replicas() == null;
        if (registerOnly && (request.months() != null || request.epochs() != null || request.maxPricePerGbMonth() != null)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST,
                    "an archive's term and price go with its replicas: give all of them, or none to register the recording only"));
        }
        SignedManifest signed;
        try {
            signed = request.proveRecording();
        } catch (ContentException e) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.FORBIDDEN,
                    "the gateway orders storage only for a live room's own recording: " + e.getMessage()));
        }
        String contentId = signed.contentId().hex();
        String owner = request.owner();
        return contents.register(owner, request.ownerName(), new ContentService.Registration(request.manifest(), request.origins()))
                .onFailure(ProblemException.class).transform(e -> ((ProblemException) e).type() == ProblemType.CONFLICT
                        ? new ProblemException(ProblemType.FORBIDDEN, "content " + contentId + " belongs to another account than the room's owner")
                        : e)
                .chain(content -> registerOnly ? Uni.createFrom().<Archived>item(new Archived(contentId, null, false))
                        : placeOnce(owner, contentId, request));
    }

    private Uni<Archived> placeOnce(String owner, String contentId, RecordingArchive request) {
        return orders.ofOwner(owner)
                .chain(mine -> {
                    var existing = mine.stream()
                            .filter(o -> o.contentId.equals(contentId) && o.status != StorageOrder.Status.CANCELLED)
                            .min(Comparator.comparing(o -> o.createdAt));
                    if (existing.isPresent()) {
                        return Uni.createFrom().item(new Archived(contentId, existing.get(), false));
                    }
                    return orders.place(owner, new OrderService.OrderRequest(contentId, request.replicas(), request.epochs(), null,
                            request.months(), request.maxPricePerGbMonth())).map(o -> new Archived(contentId, o, true));
                });
    }
}
