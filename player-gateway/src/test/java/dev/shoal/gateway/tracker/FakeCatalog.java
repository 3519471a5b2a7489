package dev.shoal.gateway.tracker;

import dev.shoal.gateway.GatewayConfig;
import dev.shoal.gateway.catalog.Catalog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The catalog for tracker tests: exactly one content exists, without asking a marketplace. A singleton, not
 * application-scoped: a client proxy would need a no-argument constructor, which Catalog does not have.
 */
@Alternative
@Singleton
public class FakeCatalog extends Catalog {

    static final String KNOWN = "ab".repeat(32);

    public FakeCatalog(GatewayConfig config) {
        super(config);
    }

    @Override
    public Uni<Boolean> knows(String contentId) {
        return Uni.createFrom().item(KNOWN.equals(contentId));
    }
}
