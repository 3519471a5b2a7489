package dev.shoal.contracts.live;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SigningKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A relay's claim and its requests at a shielded origin: signed by the relay's own key, and nothing else passes. */
class RelayMessagesTests {

    private static final SigningKey RELAY = SigningKey.generate();
    private static final SigningKey OTHER = SigningKey.generate();
    private static final Sha256 SEGMENT = Sha256.of("segment".getBytes(StandardCharsets.UTF_8));

    @Test
    void aClaimVerifiesAsItsAgentsAndAnyChangeBreaksIt() {
        RelayClaim claim = RelayClaim.sign(RELAY, "room-1", "http://relay:1", 1000, 2, 150, Map.of("hi", 7L, "lo", 7L));
        assertThat(claim.verify()).isEqualTo(RELAY.address());
        RelayClaim moreHeld = new RelayClaim(1, "room-1", claim.agent(), "http://relay:1", 1000, 2, 150, Map.of("hi", 8L, "lo", 7L), claim.signature());
        assertThatThrownBy(moreHeld::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        RelayClaim otherRoom = new RelayClaim(1, "room-2", claim.agent(), "http://relay:1", 1000, 2, 150, claim.held(), claim.signature());
        assertThatThrownBy(otherRoom::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        RelayClaim later = new RelayClaim(1, "room-1", claim.agent(), "http://relay:1", 2000, 2, 150, claim.held(), claim.signature());
        assertThatThrownBy(later::verify).isInstanceOf(ContentException.SignatureMismatch.class);
    }

    @Test
    void aClaimNamingAnotherAgentThanItsSignerIsForged() {
        RelayClaim byOther = RelayClaim.sign(OTHER, "room-1", "http://relay:1", 1000, 0, 0, Map.of());
        RelayClaim forged = new RelayClaim(1, "room-1", RELAY.address().toString(), "http://relay:1", 1000, 0, 0, Map.of(), byOther.signature());
        assertThatThrownBy(forged::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        RelayClaim unsigned = new RelayClaim(1, "room-1", RELAY.address().toString(), "http://relay:1", 1000, 0, 0, Map.of(), null);
        assertThatThrownBy(unsigned::verify).isInstanceOf(ContentException.SignatureMismatch.class);
    }

    @Test
    void renditionsAreSignedInNameOrderWhateverTheMapsOrder() {
        java.util.Map<String, Long> loFirst = new java.util.LinkedHashMap<>();
        loFirst.put("lo", 1L);
        loFirst.put("hi", 2L);
        java.util.Map<String, Long> hiFirst = new java.util.LinkedHashMap<>();
        hiFirst.put("hi", 2L);
        hiFirst.put("lo", 1L);
        RelayClaim claim = RelayClaim.sign(RELAY, "room-1", "http://relay:1", 1000, 0, 0, loFirst);
        assertThat(new RelayClaim(1, "room-1", claim.agent(), "http://relay:1", 1000, 0, 0, hiFirst, claim.signature()).verify())
                .isEqualTo(RELAY.address());
    }

    @Test
    void aRequestIsTheRelaysForThatSegmentAndFresh() {
        RelayRequest r = RelayRequest.sign(RELAY, SEGMENT, 10_000);
        assertThat(RelayRequest.parse(r.header(), SEGMENT).verify(10_500)).isEqualTo(RELAY.address());
        // another segment: the signature is over the segment asked for
        Sha256 other = Sha256.of("other".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RelayRequest.parse(r.header(), other).verify(10_500)).isInstanceOf(ContentException.SignatureMismatch.class);
        // stale, or from the future
        assertThatThrownBy(() -> RelayRequest.parse(r.header(), SEGMENT).verify(10_000 + RelayRequest.FRESH_MILLIS + 1))
                .isInstanceOf(ContentException.class);
        assertThatThrownBy(() -> RelayRequest.parse(r.header(), SEGMENT).verify(10_000 - RelayRequest.FRESH_MILLIS - 1))
                .isInstanceOf(ContentException.class);
        // naming the relay, signed by another key
        RelayRequest byOther = RelayRequest.sign(OTHER, SEGMENT, 10_000);
        String forged = RELAY.address() + ";10000;" + byOther.signature();
        assertThatThrownBy(() -> RelayRequest.parse(forged, SEGMENT).verify(10_000)).isInstanceOf(ContentException.SignatureMismatch.class);
        assertThatThrownBy(() -> RelayRequest.parse("nonsense", SEGMENT)).isInstanceOf(ContentException.class);
    }
}
