package dev.shoal.marketplace.locator;

import dev.shoal.contracts.directory.Location;
import dev.shoal.contracts.directory.Source;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.agent.Agent;
import dev.shoal.marketplace.content.ContentRepository;
import dev.shoal.marketplace.content.ContentService;
import dev.shoal.marketplace.deal.DealState;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Who has content X": the live replicas ranked for the caller (healthy, same region, unloaded first),
 * then the creator's origins, with a ticket signed by this locator that a tip later credits.
 */
@ApplicationScoped
public class LocatorService {

    private final ContentRepository contents;
    private final ContentService contentService;
    private final MarketplaceConfig config;
    private final SigningKey key;

    public LocatorService(ContentRepository contents, ContentService contentService, MarketplaceConfig config) {
        this.contents = contents;
        this.contentService = contentService;
        this.config = config;
        this.key = SigningKey.fromHex(config.market().locatorKey());
    }

    @WithSession
    public Uni<Location> locate(String contentId, String callerRegion) {
        if (contentId == null || !contentId.matches("[0-9a-f]{64}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "a content id is 64 lowercase hex digits"));
        }
        return contents.findById(contentId).chain(content -> {
            if (content == null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "no content " + contentId));
            }
            OffsetDateTime fresh = OffsetDateTime.now().minus(config.market().heartbeatTimeout());
            return contents.getSession().chain(s -> s.createQuery("select distinct a from Deal d, StorageOrder o, Agent a"
                                    + " where d.orderId = o.id and o.contentId = :content and d.agent = a.address"
                                    + " and d.state = :active and d.strikes < :suspended and a.lastHeartbeatAt >= :fresh", Agent.class)
                            .setParameter("content", contentId).setParameter("active", DealState.ACTIVE).setParameter("fresh", fresh)
                            .setParameter("suspended", dev.shoal.marketplace.audit.AuditService.SUSPEND_AT)
                            .getResultList())
                    .map(holders -> {
                        List<Source> sources = new ArrayList<>(rank(holders, callerRegion));
                        Map<String, Source> origins = new LinkedHashMap<>();
                        contentService.origins(content).forEach(url -> origins.put(url, Source.origin(url)));
                        sources.stream().map(Source::url).forEach(origins::remove);
                        sources.addAll(origins.values());
                        return Location.of(contentId, sources, LocatorTicket.issue(key, contentId, config.market().ticketLifetime(), Clock.systemUTC()));
                    });
        });
    }

    /** Same region first, then the least loaded (share of capacity in use), then the freshest heartbeat. */
    static List<Source> rank(List<Agent> holders, String callerRegion) {
        return holders.stream()
                .sorted(Comparator.<Agent>comparingInt(a -> callerRegion != null && callerRegion.equalsIgnoreCase(a.region) ? 0 : 1)
                        .thenComparingDouble(LocatorService::load)
                        .thenComparing(a -> a.lastHeartbeatAt, Comparator.reverseOrder()))
                .map(a -> Source.agent(a.endpoint, a.address, a.region, load(a)))
                .toList();
    }

    private static double load(Agent a) {
        return a.capacityBytes <= 0 ? 1.0 : Math.min(1.0, (double) a.usedBytes / a.capacityBytes);
    }

    /** The address tips credit as locator. */
    public String locatorAddress() {
        return key.address().toString();
    }
}
