package dev.shoal.gateway.live;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event stream's {@code seeding} parameter: a page that does not seed takes no seed turns. */
class LivePlayerResourceTests {

    @Test
    void aStreamTakesSeedTurnsUnlessItsPageSaysSeedingOff() {
        assertThat(LivePlayerResource.seeds(null)).isTrue();
        assertThat(LivePlayerResource.seeds("off")).isFalse();
    }

    @Test
    void anyOtherSeedingValueIsAMalformedRequest() {
        for (String bad : new String[]{"", "on", "OFF", "false", "0"}) {
            assertThatThrownBy(() -> LivePlayerResource.seeds(bad)).as(bad).isInstanceOfSatisfying(ProblemException.class,
                    p -> assertThat(p.type()).isEqualTo(ProblemType.MALFORMED_REQUEST));
        }
    }
}
