package dev.shoal.agent.store;

import dev.shoal.agent.AgentConfig;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ready when the data folder exists, takes a write, and its disk has room. The agent keeps serving
 * while the marketplace is away, so the marketplace is not a readiness dependency.
 */
@Readiness
@Singleton
public class StoreReadiness implements HealthCheck {

    private final AgentConfig config;

    public StoreReadiness(AgentConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        Path dir = config.agent().dataDir();
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".ready", ".probe");
            Files.delete(probe);
            long free = Files.getFileStore(dir).getUsableSpace();
            return HealthCheckResponse.named("store").status(free >= config.agent().minFreeBytes())
                    .withData("dataDir", dir.toString()).withData("freeBytes", free).build();
        } catch (IOException | RuntimeException e) {
            return HealthCheckResponse.named("store").down()
                    .withData("dataDir", dir.toString()).withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
