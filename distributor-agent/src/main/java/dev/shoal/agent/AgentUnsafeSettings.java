package dev.shoal.agent;

import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.service.production.ProductionCheck;
import dev.shoal.service.production.UnsafeSettings;
import jakarta.inject.Singleton;

import java.nio.file.Files;
import java.nio.file.Path;

/** The agent's settings that belong to the local demo and the tests (refused in production). */
@Singleton
public class AgentUnsafeSettings implements UnsafeSettings {

    private final AgentConfig config;

    public AgentUnsafeSettings(AgentConfig config) {
        this.config = config;
    }

    @Override
    public void inspect(ProductionCheck check) {
        // payouts go to this key's address: one of the public test keys would hand them to anyone
        Path keyFile = AgentRuntime.keyFile(config);
        if (Files.isRegularFile(keyFile)) {
            check.keyFile("shoal.agent.key-file", keyFile.toString(), SigningKey.fromFile(keyFile));
        }
    }
}
