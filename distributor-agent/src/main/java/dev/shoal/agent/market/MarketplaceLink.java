package dev.shoal.agent.market;

import dev.shoal.agent.AgentConfig;
import dev.shoal.agent.AgentRuntime;
import dev.shoal.agent.fetch.FetchService;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.math.BigInteger;

/**
 * Runs the {@link MarketAgent} every {@code shoal.marketplace.poll-interval} when {@code shoal.marketplace.url} is set;
 * a stand-alone agent otherwise. The marketplace's REST client is created only then, since it needs that URL.
 */
@Singleton
public class MarketplaceLink {

    private final AgentRuntime runtime;
    private final FetchService fetches;
    private final Instance<MarketplaceApi> marketplace;
    private volatile MarketAgent agent;

    public MarketplaceLink(AgentRuntime runtime, FetchService fetches, @RestClient Instance<MarketplaceApi> marketplace) {
        this.runtime = runtime;
        this.fetches = fetches;
        this.marketplace = marketplace;
    }

    void start(@Observes StartupEvent event) {
        AgentConfig config = runtime.config();
        AgentConfig.Marketplace m = config.marketplace();
        if (m.url().isEmpty()) {
            return;
        }
        String endpoint = config.agent().publicUrl().orElseGet(() -> "http://"
                + ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class).orElse("127.0.0.1") + ":"
                + ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8090));
        MarketAgent.Offer offer = new MarketAgent.Offer(endpoint, runtime.store().quotaBytes(),
                askPerGbMonth(config.agent().ask()), config.agent().region());
        agent = new MarketAgent(marketplace.get(), m.url().get(), runtime.key(), runtime.store(), runtime.catalog(),
                (manifest, sources, done) -> fetches.start(new FetchService.Request(manifest.toJson(), sources, null, null,
                        null, false), p -> done.accept(p.state() == FetchService.State.COMPLETE)),
                new Outbox(config.agent().dataDir().resolve("outbox")), runtime.clock(), offer, m.heartbeatInterval());
    }

    /** The ask per GB-month in sUSD units, as registered (the marketplace converts it to its epoch): set outright, or the cost model's. */
    static BigInteger askPerGbMonth(AgentConfig.Ask ask) {
        return ask.perGbMonth().map(dev.shoal.contracts.money.Susd::parse).orElseGet(() -> model(ask).askPerGbMonth());
    }

    static CostModel model(AgentConfig.Ask ask) {
        return new CostModel(ask.diskUsdPerTb(), ask.diskLifetimeMonths(), ask.wattsPerTb(), ask.usdPerKwh(), ask.gbSentPerGbMonth(),
                ask.usdPerGbSent(), ask.margin());
    }

    @Scheduled(every = "${shoal.marketplace.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        MarketAgent a = agent;
        if (a != null) {
            a.tick();
        }
    }

    public MarketView view() {
        MarketAgent a = agent;
        return a == null ? MarketView.none() : a.view();
    }
}
