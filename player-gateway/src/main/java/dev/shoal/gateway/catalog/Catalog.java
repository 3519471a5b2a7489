package dev.shoal.gateway.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateway knows of published contents: read from the marketplace's public catalog and locator. The
 * gateway keeps no state of its own here. A manifest is immutable (its id is its hash), so a verified one is
 * cached for good, bounded in number; the locator's answer (live sources, a fresh ticket) is asked per viewer.
 */
@ApplicationScoped
public class Catalog {

    private static final Logger LOG = Logger.getLogger(Catalog.class);
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int CACHED_MANIFESTS = 1_000;
    private static final Duration UNKNOWN_FOR = Duration.ofSeconds(5);

    /** A published content whose signed manifest verified here. */
    public record Published(String contentId, String title, String creator, Manifest manifest, List<String> origins) {
    }

    /** A live source of a content, as the locator ranks them (agents first, then the creator's origins). */
    public record Source(String url, String kind, String agent, String region, double load) {
    }

    public record Location(String contentId, List<Source> sources, LocatorTicket ticket) {
    }

    private record CatalogEntry(String contentId, String title, String creator, String manifest, List<String> origins) {
    }

    private final String marketplace;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Published> published = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Published> eldest) {
            return size() > CACHED_MANIFESTS;
        }
    };
    private final Map<String, Long> unknownUntil = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CACHED_MANIFESTS;
        }
    };

    public Catalog(GatewayConfig config) {
        String url = config.marketplace().url();
        this.marketplace = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The content, its manifest verified; 404 problem when the marketplace has no such content. */
    public Uni<Published> find(String contentId) {
        if (contentId == null || !contentId.matches("[0-9a-f]{64}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "a content id is 64 lowercase hex digits"));
        }
        synchronized (this) {
            Published cached = published.get(contentId);
            if (cached != null) {
                return Uni.createFrom().item(cached);
            }
            Long until = unknownUntil.get(contentId);
            if (until != null && until > System.nanoTime()) {
                return Uni.createFrom().failure(notFound(contentId));
            }
        }
        return get("/api/catalog/" + contentId, CatalogEntry.class, contentId).map(entry -> {
            Published p = verify(contentId, entry);
            synchronized (this) {
                published.put(contentId, p);
            }
            return p;
        }).onFailure(ProblemException.class).invoke(e -> {
            if (((ProblemException) e).type() == ProblemType.NOT_FOUND) {
                synchronized (this) {
                    unknownUntil.put(contentId, System.nanoTime() + UNKNOWN_FOR.toNanos());
                }
            }
        });
    }

    /** True when the marketplace has this content; false for unknown or malformed ids; fails if the marketplace cannot tell. */
    public Uni<Boolean> knows(String contentId) {
        return find(contentId).map(p -> true).onFailure(ProblemException.class)
                .recoverWithUni(e -> switch (((ProblemException) e).type()) {
                    case NOT_FOUND, INVALID_REQUEST -> Uni.createFrom().item(false);
                    default -> Uni.createFrom().failure(e);
                });
    }

    /** The live sources of a content and a locator ticket for this viewer. */
    public Uni<Location> locate(String contentId) {
        return get("/api/locate/" + contentId, Location.class, contentId);
    }

    private static Published verify(String contentId, CatalogEntry entry) {
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
        return new Published(contentId, m.title(), m.creator().toString(), m, entry.origins() == null ? List.of() : entry.origins());
    }

    private <T> Uni<T> get(String path, Class<T> type, String contentId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(marketplace + path)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .onFailure().transform(e -> {
                    LOG.warnf("marketplace unreachable at %s: %s", marketplace, e.toString());
                    return new ProblemException(ProblemType.UNAVAILABLE, "the marketplace cannot be reached");
                })
                .map(response -> {
                    if (response.statusCode() == 404) {
                        throw notFound(contentId);
                    }
                    if (response.statusCode() != 200) {
                        throw new ProblemException(ProblemType.UNAVAILABLE, "the marketplace answered " + response.statusCode() + " to " + path);
                    }
                    try {
                        return JSON.readValue(response.body(), type);
                    } catch (java.io.IOException e) {
                        throw new ProblemException(ProblemType.UNAVAILABLE, "the marketplace's answer to " + path + " could not be read");
                    }
                });
    }

    private static ProblemException notFound(String contentId) {
        return new ProblemException(ProblemType.NOT_FOUND, "no published content " + contentId);
    }
}
