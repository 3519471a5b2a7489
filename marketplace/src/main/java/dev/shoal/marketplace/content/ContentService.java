package dev.shoal.marketplace.content;

import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.event.ContentRegistered;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.directory.CatalogItem;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Creators register signed manifests here; the marketplace checks them before anything refers to them. */
@ApplicationScoped
public class ContentService {

    /** The largest manifest JSON accepted (a 10-hour, 6-rendition stream is far below it). */
    public static final int MAX_MANIFEST_CHARS = 32 * 1024 * 1024;

    private final ContentRepository contents;
    private final Outbox outbox;
    private final ObjectMapper json;

    public ContentService(ContentRepository contents, Outbox outbox, ObjectMapper json) {
        this.contents = contents;
        this.outbox = outbox;
        this.json = json;
    }

    public record Registration(String manifest, List<String> origins) {
    }

    /** As {@link #register(String, String, Registration)}, shown under the account's user name. */
    public Uni<Content> register(String owner, Registration registration) {
        return register(owner, owner, registration);
    }

    /**
     * Verifies the manifest's structure and signature, then stores it, shown under {@code creatorName} (the account's
     * name now: a later change of name does not rename published contents); registering the same content again is a
     * no-op for its owner, except that a content stored without a name gets the name now.
     */
    @WithTransaction
    public Uni<Content> register(String owner, String creatorName, Registration registration) {
        if (registration == null || registration.manifest() == null || registration.manifest().isBlank()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "manifest is required: the signed manifest's JSON form"));
        }
        if (registration.manifest().length() > MAX_MANIFEST_CHARS) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the manifest is larger than " + MAX_MANIFEST_CHARS + " characters"));
        }
        SignedManifest signed;
        try {
            signed = SignedManifest.fromJson(registration.manifest()).verify();
        } catch (ContentException e) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.CONTENT_REJECTED, e.getMessage(), Map.of("code", e.code())));
        }
        List<String> origins = registration.origins() == null ? List.of() : registration.origins();
        for (String origin : origins) {
            if (!isHttpUrl(origin)) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "origin is not an http(s) URL: " + origin));
            }
        }
        String id = signed.contentId().hex();
        return contents.findById(id).chain(existing -> {
            if (existing != null) {
                if (!existing.owner.equals(owner)) {
                    return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "content " + id + " is already registered by another user"));
                }
                if (existing.creatorName == null && creatorName != null && !creatorName.isBlank()) {
                    // registered before names were stored (a demo restarted on kept data): shown under the name from now on
                    existing.creatorName = creatorName.strip();
                }
                if (!origins.isEmpty()) {
                    // its creator registers it again from where it is served now (a restarted origin has a new address)
                    existing.origins = write(origins);
                }
                return Uni.createFrom().item(existing);
            }
            Manifest manifest = signed.manifest();
            Content content = new Content();
            content.contentId = id;
            content.creator = manifest.creator().toString();
            content.owner = owner;
            content.creatorName = creatorName == null || creatorName.isBlank() ? null : creatorName.strip();
            content.title = manifest.title();
            content.durationMicros = manifest.renditions().stream().mapToLong(Rendition::durationMicros).max().orElse(0);
            content.totalBytes = manifest.renditions().stream().mapToLong(Rendition::totalBytes).sum();
            content.manifest = registration.manifest();
            content.origins = write(origins);
            content.registeredAt = OffsetDateTime.now();
            return contents.persist(content)
                    .call(c -> outbox.record(EventType.CONTENT_REGISTERED, "content", id,
                            new ContentRegistered(id, c.creator, c.title, c.totalBytes)));
        });
    }

    /** One page of the public catalog and the number of contents matching over all pages. */
    public record Found(List<CatalogItem> items, long total) {
    }

    public Uni<Found> catalog(CatalogQuery query) {
        return contents.search(query).chain(items -> contents.count(query).map(total -> new Found(items, total)));
    }

    @WithSession
    public Uni<List<Content>> ofOwner(String owner) {
        return contents.ofOwner(owner);
    }

    /** The owner's content, or 404 (also for another user's content: its existence is not theirs to learn). */
    @WithSession
    public Uni<Content> owned(String owner, String contentId) {
        return contents.findById(contentId).onItem().transform(c -> {
            if (c == null || !c.owner.equals(owner)) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no content " + contentId + " of yours");
            }
            return c;
        });
    }

    /** Any registered content, or 404: what a viewer may know of it (players and gateways read it publicly). */
    @WithSession
    public Uni<Content> published(String contentId) {
        if (contentId == null || !contentId.matches("[0-9a-f]{64}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "a content id is 64 lowercase hex digits"));
        }
        return contents.findById(contentId).onItem().transform(c -> {
            if (c == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no content " + contentId);
            }
            return c;
        });
    }

    public List<String> origins(Content content) {
        try {
            return List.of(json.readValue(content.origins, String[].class));
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private String write(List<String> origins) {
        try {
            return json.writeValueAsString(origins);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI uri = URI.create(s);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
