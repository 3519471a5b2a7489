package dev.shoal.marketplace.cors;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * CORS for the marketplace's public reads only, so any website can build a front end on them: the catalog (and its
 * posters), the chain's addresses, the locator and a content's mirror list answer GET from any origin. Nothing else gets a CORS header, so a
 * browser never lets another site call an endpoint that takes a bearer token (Quarkus' own CORS filter is global,
 * which is why this is a route of its own). No credentials: these reads need none.
 */
@ApplicationScoped
public class PublicReads {

    static final String ALLOWED_HEADERS = "Accept, If-None-Match";
    static final String EXPOSED_HEADERS = "ETag, Cache-Control";
    private static final java.util.regex.Pattern MIRRORS = java.util.regex.Pattern.compile("/api/contents/[^/]+/mirrors");

    void routes(@Observes Router router) {
        router.route().order(-100).handler(this::handle);
    }

    /** True for the public reads' paths (the catalog's search, a content, its poster, its forks; chain; locate). */
    static boolean isPublic(String path) {
        return path != null && (path.equals("/api/catalog") || path.startsWith("/api/catalog/") || path.equals("/api/chain")
                || path.startsWith("/api/locate/") || path.matches("/api/contents/[0-9a-f]{64}/forks?") || MIRRORS.matcher(path).matches());
    }

    private void handle(RoutingContext rc) {
        if (!isPublic(rc.normalizedPath())) {
            rc.next();
            return;
        }
        HttpMethod method = rc.request().method();
        boolean preflight = method == HttpMethod.OPTIONS && rc.request().getHeader("Origin") != null
                && rc.request().getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            rc.response().setStatusCode(204)
                    .putHeader("Access-Control-Allow-Origin", "*")
                    .putHeader("Access-Control-Allow-Methods", "GET")
                    .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .putHeader("Access-Control-Max-Age", "86400")
                    .end();
            return;
        }
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            rc.response().putHeader("Access-Control-Allow-Origin", "*")
                    .putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        rc.next();
    }
}
