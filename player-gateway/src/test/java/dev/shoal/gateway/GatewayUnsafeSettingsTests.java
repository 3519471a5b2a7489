package dev.shoal.gateway;

import dev.shoal.deploy.testing.ConfigMappings;
import dev.shoal.service.production.ProductionCheck;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The production profile refuses the gateway's demo settings, and a missing client secret, with a message naming each. */
class GatewayUnsafeSettingsTests {

    private static ProductionCheck inspect(Map<String, String> extra, Optional<String> clientSecret) {
        Map<String, String> settings = new HashMap<>(Map.of("shoal.chain.rpc-url", "https://rpc.example", "shoal.chain.chain-id", "8453",
                "shoal.marketplace.url", "https://market.example", "shoal.tips.directory-ttl", "60s"));
        settings.putAll(extra);
        ProductionCheck check = new ProductionCheck();
        new GatewayUnsafeSettings(ConfigMappings.load(GatewayConfig.class, settings), clientSecret).inspect(check);
        return check;
    }

    @Test
    void productionDefaultsWithTheOperatorsClientSecretPass() {
        assertThat(inspect(Map.of(), Optional.of("a-secret-from-the-operators-realm")).refusals()).isEmpty();
    }

    @Test
    void theDevWalletIsRefused() {
        assertThat(inspect(Map.of("shoal.tips.dev-wallet.enabled", "true"), Optional.of("s3cret")).refusals()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("shoal.tips.dev-wallet.enabled");
            assertThat(r.message()).contains("SHOAL_TIPS_DEV_WALLET_ENABLED=false");
        });
    }

    @Test
    void aMissingOrLocalClientSecretIsRefused() {
        for (Optional<String> secret : java.util.List.of(Optional.<String>empty(), Optional.of(" "),
                Optional.of(GatewayUnsafeSettings.LOCAL_CLIENT_SECRET))) {
            assertThat(inspect(Map.of(), secret).refusals()).as(secret.toString()).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(GatewayUnsafeSettings.CLIENT_SECRET_KEY);
                assertThat(r.message()).contains("QUARKUS_OIDC_CLIENT_GATEWAY_CREDENTIALS_SECRET", "player-gateway");
            });
        }
    }
}
