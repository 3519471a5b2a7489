package dev.shoal.gateway.tracker;

import dev.shoal.gateway.catalog.Catalog;
import dev.shoal.gateway.catalog.MarketplaceCatalog;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The catalog for tracker tests: exactly one content exists, without asking a marketplace. A singleton, not
 * application-scoped: a client proxy would need a no-argument constructor, which Catalog does not have.
 */
@Alternative
@Singleton
public class FakeCatalog extends Catalog {

    static final String KNOWN = "ab".repeat(32);

    public FakeCatalog(@RestClient MarketplaceCatalog marketplace, @CacheName("published-contents") Cache published,
                       @CacheName("unknown-contents") Cache unknown, @CacheName("last-locations") Cache lastLocations) {
        super(marketplace, published, unknown, lastLocations);
    }

    @Override
    public Uni<Boolean> knows(String contentId) {
        return Uni.createFrom().item(KNOWN.equals(contentId));
    }
}
