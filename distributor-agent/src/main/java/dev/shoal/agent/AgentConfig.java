package dev.shoal.agent;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.util.Optional;

/** Every setting of the distributor agent that is ours (Quarkus' own keys stay in application.properties). */
@ConfigMapping(prefix = "shoal")
public interface AgentConfig {

    Agent agent();

    Optional<Marketplace> marketplace();

    interface Agent {
        /** Where the agent keeps segments, its index and its key. */
        Path dataDir();

        /** Readiness fails when the data folder's disk has less free space than this many bytes. */
        long minFreeBytes();
    }

    interface Marketplace {
        /** Base URL of the marketplace this agent registers with; none means a stand-alone agent. */
        String url();
    }
}
