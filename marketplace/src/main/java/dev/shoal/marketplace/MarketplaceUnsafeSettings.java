package dev.shoal.marketplace;

import dev.shoal.service.production.ProductionCheck;
import dev.shoal.service.production.UnsafeSettings;
import jakarta.inject.Singleton;

/** The marketplace's settings that belong to the local demo and the tests (refused in production). */
@Singleton
public class MarketplaceUnsafeSettings implements UnsafeSettings {

    /** The audit secret of the dev and test profiles (application.properties): public, so refused in production. */
    public static final String LOCAL_AUDIT_SECRET = "5e11a1d17de5ec4e75ec4e75ec4e75ec4e75ec4e75ec4e75ec4e75ec4e75ec4e";

    private final MarketplaceConfig config;

    public MarketplaceUnsafeSettings(MarketplaceConfig config) {
        this.config = config;
    }

    @Override
    public void inspect(ProductionCheck check) {
        check.privateKey("shoal.chain.auditor-key", config.chain().auditorKey())
                .privateKey("shoal.market.locator-key", config.market().locatorKey())
                .secret("shoal.market.audit-secret", config.market().auditSecret(), LOCAL_AUDIT_SECRET,
                        "every instance must judge replicas at the same secret moments")
                .atLeast("shoal.market.epoch", config.market().epoch(), ProductionCheck.MINIMUM_EPOCH)
                .only("shoal.settlement.funding", config.settlement().funding().name(), MarketplaceConfig.Funding.CREATOR.name(),
                        "orders are funded from the public demo creator key with minted test tokens")
                .off("shoal.chain.contracts.auto-deploy", config.chain().contracts().autoDeploy(),
                        "deploys a test token and new contracts, for local chains only; set the three contract addresses instead")
                .off("shoal.mirrors.allow-loopback", config.mirrors().allowLoopback(),
                        "takes mirrors on 127.0.0.1, which only the local stack may serve")
                .only("shoal.outbox.fault", config.outbox().fault().name(), MarketplaceConfig.Outbox.Fault.NONE.name(),
                        "fault injection for the crash tests");
    }
}
