package dev.shoal.gateway.live;

import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.live.RelayOffer;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Relay agents' offers to relay live rooms: taken only signed by the agent named, fresh, newer than its last; stored as its heartbeat. */
class LiveRelayOffersTests {

    private static final SigningKey RELAY = SigningKey.generate();
    private static final SigningKey OTHER = SigningKey.generate();
    private static final Instant NOW = Instant.parse("2026-12-05T11:00:00Z");

    private final LiveRelayOfferRepository repository = mock(LiveRelayOfferRepository.class);
    private final LiveRelayOffers offers = new LiveRelayOffers(repository, Clock.fixed(NOW, ZoneOffset.UTC));

    private static RelayOffer offer(long at) {
        return RelayOffer.sign(RELAY, "http://127.0.0.1:9102/", at, 1, 8, 225_000, 2_500_000);
    }

    private ProblemType refused(RelayOffer offer) {
        try {
            offers.offer(offer).await().indefinitely();
        } catch (ProblemException e) {
            verify(repository, never()).persist(any(LiveRelayOffer.class));
            return e.type();
        }
        throw new AssertionError("taken: " + offer);
    }

    @Test
    void aFreshOfferIsStoredAsTheAgentsHeartbeat() {
        when(repository.findById(RELAY.address().toString())).thenReturn(Uni.createFrom().nullItem());
        when(repository.persist(any(LiveRelayOffer.class))).thenAnswer(call -> Uni.createFrom().item(call.<LiveRelayOffer>getArgument(0)));
        LiveRelayOffers.Offered offered = offers.offer(offer(NOW.toEpochMilli() - 1000)).await().indefinitely();
        assertThat(offered.agent()).isEqualTo(RELAY.address().toString());
        ArgumentCaptor<LiveRelayOffer> stored = ArgumentCaptor.forClass(LiveRelayOffer.class);
        verify(repository).persist(stored.capture());
        LiveRelayOffer row = stored.getValue();
        assertThat(row.relayUrl).isEqualTo("http://127.0.0.1:9102");
        assertThat(row.uploadBytesPerSecond).isEqualTo(225_000);
        assertThat(row.uplinkBytesPerSecond).isEqualTo(2_500_000);
        assertThat(row.rooms).isEqualTo(1);
        assertThat(row.maxRooms).isEqualTo(8);
        assertThat(row.heardAt.toInstant()).isEqualTo(NOW);
    }

    @Test
    void anOfferSignedByAnotherKeyStaleReplayedOrNotHttpIsRefusedAndNothingStored() {
        RelayOffer byOther = RelayOffer.sign(OTHER, "http://127.0.0.1:9102", NOW.toEpochMilli(), 0, 8, 0, 2_500_000);
        assertThat(refused(new RelayOffer(1, RELAY.address().toString(), byOther.relayUrl(), byOther.offeredAtMillis(), 0, 8, 0, 2_500_000,
                byOther.signature()))).isEqualTo(ProblemType.SIGNATURE_INVALID);
        assertThat(refused(offer(NOW.toEpochMilli() - 31_000))).as("stale").isEqualTo(ProblemType.REPLAYED);
        assertThat(refused(RelayOffer.sign(RELAY, "file:///etc/passwd", NOW.toEpochMilli(), 0, 8, 0, 2_500_000)))
                .isEqualTo(ProblemType.INVALID_REQUEST);
        LiveRelayOffer last = new LiveRelayOffer();
        last.agent = RELAY.address().toString();
        last.offeredAtMillis = NOW.toEpochMilli();
        when(repository.findById(RELAY.address().toString())).thenReturn(Uni.createFrom().item(last));
        assertThat(refused(offer(NOW.toEpochMilli()))).as("not newer than the last").isEqualTo(ProblemType.REPLAYED);
        assertThat(last.relayUrl).as("the row untouched").isNull();
        assertThatThrownBy(() -> LiveRelayOffers.verify(null, NOW.toEpochMilli())).isInstanceOf(ProblemException.class);
    }
}
