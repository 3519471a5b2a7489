package dev.shoal.gateway.catalog;

import dev.shoal.contracts.directory.CatalogEntry;
import dev.shoal.contracts.directory.CatalogPage;
import dev.shoal.contracts.directory.Location;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.error.UnknownVersionException;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the gateway knows of published contents, read from the marketplace's public catalog and locator. A manifest
 * is immutable (its id is its hash), so a verified one is kept for good, bounded in number ({@code
 * published-contents}); an id the marketplace does not know is remembered as unknown for 5 s ({@code
 * unknown-contents}). The locator is asked per viewer (each gets fresh sources and a ticket of its own); its last
 * answer per content ({@code last-locations}, 10 min) is given instead while the marketplace cannot be asked, so a
 * viewer still starts. Cache sizes and lifetimes: {@code quarkus.cache.caffeine.*} in application.properties.
 */
@ApplicationScoped
public class Catalog {

    private static final Logger LOG = Logger.getLogger(Catalog.class);

    /**
     * A published content whose signed manifest verified here.
     *
     * @param creator     the address that signed the manifest
     * @param creatorName the name people know the creator by (the address when the marketplace has none)
     */
    public record Published(String contentId, String title, String creator, Manifest manifest, List<String> origins,
                            String creatorName) {

        public Published(String contentId, String title, String creator, Manifest manifest, List<String> origins) {
            this(contentId, title, creator, manifest, origins, creator);
        }
    }

    /** A poster's bytes and how to serve them. */
    public record Poster(String mediaType, byte[] bytes, String etag) {
    }

    private final MarketplaceCatalog marketplace;
    private final Cache published;
    private final CaffeineCache unknown;
    private final CaffeineCache lastLocations;

    public Catalog(@RestClient MarketplaceCatalog marketplace, @CacheName("published-contents") Cache published,
                   @CacheName("unknown-contents") Cache unknown, @CacheName("last-locations") Cache lastLocations) {
        this.marketplace = marketplace;
        this.published = published;
        this.unknown = unknown.as(CaffeineCache.class);
        this.lastLocations = lastLocations.as(CaffeineCache.class);
    }

    /** The content, its manifest verified; 404 problem when the marketplace has no such content. */
    public Uni<Published> find(String contentId) {
        if (contentId == null || !contentId.matches("[0-9a-f]{64}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "a content id is 64 lowercase hex digits"));
        }
        if (unknown.getIfPresent(contentId) != null) {
            return Uni.createFrom().failure(notFound(contentId));
        }
        return published.<String, Published>getAsync(contentId, id -> marketplace.entry(id).map(entry -> verify(id, entry.known())))
                .onFailure(NotInCatalogException.class).invoke(() -> unknown.put(contentId, CompletableFuture.completedFuture(Boolean.TRUE)))
                .onFailure().transform(e -> problem(e, contentId));
    }

    /** True when the marketplace has this content; false for unknown or malformed ids; fails if the marketplace cannot tell. */
    public Uni<Boolean> knows(String contentId) {
        return find(contentId).map(p -> true).onFailure(ProblemException.class)
                .recoverWithUni(e -> switch (((ProblemException) e).type()) {
                    case NOT_FOUND, INVALID_REQUEST -> Uni.createFrom().item(false);
                    default -> Uni.createFrom().failure(e);
                });
    }

    /** The live sources of a content and a locator ticket for this viewer; the last answer while the marketplace is away. */
    public Uni<Location> locate(String contentId) {
        return marketplace.locate(contentId).map(Location::known)
                .invoke(location -> lastLocations.put(contentId, CompletableFuture.completedFuture(location)))
                .onFailure(e -> !(e instanceof NotInCatalogException)).recoverWithUni(e -> {
                    CompletableFuture<Location> last = lastLocations.getIfPresent(contentId);
                    if (last == null) {
                        return Uni.createFrom().failure(e);
                    }
                    LOG.debugf("locating %s from the last answer: %s", contentId, e.toString());
                    return Uni.createFrom().completionStage(last);
                })
                .onFailure().transform(e -> problem(e, contentId));
    }

    /** One page of published contents, newest first, searched by {@code query}; 503 problem when the marketplace cannot answer. */
    public Uni<CatalogPage> browse(String query, int page, int size) {
        return marketplace.search(query, null, CatalogPage.Sort.NEWEST.wireName(), page, size).map(CatalogPage::known)
                .onFailure().transform(e -> problem(e, "the catalog"));
    }

    /** A content's poster (or the marketplace's placeholder); 404 problem for an unknown content. */
    public Uni<Poster> poster(String contentId) {
        if (contentId == null || !contentId.matches("[0-9a-f]{64}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "a content id is 64 lowercase hex digits"));
        }
        return marketplace.poster(contentId).map(r -> new Poster(r.getMediaType() == null ? "application/octet-stream" : r.getMediaType().toString(),
                        r.getEntity(), r.getHeaderString("ETag")))
                .onFailure().transform(e -> problem(e, contentId));
    }

    static Published verify(String contentId, CatalogEntry entry) {
        SignedManifest signed;
        try {
            signed = SignedManifest.fromJson(entry.manifest()).verify();
        } catch (ContentException | NullPointerException e) {
            throw new ProblemException(ProblemType.MANIFEST_REJECTED, "the marketplace's manifest of " + contentId + " does not verify: " + e.getMessage());
        }
        if (!signed.contentId().hex().equals(contentId)) {
            throw new ProblemException(ProblemType.MANIFEST_REJECTED, "the marketplace answered another content's manifest for " + contentId);
        }
        Manifest m = signed.manifest();
        String name = entry.creatorName() == null || entry.creatorName().isBlank() ? m.creator().toString() : entry.creatorName();
        return new Published(contentId, m.title(), m.creator().toString(), m, entry.origins() == null ? List.of() : entry.origins(), name);
    }

    /** Every failure as the problem a viewer gets: 404 for an unknown content, 503 when the marketplace cannot answer. */
    private static Throwable problem(Throwable e, String contentId) {
        if (e instanceof ProblemException) {
            return e;
        }
        if (e instanceof NotInCatalogException) {
            return notFound(contentId);
        }
        if (e instanceof UnknownVersionException) {
            LOG.warnf("the marketplace answers in a format this gateway does not read: %s", e.getMessage());
        } else if (e instanceof CircuitBreakerOpenException) {
            LOG.debugf("not asking the marketplace about %s: the circuit is open", contentId);
        } else {
            LOG.warnf("the marketplace cannot be asked about %s: %s", contentId, e.toString());
        }
        return new ProblemException(ProblemType.UNAVAILABLE, "the marketplace cannot be reached");
    }

    private static ProblemException notFound(String contentId) {
        return new ProblemException(ProblemType.NOT_FOUND, "no published content " + contentId);
    }
}
