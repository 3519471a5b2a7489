package dev.shoal.contracts.live;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.identity.SigningKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A relay agent's offer to relay live rooms: signed by its own key, every field covered, and nothing else passes. */
class RelayOfferTests {

    private static final SigningKey RELAY = SigningKey.generate();
    private static final SigningKey OTHER = SigningKey.generate();

    @Test
    void anOfferVerifiesAsItsAgentsAndAnyChangeBreaksIt() {
        RelayOffer offer = RelayOffer.sign(RELAY, "http://relay:1", 1000, 1, 8, 225_000, 2_500_000);
        assertThat(offer.signedText()).startsWith("Shoal relay offer v1\n");
        assertThat(offer.verify()).isEqualTo(RELAY.address());
        assertThatThrownBy(() -> new RelayOffer(1, offer.agent(), "http://relay:2", 1000, 1, 8, 225_000, 2_500_000, offer.signature()).verify())
                .isInstanceOf(ContentException.SignatureMismatch.class);
        assertThatThrownBy(() -> new RelayOffer(1, offer.agent(), "http://relay:1", 2000, 1, 8, 225_000, 2_500_000, offer.signature()).verify())
                .isInstanceOf(ContentException.SignatureMismatch.class);
        assertThatThrownBy(() -> new RelayOffer(1, offer.agent(), "http://relay:1", 1000, 1, 8, 1, 2_500_000, offer.signature()).verify())
                .as("less loaded on the way").isInstanceOf(ContentException.SignatureMismatch.class);
        assertThatThrownBy(() -> new RelayOffer(1, offer.agent(), "http://relay:1", 1000, 1, 8, 225_000, 25_000_000, offer.signature()).verify())
                .isInstanceOf(ContentException.SignatureMismatch.class);
        assertThatThrownBy(() -> new RelayOffer(1, offer.agent(), "http://relay:1", 1000, 0, 8, 225_000, 2_500_000, offer.signature()).verify())
                .isInstanceOf(ContentException.SignatureMismatch.class);
    }

    @Test
    void anOfferNamingAnotherAgentThanItsSignerOrUnsignedIsRefused() {
        RelayOffer byOther = RelayOffer.sign(OTHER, "http://relay:1", 1000, 0, 8, 0, 2_500_000);
        assertThatThrownBy(() -> new RelayOffer(1, RELAY.address().toString(), "http://relay:1", 1000, 0, 8, 0, 2_500_000, byOther.signature()).verify())
                .isInstanceOf(ContentException.SignatureMismatch.class);
        assertThatThrownBy(() -> new RelayOffer(1, RELAY.address().toString(), "http://relay:1", 1000, 0, 8, 0, 2_500_000, null).verify())
                .isInstanceOf(ContentException.SignatureMismatch.class);
    }

    @Test
    void anUplinkOfNothingOrAnotherVersionIsMalformed() {
        assertThatThrownBy(() -> RelayOffer.sign(RELAY, "http://relay:1", 1000, 0, 8, 0, 0)).isInstanceOf(ContentException.MalformedValue.class);
        assertThatThrownBy(() -> new RelayOffer(2, RELAY.address().toString(), "http://relay:1", 1000, 0, 8, 0, 2_500_000, null).digest())
                .isInstanceOf(ContentException.MalformedValue.class);
    }
}
