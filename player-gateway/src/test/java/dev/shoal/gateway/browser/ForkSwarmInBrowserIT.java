package dev.shoal.gateway.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.gateway.ShoalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewers of an original and of its fork in one swarm, in real browsers on the real stack ({@code shoal up}, two
 * agents holding the sample, a consented fork made by {@link ConsentedFork}): the fork's viewer joins the original's
 * swarm and receives segments it shares with the original from the original's viewer over WebRTC, each checked by
 * its SHA-256. With the fork's own swarm, or p2p-media-loader's names (playlist indexes, which differ after the ad),
 * no such segment could come from a peer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForkSwarmInBrowserIT {

    @TempDir
    static Path state;
    @TempDir
    static Path work;
    private ShoalStack stack;
    private ConsentedFork fork;
    private String gateway;

    @BeforeAll
    void upWithTheSampleAndAConsentedFork() throws Exception {
        Viewer.requireBrowser();
        stack = new ShoalStack(state);
        String originalId = stack.upWithSample(2);
        gateway = stack.url("player-gateway");
        fork = ConsentedFork.of(stack, originalId, work, 24_000_000L);
    }

    @AfterAll
    void down() throws Exception {
        if (fork != null) {
            fork.close();
        }
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void aForksViewerReceivesTheSegmentsItSharesWithTheOriginalFromTheOriginalsViewer() throws Exception {
        try (Viewer original = Viewer.open(gateway + "/watch/" + fork.originalId())) {
            original.await("the original's viewer playing", Duration.ofSeconds(60), st -> st.path("segmentsFromAgents").asInt() >= 2
                    && st.path("currentTime").asDouble() > 1 || st.path("errors").size() > 0);
            try (Viewer forkViewer = Viewer.open(gateway + "/watch/" + fork.forkId())) {
                JsonNode s = forkViewer.await("a shared segment from a peer", Duration.ofSeconds(90),
                        st -> sharedBytesFromPeers(st) > 0 || st.path("errors").size() > 0);
                assertThat(s.path("errors")).as("player errors").isEmpty();
                assertThat(s.path("swarm").asText()).as("the fork's viewer is in the original's swarm").isEqualTo(fork.originalId());
                assertThat(sharedBytesFromPeers(s)).isPositive();
                assertThat(s.path("rejected")).as("segments that failed their hash").isEmpty();
                JsonNode o = original.await("the original's viewer uploaded", Duration.ofSeconds(10), st -> st.path("uploadedBytes").asLong() > 0);
                assertThat(o.path("swarm").asText()).isEqualTo(fork.originalId());
            }
        }
    }

    private long sharedBytesFromPeers(JsonNode stats) {
        long bytes = 0;
        for (JsonNode loaded : stats.path("segmentsLoaded")) {
            if ("p2p".equals(loaded.path("from").asText()) && fork.originalSegments().contains(loaded.path("sha256").asText())) {
                bytes += loaded.path("bytes").asLong();
            }
        }
        return bytes;
    }
}
