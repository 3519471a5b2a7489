package dev.shoal.service.production;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * In the production profile (what {@code java -jar} runs without a profile), refuses to start while any
 * service setting is one of the demo's. Runs before every other start-up observer, so nothing is deployed,
 * signed or served with such a setting.
 */
@Singleton
public class ProductionGuard {

    static final String PRODUCTION_PROFILE = "prod";

    private final Instance<UnsafeSettings> services;

    public ProductionGuard(Instance<UnsafeSettings> services) {
        this.services = services;
    }

    void check(@Observes @Priority(1) StartupEvent event) {
        if (ConfigUtils.isProfileActive(PRODUCTION_PROFILE)) {
            ProductionCheck check = new ProductionCheck();
            services.forEach(service -> service.inspect(check));
            check.enforce();
        }
    }
}
