package dev.shoal.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the distributor agent that is ours (Quarkus' own keys stay in application.properties). */
@ConfigMapping(prefix = "shoal")
public interface AgentConfig {

    Agent agent();

    Marketplace marketplace();

    interface Agent {
        /** Where the agent keeps segments, its index, manifests, pins and its key. */
        Path dataDir();

        /** Readiness fails when the data folder's disk has less free space than this many bytes. */
        long minFreeBytes();

        /**
         * The store's quota (50GB, 500MiB, bytes) when the data folder has none yet; a quota set at run time
         * ({@code distributor-agent quota}) is kept in {@code DATA/quota} and wins over this.
         */
        @WithDefault("10GB")
        String quota();

        /** Unpinned segments nobody requested for this long are removed. */
        @WithDefault("P30D")
        Duration idleExpiry();

        /** Hash every segment at start, not only those whose size or time differ from the index. */
        @WithDefault("false")
        boolean verifyOnStart();

        /** The largest segment accepted from a source or an upload; one byte more and it is refused. */
        @WithDefault("67108864")
        long maxSegmentBytes();

        /** Base URL other agents and players reach this agent at (registered with the marketplace). */
        Optional<String> publicUrl();

        /** What the agent asks per GB-month: its operator's costs and margin, or an ask set outright (docs/economics.md). */
        Ask ask();

        /** Free-text region for placement diversity, e.g. eu-west. */
        @WithDefault("local")
        String region();

        /** The agent's secp256k1 key (hex); created with a fresh key if missing. Default: DATA/agent.key. */
        Optional<Path> keyFile();

        /** Concurrent requests of one fetch, over all its sources: 1..8. */
        @WithDefault("8")
        int fetchConcurrency();

        /** Byte-range size when a large segment is split across sources. */
        @WithDefault("524288")
        int fetchPartBytes();

        /** This agent as the origin of its creator's live rooms (docs/live.md). */
        Live live();
    }

    interface Ask {
        /** The ask per GB-month in sUSD (e.g. 0.0009), set outright; unset: from the cost model below. */
        Optional<String> perGbMonth();

        /** Price of one TB of disk in USD. */
        @WithDefault("15")
        java.math.BigDecimal diskUsdPerTb();

        /** Months the disk lasts (its price is spread over them). */
        @WithDefault("36")
        int diskLifetimeMonths();

        /** Power the disks draw per TB stored, in watts. */
        @WithDefault("0.4")
        java.math.BigDecimal wattsPerTb();

        /** Electricity price per kWh in USD. */
        @WithDefault("0.15")
        java.math.BigDecimal usdPerKwh();

        /** GB sent per stored GB and month: audits, repairs of other replicas, serving viewers. */
        @WithDefault("0.2")
        java.math.BigDecimal gbSentPerGbMonth();

        /** Price of sending one GB in USD (a flat-rate home line: its monthly price over what it sends). */
        @WithDefault("0.001")
        java.math.BigDecimal usdPerGbSent();

        /** Margin over cost, 0.3 = 30%. */
        @WithDefault("0.3")
        java.math.BigDecimal margin();
    }

    interface Live {
        /** The creator's secp256k1 key (64 hex digits) announcements are signed with; no rooms without it. */
        Optional<Path> creatorKeyFile();

        /** Renditions one room may have. */
        @WithDefault("8")
        int maxRenditions();

        /** A playlist larger than this is refused. */
        @WithDefault("262144")
        int maxPlaylistBytes();

        /** Segments uploaded but not yet named by a playlist, per room. */
        @WithDefault("32")
        int maxUploadedSegments();

        /** Silence after which another encoder session may start pushing to a room. */
        @WithDefault("PT30S")
        Duration takeoverAfter();

        /**
         * Relay other creators' live rooms: follow the LIVE rooms of {@link #relayGateway()}, fetch their newest segments
         * from the origin or other relays, and serve them (docs/live.md, "Relay agents").
         */
        @WithDefault("false")
        boolean relay();

        /** The gateway whose live rooms this agent relays (needed with {@code relay=true}). */
        Optional<String> relayGateway();

        /** Rooms relayed at once, at most. */
        @WithDefault("8")
        int relayMaxRooms();

        /**
         * The capacity of the uplink this agent relays over, in Mbit/s (megabits per second; a home line's upload, say):
         * its claims report it with what it measured it uploads, and the gateway ranks relays by the one over the other.
         */
        @WithDefault("20")
        int relayUplinkMbps();
    }

    /**
     * The marketplace link. The agent calls it as its operator, whose login ({@code distributor-agent login}, a refresh
     * token in {@code DATA/operator-login.json}) the agent keeps instead of a password; agents of one operator count as one.
     */
    interface Marketplace {
        /** Base URL of the marketplace this agent registers with; none means a stand-alone agent. */
        Optional<String> url();

        @WithDefault("PT30S")
        Duration heartbeatInterval();

        /** How often the agent asks for deals and audits. */
        @WithDefault("PT10S")
        Duration pollInterval();
    }
}
