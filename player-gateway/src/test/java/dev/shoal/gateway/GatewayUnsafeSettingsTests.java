package dev.shoal.gateway;

import dev.shoal.deploy.testing.ConfigMappings;
import dev.shoal.service.production.ProductionCheck;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The production profile refuses the gateway's demo setting with a message naming it. */
class GatewayUnsafeSettingsTests {

    private static ProductionCheck inspect(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("shoal.chain.rpc-url", "https://rpc.example", "shoal.chain.chain-id", "8453",
                "shoal.marketplace.url", "https://market.example", "shoal.tips.directory-ttl", "60s"));
        settings.putAll(extra);
        ProductionCheck check = new ProductionCheck();
        new GatewayUnsafeSettings(ConfigMappings.load(GatewayConfig.class, settings)).inspect(check);
        return check;
    }

    @Test
    void productionDefaultsPass() {
        assertThat(inspect(Map.of()).refusals()).isEmpty();
    }

    @Test
    void theDevWalletIsRefused() {
        assertThat(inspect(Map.of("shoal.tips.dev-wallet.enabled", "true")).refusals()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("shoal.tips.dev-wallet.enabled");
            assertThat(r.message()).contains("SHOAL_TIPS_DEV_WALLET_ENABLED=false");
        });
    }
}
