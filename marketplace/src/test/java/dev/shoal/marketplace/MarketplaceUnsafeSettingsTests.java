package dev.shoal.marketplace;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.deploy.testing.ConfigMappings;
import dev.shoal.service.production.ProductionCheck;
import dev.shoal.service.production.Refusal;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The production profile refuses each of the marketplace's demo settings with a message naming it. */
class MarketplaceUnsafeSettingsTests {

    /** What an operator sets: URLs and keys of their own, every other setting at its default. */
    private static Map<String, String> production() {
        Map<String, String> settings = new HashMap<>();
        settings.put("shoal.chain.rpc-url", "https://rpc.example");
        settings.put("shoal.chain.chain-id", "8453");
        settings.put("shoal.chain.auditor-key", SigningKey.generate().privateKeyHex());
        settings.put("shoal.market.locator-key", SigningKey.generate().privateKeyHex());
        settings.put("shoal.market.audit-secret", java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(32)));
        return settings;
    }

    private static List<Refusal> refusals(String key, String value) {
        Map<String, String> settings = production();
        settings.put(key, value);
        ProductionCheck check = new ProductionCheck();
        new MarketplaceUnsafeSettings(ConfigMappings.load(MarketplaceConfig.class, settings)).inspect(check);
        return check.refusals();
    }

    private static void refusedAlone(String key, String value, String expected) {
        assertThat(refusals(key, value)).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(key);
            assertThat(r.message()).contains(ProductionCheck.environmentVariable(key)).contains(expected);
        });
    }

    @Test
    void productionDefaultsPass() {
        ProductionCheck check = new ProductionCheck();
        new MarketplaceUnsafeSettings(ConfigMappings.load(MarketplaceConfig.class, production())).inspect(check);
        assertThat(check.refusals()).isEmpty();
    }

    @Test
    void theDemoAuditorKeyIsRefused() {
        refusedAlone("shoal.chain.auditor-key", DemoKeys.MARKETPLACE_PRIVATE_KEY, "publicly known");
    }

    @Test
    void anyPublicTestKeyAsLocatorKeyIsRefused() {
        refusedAlone("shoal.market.locator-key", DemoKeys.ANVIL_PRIVATE_KEYS.get(3).substring(2), "publicly known");
    }

    @Test
    void epochsUnderAnHourAreRefused() {
        refusedAlone("shoal.market.epoch", "30s", "under the production minimum of 1h");
        refusedAlone("shoal.market.epoch", "59m", "under the production minimum of 1h");
        assertThat(refusals("shoal.market.epoch", "6h")).isEmpty();
    }

    @Test
    void aMissingAuditSecretIsRefused() {
        Map<String, String> settings = production();
        settings.remove("shoal.market.audit-secret");
        ProductionCheck check = new ProductionCheck();
        new MarketplaceUnsafeSettings(ConfigMappings.load(MarketplaceConfig.class, settings)).inspect(check);
        assertThat(check.refusals()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("shoal.market.audit-secret");
            assertThat(r.message()).contains("SHOAL_MARKET_AUDIT_SECRET").contains("is not set");
        });
    }

    @Test
    void theDevProfilesPublicAuditSecretIsRefused() {
        refusedAlone("shoal.market.audit-secret", MarketplaceUnsafeSettings.LOCAL_AUDIT_SECRET, "public value");
    }

    @Test
    void fundingFromTheDemoCreatorKeyIsRefused() {
        refusedAlone("shoal.settlement.funding", "demo-key", "=creator");
    }

    @Test
    void deployingTestContractsIsRefused() {
        refusedAlone("shoal.chain.contracts.auto-deploy", "true", "=false");
    }

    @Test
    void outboxFaultInjectionIsRefused() {
        refusedAlone("shoal.outbox.fault", "halt-after-send", "=none");
    }
}
