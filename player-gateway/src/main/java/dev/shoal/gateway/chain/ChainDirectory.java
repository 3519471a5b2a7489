package dev.shoal.gateway.chain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.identity.Address;
import dev.shoal.gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Where the tip splitter lives and which address signs locator tickets, as the marketplace says
 * ({@code GET /api/chain}). Kept for {@code shoal.tips.directory-ttl}: a local marketplace that redeploys its
 * contracts on a fresh chain is picked up within that time.
 */
@Singleton
public class ChainDirectory {

    /** @param tipSplitter the contract tips go to; @param locator the address whose tickets this gateway trusts */
    public record Directory(long chainId, Address tipSplitter, Address locator) {
    }

    private record ChainView(long chainId, String token, String escrow, String tipSplitter, String locator) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI uri;
    private final long chainId;
    private final Duration ttl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Directory cached;
    private volatile long cachedUntil;

    public ChainDirectory(GatewayConfig config) {
        String base = config.marketplace().url().replaceAll("/+$", "");
        this.uri = URI.create(base + "/api/chain");
        this.chainId = config.chain().chainId();
        this.ttl = config.tips().directoryTtl();
    }

    public Uni<Directory> directory() {
        Directory known = cached;
        if (known != null && System.nanoTime() - cachedUntil < 0) {
            return Uni.createFrom().item(known);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .onFailure().transform(e -> new ChainUnavailableException("the marketplace cannot be reached for its chain directory", e))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new ChainUnavailableException("the marketplace answered " + response.statusCode() + " to /api/chain", null);
                    }
                    Directory d;
                    try {
                        ChainView view = JSON.readValue(response.body(), ChainView.class);
                        d = new Directory(view.chainId(), Address.parse(view.tipSplitter()), Address.parse(view.locator()));
                    } catch (Exception e) {
                        throw new ChainUnavailableException("the marketplace's /api/chain could not be read: " + e.getMessage(), e);
                    }
                    if (d.chainId() != chainId) {
                        throw new ChainUnavailableException("the marketplace settles on chain " + d.chainId() + ", this gateway is set to "
                                + chainId + " (shoal.chain.chain-id)", null);
                    }
                    cached = d;
                    cachedUntil = System.nanoTime() + ttl.toNanos();
                    return d;
                });
    }
}
