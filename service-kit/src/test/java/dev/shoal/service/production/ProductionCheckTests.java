package dev.shoal.service.production;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductionCheckTests {

    @Test
    void everyPublicTestKeyIsRefusedAndAFreshKeyIsNot() {
        for (String demo : DemoKeys.ANVIL_PRIVATE_KEYS) {
            assertThat(new ProductionCheck().privateKey("shoal.chain.auditor-key", demo).refusals())
                    .singleElement().satisfies(r -> {
                        assertThat(r.key()).isEqualTo("shoal.chain.auditor-key");
                        assertThat(r.message()).contains("publicly known").contains("SHOAL_CHAIN_AUDITOR_KEY");
                    });
        }
        // also without the 0x, as the locator key is written
        assertThat(new ProductionCheck().privateKey("shoal.market.locator-key", DemoKeys.MARKETPLACE_PRIVATE_KEY.substring(2)).refusals()).hasSize(1);
        assertThat(new ProductionCheck().privateKey("k", SigningKey.generate().privateKeyHex()).refusals()).isEmpty();
    }

    @Test
    void aKeyFileWithAPublicKeyIsRefused() {
        assertThat(new ProductionCheck().keyFile("shoal.agent.key-file", "/data/agent.key", DemoKeys.agent()).refusals())
                .singleElement().extracting(Refusal::message).asString()
                .contains("shoal.agent.key-file (/data/agent.key)").contains("SHOAL_AGENT_KEY_FILE");
        assertThat(new ProductionCheck().keyFile("shoal.agent.key-file", "/k", SigningKey.generate()).refusals()).isEmpty();
    }

    @Test
    void aDurationUnderTheMinimumIsRefusedWithTheValueToSet() {
        assertThat(new ProductionCheck().atLeast("shoal.market.epoch", Duration.ofSeconds(30), ProductionCheck.MINIMUM_EPOCH).refusals())
                .singleElement().extracting(Refusal::message).asString()
                .isEqualTo("shoal.market.epoch is 30s, under the production minimum of 1h: set SHOAL_MARKET_EPOCH to 1h or more (e.g. SHOAL_MARKET_EPOCH=1h)");
        assertThat(new ProductionCheck().atLeast("shoal.market.epoch", Duration.ofMinutes(59), ProductionCheck.MINIMUM_EPOCH).refusals()).hasSize(1);
        assertThat(new ProductionCheck().atLeast("shoal.market.epoch", Duration.ofHours(1), ProductionCheck.MINIMUM_EPOCH).refusals()).isEmpty();
    }

    @Test
    void aDemoSwitchThatIsOnIsRefused() {
        assertThat(new ProductionCheck().off("shoal.tips.dev-wallet.enabled", true, "local chains only").refusals())
                .singleElement().extracting(Refusal::message).asString()
                .contains("shoal.tips.dev-wallet.enabled is on").contains("SHOAL_TIPS_DEV_WALLET_ENABLED=false");
        assertThat(new ProductionCheck().off("shoal.tips.dev-wallet.enabled", false, "x").refusals()).isEmpty();
    }

    @Test
    void anyValueButTheProductionOneIsRefused() {
        assertThat(new ProductionCheck().only("shoal.settlement.funding", "DEMO_KEY", "creator", "the demo creator pays").refusals())
                .singleElement().extracting(Refusal::message).asString()
                .isEqualTo("shoal.settlement.funding is demo-key (the demo creator pays): set SHOAL_SETTLEMENT_FUNDING=creator");
        assertThat(new ProductionCheck().only("shoal.settlement.funding", "CREATOR", "creator", "x").refusals()).isEmpty();
    }

    @Test
    void enforceListsEverySettingAtOnce() {
        ProductionCheck check = new ProductionCheck()
                .privateKey("shoal.chain.auditor-key", DemoKeys.MARKETPLACE_PRIVATE_KEY)
                .atLeast("shoal.market.epoch", Duration.ofSeconds(30), ProductionCheck.MINIMUM_EPOCH);
        assertThatThrownBy(check::enforce).isInstanceOf(UnsafeSettingsException.class)
                .hasMessageContaining("  - shoal.chain.auditor-key").hasMessageContaining("  - shoal.market.epoch");
        new ProductionCheck().enforce();
    }

    @Test
    void environmentVariablesAreSmallRyesNames() {
        assertThat(ProductionCheck.environmentVariable("shoal.chain.contracts.auto-deploy")).isEqualTo("SHOAL_CHAIN_CONTRACTS_AUTO_DEPLOY");
    }
}
