package dev.shoal.marketplace.locator;

import dev.shoal.contracts.directory.Location;
import dev.shoal.contracts.directory.Source;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
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
 * "Who has content X": the live replicas ranked for the caller (healthy, same region, unloaded first), then the
 * content's registered mirrors (kind {@code mirror}, equal sources that players and agents rank by measured speed),
 * then the creator's origins, with a ticket signed by this locator that a tip later credits.
 */
@ApplicationScoped
public class LocatorService {

    private final HolderQuery query;
    private final MarketplaceConfig config;
    private final Holders holders;
    private final TicketSigner tickets;
    private final Clock clock;

    public LocatorService(HolderQuery query, MarketplaceConfig config, Holders holders, TicketSigner tickets, Clock clock) {
        this.query = query;
        this.config = config;
        this.holders = holders;
        this.tickets = tickets;
        this.clock = clock;
    }

    /** The content's sources ranked for the caller, with a fresh ticket (signed in a batch, off the event loop). */
    public Uni<Location> locate(String contentId, String callerRegion) {
        if (contentId == null || !contentId.matches("[0-9a-f]{64}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "a content id is 64 lowercase hex digits"));
        }
        return sources(contentId, callerRegion)
                .chain(sources -> tickets.ticket(contentId).map(ticket -> Location.of(contentId, sources, ticket)));
    }

    /** The content's sources ranked for the caller (no ticket): what {@link #locate} answers, for redirects in this service. */
    public Uni<List<Source>> sources(String contentId, String callerRegion) {
        return holders.of(contentId, () -> query.load(contentId)).map(known -> {
            OffsetDateTime fresh = OffsetDateTime.now(clock).minus(config.market().heartbeatTimeout());
            List<Source> sources = new ArrayList<>(rank(known.holders().stream()
                    .filter(h -> h.lastHeartbeatAt() != null && !h.lastHeartbeatAt().isBefore(fresh)).toList(), callerRegion));
            Map<String, Source> others = new LinkedHashMap<>();
            known.mirrors().forEach(url -> others.put(url, Source.mirror(url)));
            known.origins().forEach(url -> others.putIfAbsent(url, Source.origin(url)));
            sources.stream().map(Source::url).forEach(others::remove);
            sources.addAll(others.values());
            return sources;
        });
    }

    /** Same region first, then the least loaded (share of capacity in use), then the freshest heartbeat. */
    static List<Source> rank(List<Holders.Holder> holders, String callerRegion) {
        return holders.stream()
                .sorted(Comparator.<Holders.Holder>comparingInt(h -> callerRegion != null && callerRegion.equalsIgnoreCase(h.region()) ? 0 : 1)
                        .thenComparingDouble(Holders.Holder::load)
                        .thenComparing(Holders.Holder::lastHeartbeatAt, Comparator.reverseOrder()))
                .map(h -> Source.agent(h.endpoint(), h.address(), h.region(), h.load()))
                .toList();
    }

    /** The address tips credit as locator. */
    public String locatorAddress() {
        return tickets.address();
    }
}
