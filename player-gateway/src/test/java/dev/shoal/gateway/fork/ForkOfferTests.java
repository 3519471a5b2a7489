package dev.shoal.gateway.fork;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForkOfferTests {

    private final ForkFixtures f = new ForkFixtures();

    @Test
    void aForkIsOfferedFirstOnlyWhenTheConsentAllowsItAndItHasTwiceTheOriginalsReplicas() {
        assertThat(ForkOffer.offeredFirst(f.view(null, List.of(ForkFixtures.CUE), 10, true), 5)).isTrue();
        assertThat(ForkOffer.offeredFirst(f.view(null, List.of(ForkFixtures.CUE), 9, true), 5)).as("less than twice").isFalse();
        assertThat(ForkOffer.offeredFirst(f.view(null, List.of(ForkFixtures.CUE), 10, false), 5)).as("the creator said no").isFalse();
        assertThat(ForkOffer.offeredFirst(f.view(null, List.of(ForkFixtures.CUE), 0, true), 0)).as("no replica at all").isFalse();
        assertThat(ForkOffer.offeredFirst(f.view(null, List.of(ForkFixtures.CUE), 1, true), 0)).isTrue();
    }

    @Test
    void anOfferNamesTheSponsorAndTheSeeding() {
        ForkOffer offer = ForkOffer.of(f.view(null, List.of(ForkFixtures.CUE), 7, true), 3, 4);
        assertThat(offer).isEqualTo(new ForkOffer(f.fork.contentId().hex(), f.fork.title(), "Sea Tea Ltd", 7, 4, true));
    }
}
