package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.AdDeliveryBatch;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.receipt.SignedReceipt;
import dev.shoal.marketplace.content.ContentRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import dev.shoal.marketplace.MarketplaceConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fork's ad delivery, counted from the agents' signed serving receipts of its ad segments (docs/forks.md): each
 * receipt checked ({@link AdDeliveryChecks}) and counted once; per ad, the sessions that reached its start, quartiles
 * and end, as ad servers count.
 */
@ApplicationScoped
public class AdDeliveryService {

    private final ForkRequestRepository requests;
    private final ContentRepository contents;
    private final AdDeliveryRepository deliveries;
    private final Clock clock;
    private final MarketplaceConfig config;

    public AdDeliveryService(ForkRequestRepository requests, ContentRepository contents, AdDeliveryRepository deliveries, Clock clock,
                             MarketplaceConfig config) {
        this.config = config;
        this.requests = requests;
        this.contents = contents;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** One ad of a fork and the sessions that reached each of its points ({@code impression}, ..., {@code complete}). */
    public record AdCounts(String contentId, String title, double durationSeconds, Map<String, Long> reached) {

        /** One bar of the dashboard's chart: a point, its sessions, and its length against the impressions (0 to 100). */
        public record Bar(String point, String label, long sessions, long percent) {
        }

        /** The chart's bars, impression first; every bar is measured against the longest. */
        public List<Bar> bars() {
            long max = reached.values().stream().mapToLong(Long::longValue).max().orElse(0);
            Map<String, String> labels = Map.of("impression", "started", "firstQuartile", "25 %", "midpoint", "50 %",
                    "thirdQuartile", "75 %", "complete", "completed");
            return reached.entrySet().stream().map(e -> new Bar(e.getKey(), labels.getOrDefault(e.getKey(), e.getKey()), e.getValue(),
                    max == 0 ? 0 : Math.round(100.0 * e.getValue() / max))).toList();
        }
    }

    /** A fork's delivery as its advertiser follows it, with the fork's replicas now. */
    public record Delivery(String forkId, String title, long replicas, int replicasAgreed, long receipts, long bytes, long sessions,
                           List<AdCounts> ads) {
    }

    /** Checks the batch (refusing all of it for one bad receipt) and counts the receipts not counted before. */
    @WithSession
    public Uni<AdDeliveryBatch.Counted> deliver(String forkId, AdDeliveryBatch batch) {
        if (batch == null) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST,
                    "the body is {\"session\": ..., \"receipts\": [...]}"));
        }
        List<SignedReceipt> decoded;
        try {
            decoded = AdDeliveryChecks.decode(batch.receipts());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return consented(forkId).chain(r -> contents.findById(r.adId).chain(ad -> deliveries.known(AdDeliveryChecks.agents(decoded))
                .chain(known -> {
                    List<AdDeliveryChecks.Delivered> delivered = AdDeliveryChecks.check(decoded, forkId, batch.session(), manifest(ad.manifest), known,
                            config.forks().deliveryReceiptMaxAge(), clock.instant());
                    return deliveries.record(forkId, r.adId, delivered, clock.instant());
                }))).map(AdDeliveryBatch.Counted::new);
    }

    /** The fork's delivery, for its advertiser only (404 for anyone else, as for an unknown fork). */
    @WithSession
    public Uni<Delivery> of(String owner, String forkId) {
        return requests.find("forkId = ?1 and advertiserOwner = ?2 and state = ?3", forkId, owner, ForkRequest.State.CONSENTED).firstResult()
                .chain(r -> {
                    if (r == null) {
                        return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "no consented fork " + forkId + " of yours"));
                    }
                    return delivery(r);
                });
    }

    /** The advertiser's consented forks' deliveries, keyed by fork id, for the dashboard. */
    @WithSession
    public Uni<Map<String, Delivery>> ofAdvertiser(String owner) {
        return requests.list("advertiserOwner = ?1 and state = ?2 order by createdAt desc", owner, ForkRequest.State.CONSENTED)
                .chain(list -> {
                    Uni<Map<String, Delivery>> out = Uni.createFrom().item(new LinkedHashMap<>());
                    for (ForkRequest r : list) {
                        out = out.chain(m -> delivery(r).map(d -> {
                            m.put(d.forkId(), d);
                            return m;
                        }));
                    }
                    return out;
                });
    }

    private Uni<Delivery> delivery(ForkRequest r) {
        return contents.findById(r.adId).chain(ad -> deliveries.totals(r.forkId).chain(t -> requests.activeReplicas(List.of(r.forkId))
                .map(replicas -> {
                    Map<String, Long> reached = new LinkedHashMap<>();
                    t.reached().forEach((q, n) -> reached.put(q.wireName(), n));
                    Manifest m = manifest(ad.manifest);
                    double seconds = m.renditions().stream().mapToLong(x -> x.durationMicros()).max().orElse(0) / 1_000_000.0;
                    return new Delivery(r.forkId, r.title, replicas.getOrDefault(r.forkId, 0L), r.replicas, t.receipts(), t.bytes(),
                            t.sessions(), List.of(new AdCounts(ad.contentId, ad.title, seconds, reached)));
                })));
    }

    private Uni<ForkRequest> consented(String forkId) {
        return requests.consentedFork(forkId).map(r -> {
            if (r == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "content " + forkId + " is not a consented fork");
            }
            return r;
        });
    }

    private static Manifest manifest(String json) {
        return SignedManifest.fromJson(json).manifest();
    }
}
