package dev.shoal.gateway.live;

import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.live.RelayOffer;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The relay agents that offer to relay live rooms here (docs/live.md, "Relay agents"): each sends a {@link RelayOffer}
 * its own key signed every {@link RelayOffer#EVERY}, whether or not a room is live, so the creator's studio can offer
 * every agent that opted in and was heard lately, with what it uploads of its uplink. Taken as a room's claim is: signed
 * by the agent it names, an http(s) URL, within {@link LiveRelays#FRESH} of the gateway's clock and later than the agent's
 * last offer (so an offer cannot be replayed to keep a gone agent on offer).
 */
@ApplicationScoped
public class LiveRelayOffers {

    /** What the agent learns: the offer was taken. */
    public record Offered(String agent, String heardAt) {
    }

    private final LiveRelayOfferRepository offers;
    private final Clock clock;

    public LiveRelayOffers(LiveRelayOfferRepository offers, Clock clock) {
        this.offers = offers;
        this.clock = clock;
    }

    /** Checks an offer before anything is read or stored: the URL, the agent's signature, the time. */
    static Address verify(RelayOffer offer, long nowMillis) {
        if (offer == null) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "a relay offer is required");
        }
        return LiveRelays.verifiedRelay(offer::verify, offer.relayUrl(), offer.offeredAtMillis(), nowMillis, "offer");
    }

    @WithTransaction
    public Uni<Offered> offer(RelayOffer offer) {
        Address agent;
        try {
            agent = verify(offer, clock.millis());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return offers.findById(agent.toString()).chain(row -> {
            if (row != null && offer.offeredAtMillis() <= row.offeredAtMillis) {
                throw new ProblemException(ProblemType.REPLAYED, "relay " + agent + " already offered at " + row.offeredAtMillis
                        + "; an offer must be newer than the last");
            }
            LiveRelayOffer r = row != null ? row : new LiveRelayOffer();
            r.agent = agent.toString();
            r.relayUrl = offer.relayUrl().replaceAll("/+$", "");
            r.offeredAtMillis = offer.offeredAtMillis();
            r.rooms = offer.rooms();
            r.maxRooms = offer.maxRooms();
            r.uploadBytesPerSecond = offer.uploadBytesPerSecond();
            r.uplinkBytesPerSecond = offer.uplinkBytesPerSecond();
            r.heardAt = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            Uni<LiveRelayOffer> saved = row != null ? Uni.createFrom().item(r) : offers.persist(r);
            return saved.map(s -> new Offered(s.agent, s.heardAt.toString()));
        });
    }
}
