package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.live.LineSpeed;
import dev.shoal.contracts.market.MarketAsks;
import dev.shoal.contracts.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the creator's live studio shows ({@link StudioRoomsPage}): their rooms, newest first, and the relay agents to
 * choose from: every agent that offers to relay live rooms here and was heard within {@link #RELAYS_HEARD_WITHIN}
 * ({@link LiveRelayOffers}), with what it uploads of its uplink. A new form is signed for the key the creator already signs
 * with ({@link #signingAddress}): their newest room's, else their newest published content's at the marketplace; its
 * archive's maximum price is the one that places the replicas now ({@link #asks}), which the form shows beside it.
 */
@ApplicationScoped
public class LiveStudio {

    /** Relays heard within this are offered (they offer every 10 s). */
    static final Duration RELAYS_HEARD_WITHIN = Duration.ofMinutes(1);
    static final int MAX_ROOMS = 50;
    /** The marketplace is asked for the creator's contents at most this long; the page never waits longer for it. */
    static final Duration MARKETPLACE_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(LiveStudio.class);
    private static final int MAX_RELAY_ROWS = 500;
    private static final DateTimeFormatter OPENED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private final LiveRoomRepository rooms;
    private final LiveRelayOfferRepository relays;
    private final LiveFanOut fanOut;
    private final MarketplaceContents contents;
    private final MarketplaceOrders orders;
    private final Clock clock;

    public LiveStudio(LiveRoomRepository rooms, LiveRelayOfferRepository relays, LiveFanOut fanOut, @RestClient MarketplaceContents contents,
                      @RestClient MarketplaceOrders orders, Clock clock) {
        this.orders = orders;
        this.rooms = rooms;
        this.relays = relays;
        this.fanOut = fanOut;
        this.contents = contents;
        this.clock = clock;
    }

    /** Where a new form's "Signed by" came from, as the page says it. */
    public record SigningAddress(String address, String from) {
        static final SigningAddress NONE = new SigningAddress("", null);
    }

    /**
     * The address a new room of {@code owner} is signed by: their newest room's (the key they last went live with), else
     * the one their newest content at the marketplace is signed by (the marketplace took its manifest only because that
     * key signed it), else none. The marketplace asked with the creator's own token ({@code authorization}, the studio
     * session's), at most {@link #MARKETPLACE_WAIT}; unreachable or refusing, the form is simply not filled in.
     */
    Uni<SigningAddress> signingAddress(List<LiveRoom> own, String authorization) {
        if (!own.isEmpty()) {
            return Uni.createFrom().item(new SigningAddress(own.get(0).creator, "your newest room"));
        }
        if (authorization == null || contents == null) {
            return Uni.createFrom().item(SigningAddress.NONE);
        }
        return fromMarketplace(contents.mine(authorization).map(LiveStudio::newestSigned), SigningAddress.NONE,
                "the creator's contents");
    }

    /**
     * What the market asks now for {@code replicasTyped} replicas, as the form has them (5 when they name no count; kept
     * within 5 to 10, the count the answer names), to set the archive's maximum price by: null when there is no token or
     * the marketplace does not answer within {@link #MARKETPLACE_WAIT}.
     */
    Uni<MarketAsks> asks(String replicasTyped, String authorization) {
        if (authorization == null || orders == null) {
            return Uni.createFrom().nullItem();
        }
        int replicas;
        try {
            replicas = Math.clamp(Integer.parseInt(replicasTyped.strip()), 5, 10);
        } catch (RuntimeException e) {
            replicas = 5;
        }
        return fromMarketplace(orders.asks(authorization, replicas), null, "the market's asks");
    }

    /** The marketplace's answer, or {@code otherwise} when it fails or is silent past {@link #MARKETPLACE_WAIT}: the page never waits longer. */
    private static <T> Uni<T> fromMarketplace(Uni<T> call, T otherwise, String what) {
        // the timeout fires on Mutiny's own timer thread: back to the request's context, whose session the page's closes
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        Uni<T> asked = call.ifNoItem().after(MARKETPLACE_WAIT).fail()
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("%s at the marketplace: %s", what, e.toString());
                    return otherwise;
                });
        return context == null ? asked : asked.emitOn(task -> context.runOnContext(v -> task.run()));
    }

    /** The signing address of the newest content that names a valid one, with its title. */
    static SigningAddress newestSigned(JsonNode mine) {
        for (JsonNode c : mine) {
            try {
                Address address = Address.parse(c.path("creator").asText());
                return new SigningAddress(address.toString(), "your published video \u201c" + c.path("title").asText() + "\u201d");
            } catch (RuntimeException e) {
                // not an address: the next one
            }
        }
        return SigningAddress.NONE;
    }

    /**
     * The studio for {@code owner}: a new form (signed for the key they already sign with, {@link #signingAddress}, its
     * maximum price the market's now, {@link #asks}), or {@code form} as they sent it with why it was refused; the market's
     * asks beside the price either way, when the marketplace answers.
     */
    @WithSession
    public Uni<StudioRoomsPage> page(String owner, String authorization, ScheduleForm form, ProblemException refused) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return rooms.ofOwner(owner, MAX_ROOMS).chain(own -> relays.heardSince(now.minus(RELAYS_HEARD_WITHIN), MAX_RELAY_ROWS)
                .chain(heard -> Uni.combine().all().unis(
                        form != null ? Uni.createFrom().item(SigningAddress.NONE) : signingAddress(own, authorization),
                        asks((form != null ? form : ScheduleForm.blank("")).replicas(), authorization)).asTuple().map(both -> {
            SigningAddress signing = both.getItem1();
            MarketAsks market = both.getItem2();
            ScheduleForm shown = form != null ? form : ScheduleForm.blank(signing.address())
                    .pricedAt(market == null ? null : market.maxPriceToPlace());
            List<StudioRoomsPage.Room> rows = own.stream().map(r -> new StudioRoomsPage.Room(r.roomId.toString(), r.title,
                    r.state.name(), StudioRoomsPage.Room.shown(r.state.name()), r.segmentSeconds, fanOut.viewers(r.roomId.toString()),
                    OPENED.format(r.openedAt.withOffsetSameInstant(ZoneOffset.UTC)))).toList();
            return new StudioRoomsPage(rows, shown, signing.from(), market, choices(heard, shown.relays(), now), "minute",
                    refused == null ? null : refused.getMessage(), refused == null ? null : refused.type().slug());
        })));
    }

    /**
     * Each agent once (its newest offer: where it serves, what it uploads of its uplink, the rooms it relays, when it was
     * heard), ticked if the form chose it; the least loaded first, as a creator picks.
     */
    static List<StudioRoomsPage.Relay> choices(List<LiveRelayOffer> heard, List<String> chosen, OffsetDateTime now) {
        Map<String, LiveRelayOffer> newest = new LinkedHashMap<>();
        for (LiveRelayOffer r : heard) {
            newest.putIfAbsent(r.agent.toLowerCase(Locale.ROOT), r);
        }
        List<String> ticked = chosen.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
        List<StudioRoomsPage.Relay> out = new ArrayList<>();
        newest.values().stream().sorted(Comparator.comparingDouble((LiveRelayOffer r) -> (double) r.uploadBytesPerSecond / r.uplinkBytesPerSecond)
                .thenComparing(r -> r.agent)).forEach(r -> out.add(new StudioRoomsPage.Relay(r.agent, r.relayUrl,
                LineSpeed.upload(r.uploadBytesPerSecond, r.uplinkBytesPerSecond), r.uploadBytesPerSecond, r.uplinkBytesPerSecond,
                r.rooms + " of at most " + r.maxRooms + (r.maxRooms == 1 ? " room" : " rooms"), ago(Duration.between(r.heardAt, now)),
                ticked.contains(r.agent.toLowerCase(Locale.ROOT)))));
        return out;
    }

    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return "just now";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        return s / 3600 + " h ago";
    }
}
