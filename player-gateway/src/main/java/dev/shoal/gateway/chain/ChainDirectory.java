package dev.shoal.gateway.chain;

import dev.shoal.contracts.directory.ChainView;
import dev.shoal.contracts.identity.Address;
import dev.shoal.gateway.GatewayConfig;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Where the tip splitter lives and which address signs locator tickets, as the marketplace says
 * ({@code GET /api/chain}). Kept for {@code shoal.tips.directory-ttl} (cache {@code chain-directory}): a local
 * marketplace that redeploys its contracts on a fresh chain is picked up within that time.
 */
@Singleton
public class ChainDirectory {

    /** @param tipSplitter the contract tips go to; @param locator the address whose tickets this gateway trusts */
    public record Directory(long chainId, Address tipSplitter, Address locator) {
    }

    private final MarketplaceChain marketplace;
    private final Cache cache;
    private final long chainId;

    public ChainDirectory(@RestClient MarketplaceChain marketplace, @CacheName("chain-directory") Cache cache, GatewayConfig config) {
        this.marketplace = marketplace;
        this.cache = cache;
        this.chainId = config.chain().chainId();
    }

    public Uni<Directory> directory() {
        return cache.getAsync(cache.getDefaultKey(), key -> marketplace.chain()
                .onFailure().transform(e -> new ChainUnavailableException("the marketplace cannot be reached for its chain directory", e))
                .map(view -> read(view, chainId)));
    }

    /** The directory in the marketplace's answer, if this build reads it and it is for the chain this gateway tips on. */
    static Directory read(ChainView answer, long chainId) {
        Directory d;
        try {
            ChainView view = answer.known();
            d = new Directory(view.chainId(), Address.parse(view.tipSplitter()), Address.parse(view.locator()));
        } catch (RuntimeException e) {
            throw new ChainUnavailableException("the marketplace's /api/chain could not be read: " + e.getMessage(), e);
        }
        if (d.chainId() != chainId) {
            throw new ChainUnavailableException("the marketplace settles on chain " + d.chainId() + ", this gateway is set to "
                    + chainId + " (shoal.chain.chain-id)", null);
        }
        return d;
    }
}
