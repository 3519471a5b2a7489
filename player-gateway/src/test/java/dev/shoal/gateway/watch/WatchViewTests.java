package dev.shoal.gateway.watch;

import dev.shoal.gateway.fork.SponsoredFork;
import dev.shoal.gateway.watch.WatchResource.ForkInfo;
import dev.shoal.gateway.watch.WatchResource.WatchView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WatchViewTests {

    private static final String ORIGINAL = "ab".repeat(32);
    private static final String FORK = "cd".repeat(32);

    @Test
    void aForksViewersJoinTheSwarmOfItsOriginal() {
        ForkInfo fork = new ForkInfo(ORIGINAL, "The original", "Sea Tea", List.of(new SponsoredFork.Ad("ad-1", 24, 16, 24)));
        assertThat(WatchView.swarmOf(FORK, fork)).isEqualTo(ORIGINAL);
    }

    @Test
    void anyOtherContentsViewersJoinItsOwnSwarm() {
        assertThat(WatchView.swarmOf(ORIGINAL, null)).isEqualTo(ORIGINAL);
    }
}
