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
        RelayClaim moreHeld = new RelayClaim(1, "room-1", claim.agent(), "http://relay:1", 1000, 2, 150, Map.of("hi", 8L, "lo", 7L), claim.signature(), null, null);
        assertThatThrownBy(moreHeld::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        RelayClaim otherRoom = new RelayClaim(1, "room-2", claim.agent(), "http://relay:1", 1000, 2, 150, claim.held(), claim.signature(), null, null);
        assertThatThrownBy(otherRoom::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        RelayClaim later = new RelayClaim(1, "room-1", claim.agent(), "http://relay:1", 2000, 2, 150, claim.held(), claim.signature(), null, null);
        assertThatThrownBy(later::verify).isInstanceOf(ContentException.SignatureMismatch.class);
    }

    @Test
    void aClaimNamingAnotherAgentThanItsSignerIsForged() {
        RelayClaim byOther = RelayClaim.sign(OTHER, "room-1", "http://relay:1", 1000, 0, 0, Map.of());
        RelayClaim forged = new RelayClaim(1, "room-1", RELAY.address().toString(), "http://relay:1", 1000, 0, 0, Map.of(), byOther.signature(), null, null);
        assertThatThrownBy(forged::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        RelayClaim unsigned = new RelayClaim(1, "room-1", RELAY.address().toString(), "http://relay:1", 1000, 0, 0, Map.of(), null, null, null);
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
        assertThat(new RelayClaim(1, "room-1", claim.agent(), "http://relay:1", 1000, 0, 0, hiFirst, claim.signature(), null, null).verify())
                .isEqualTo(RELAY.address());
    }

    @Test
    void aVersion2ClaimSignsTheMeasuredUploadAndTheUplink() {
        RelayClaim claim = RelayClaim.sign(RELAY, "room-1", "http://relay:1", 1000, 1, 150, Map.of("hi", 7L), 225_000, 2_500_000);
        assertThat(claim.version()).isEqualTo(RelayClaim.VERSION).isEqualTo(2);
        assertThat(claim.signedText()).startsWith("Shoal relay v2\n");
        assertThat(claim.verify()).isEqualTo(RELAY.address());
        // less upload than measured, or another uplink: not what the agent signed
        RelayClaim less = new RelayClaim(2, "room-1", claim.agent(), "http://relay:1", 1000, 1, 150, claim.held(), claim.signature(), 1L, 2_500_000L);
        assertThatThrownBy(less::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        RelayClaim wider = new RelayClaim(2, "room-1", claim.agent(), "http://relay:1", 1000, 1, 150, claim.held(), claim.signature(), 225_000L, 12_500_000L);
        assertThatThrownBy(wider::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        // version 2 states both, the uplink more than 0; version 1 signs neither, so carries neither
        assertThatThrownBy(() -> new RelayClaim(2, "room-1", claim.agent(), "http://relay:1", 1000, 1, 150, claim.held(), claim.signature(), null, 2_500_000L).verify())
                .isInstanceOf(ContentException.MalformedValue.class);
        assertThatThrownBy(() -> RelayClaim.sign(RELAY, "room-1", "http://relay:1", 1000, 1, 150, Map.of(), 0, 0))
                .isInstanceOf(ContentException.MalformedValue.class);
        RelayClaim old = RelayClaim.sign(RELAY, "room-1", "http://relay:1", 1000, 1, 150, Map.of("hi", 7L));
        assertThatThrownBy(() -> new RelayClaim(1, "room-1", old.agent(), "http://relay:1", 1000, 1, 150, old.held(), old.signature(), 5L, null).verify())
                .isInstanceOf(ContentException.MalformedValue.class);
    }

    @Test
    void aVersion1ClaimIsSignedAndReadAsBefore() {
        RelayClaim old = RelayClaim.sign(RELAY, "room-1", "http://relay:1", 1000, 2, 150, Map.of("hi", 7L));
        assertThat(old.version()).isEqualTo(1);
        assertThat(old.signedText()).startsWith("Shoal relay v1\n");
        assertThat(old.verify()).isEqualTo(RELAY.address());
        // the encoding of version 1, pinned: an agent of before version 2 signed exactly this
        assertThat(old.digest()).isEqualTo(new dev.shoal.contracts.codec.CanonicalWriter(256).str("shoal-relay/1").str("room-1")
                .raw(RELAY.address().bytes()).str("http://relay:1").u64(1000).u32(2).u64(150).u32(1).str("hi").u64(7).sha256());
        // the same fields as version 2 sign something else
        assertThat(RelayClaim.sign(RELAY, "room-1", "http://relay:1", 1000, 2, 150, Map.of("hi", 7L), 0, 1).digest()).isNotEqualTo(old.digest());
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
