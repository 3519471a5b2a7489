package dev.shoal.marketplace.settlement;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The marketplace as off a local chain: creators fund their orders from their own wallets. */
public class CreatorFundingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("shoal.settlement.funding", "creator");
    }
}
