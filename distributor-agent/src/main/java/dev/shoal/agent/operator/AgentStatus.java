package dev.shoal.agent.operator;

import dev.shoal.agent.AgentRuntime;
import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.agent.fetch.FetchService;
import dev.shoal.agent.market.MarketView;
import dev.shoal.agent.market.MarketplaceLink;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.contracts.manifest.SignedManifest;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** One picture of the agent for the status page, {@code status --json} and the operator API. */
@Singleton
public class AgentStatus {

    public record Disk(String dataDir, long freeBytes, long totalBytes) {
    }

    public record Snapshot(String agent, Disk disk, DiskStore.Stats store, List<ContentCatalog.Holding> contents,
                           long servedBytes, Map<String, Long> servedByContent, List<FetchService.Progress> fetches,
                           MarketView marketplace, String transport) {
    }

    private final AgentRuntime runtime;
    private final FetchService fetches;
    private final MarketplaceLink market;
    /** {@code epoll} when Netty's native transport carries the HTTP server (Linux x86_64), else {@code nio}. */
    private final String transport;

    public AgentStatus(AgentRuntime runtime, FetchService fetches, MarketplaceLink market, Vertx vertx) {
        this.runtime = runtime;
        this.fetches = fetches;
        this.market = market;
        this.transport = vertx.isNativeTransportEnabled() ? "epoll" : "nio";
    }

    public Snapshot snapshot() {
        java.nio.file.Path dir = runtime.config().agent().dataDir();
        Disk disk;
        try {
            FileStore fs = Files.getFileStore(dir);
            disk = new Disk(dir.toString(), fs.getUsableSpace(), fs.getTotalSpace());
        } catch (IOException e) {
            disk = new Disk(dir.toString(), -1, -1);
        }
        ContentCatalog catalog = runtime.catalog();
        List<ContentCatalog.Holding> holdings = catalog.manifests().stream()
                .map(SignedManifest::contentId).map(id -> catalog.holding(id, runtime.store()))
                .sorted(Comparator.comparing(ContentCatalog.Holding::title)).toList();
        Map<String, Long> served = catalog.servedBytes();
        long total = served.values().stream().mapToLong(Long::longValue).sum();
        return new Snapshot(runtime.key().address().toString(), disk, runtime.store().stats(), holdings, total, served,
                fetches.all(), market.view(), transport);
    }
}
