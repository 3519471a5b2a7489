package dev.shoal.deploy.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The HAProxy configuration the launcher writes, checked by HAProxy itself ({@code haproxy -c}). */
class BalancerComponentTests {

    private static String check(Path dir, String config) throws Exception {
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Process haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-c", "-f", file.toString()).redirectErrorStream(true).start();
        String output = new String(haproxy.getInputStream().readAllBytes());
        assertThat(haproxy.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void theGatewaysConfigurationIsValidAndRoutesTheTrackerByAConsistentHashOfItsContentId(@TempDir Path dir) throws Exception {
        String config = BalancerComponent.config("player-gateway", 18080, List.of("player-gateway-1", "player-gateway-2"),
                List.of(18081, 18082), true);

        check(dir, config);

        assertThat(config).contains("use_backend player-gateway-tracker if { path_beg /tracker/ }")
                .contains("balance uri path-only depth 2\n    hash-type consistent")
                .contains("option httpchk GET /q/health/ready")
                .contains("server player-gateway-2 127.0.0.1:18082 check")
                .contains("bind 127.0.0.1:18080");
    }

    @Test
    void theMarketplacesConfigurationIsValidAndHasNoTrackerRoute(@TempDir Path dir) throws Exception {
        String config = BalancerComponent.config("marketplace", 18090, List.of("marketplace-1", "marketplace-2"), List.of(18091, 18092), false);

        check(dir, config);

        assertThat(config).doesNotContain("tracker").contains("balance roundrobin").contains("server marketplace-1 127.0.0.1:18091 check");
    }
}
