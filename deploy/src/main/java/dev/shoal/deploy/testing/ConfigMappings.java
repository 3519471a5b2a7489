package dev.shoal.deploy.testing;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.util.Map;

/** A service's {@code @ConfigMapping} read from given keys, as Quarkus reads it, without starting Quarkus: for fast tests. */
public final class ConfigMappings {

    private ConfigMappings() {
    }

    public static <T> T load(Class<T> mapping, Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(mapping)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(settings, "test settings", 100))
                .withValidateUnknown(false)
                .build();
        return config.getConfigMapping(mapping);
    }
}
