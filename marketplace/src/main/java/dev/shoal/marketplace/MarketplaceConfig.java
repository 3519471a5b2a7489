package dev.shoal.marketplace;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Every setting of the marketplace that is ours (Quarkus' own keys stay in application.properties). */
@ConfigMapping(prefix = "shoal")
public interface MarketplaceConfig {

    Chain chain();

    Market market();

    Settlement settlement();

    Outbox outbox();

    Uploads uploads();

    Mirrors mirrors();

    Forks forks();

    /** Ad forks (docs/forks.md). */
    interface Forks {
        /**
         * How long after an agent issued a serving receipt it still counts as ad delivery (either side of the
         * marketplace's clock): a player hands its receipts in as it plays, so an older one is stale or replayed.
         */
        @WithDefault("1h")
        Duration deliveryReceiptMaxAge();
    }

    /** External mirrors creators register for their contents (docs/mirrors.md). */
    interface Mirrors {
        /**
         * Whether a mirror on a loopback address (127.0.0.1, ::1, localhost) is taken: on in the local stack and the
         * tests, where every server is on this machine; off otherwise. Private and link-local addresses are refused
         * either way.
         */
        @WithDefault("false")
        boolean allowLoopback();

        /** How far a registration's signing time may be from the marketplace's clock, either way. */
        @WithDefault("10m")
        Duration freshness();
    }

    /** Videos creators upload on their dashboard: staged on disk, transcoded with ffmpeg, served as their origin. */
    interface Uploads {
        /**
         * Where uploads are staged and their HLS renditions kept (default: shoal-uploads in the temporary folder). With
         * several instances, a folder they all share: any instance takes the next chunk or serves a segment.
         */
        Optional<String> dir();

        /** An unfinished upload (or a failed one) with no byte, progress or step for this long is removed, files and all. */
        @WithDefault("PT24H")
        java.time.Duration abandonAfter();

        /** How often the jobs' holder sweeps uploads (UploadSweep); {@code off} for none. */
        @WithDefault("10m")
        String sweepEvery();

        /** A transcoding that reported no progress for this long (its instance went away) is started again by the jobs' holder. */
        @WithDefault("PT5M")
        java.time.Duration stalledAfter();

        /** The largest video accepted, in bytes (413 payload-too-large above it). */
        @WithDefault("4294967296")
        long maxBytes();

        /** The size of the chunks the page sends; a cut-off upload resumes from the last whole chunk. */
        @WithDefault("4194304")
        int chunkBytes();

        /** ffmpeg to run, ffprobe beside it (default: from the PATH). */
        Optional<String> ffmpeg();

        /** x264's speed/size preset, as shoal publish --preset. */
        @WithDefault("veryfast")
        String preset();

        /**
         * This marketplace's URL as agents reach it: an uploaded content's origin is {@code <public-url>/uploads}
         * (default: the URL the creator's browser used).
         */
        Optional<String> publicUrl();

        /** The player gateway the watch link and the embed code point at. */
        @WithDefault("http://127.0.0.1:8082")
        String gatewayUrl();
    }

    interface Chain {
        /** JSON-RPC URL of the Ethereum node. */
        String rpcUrl();

        /** The chain this marketplace settles on; readiness fails if the node reports another. */
        long chainId();

        /** Hex private key of the auditor role: it settles epochs, assigns repair agents, cancels for creators. */
        String auditorKey();

        /** Blocks an event must be buried under before it is published (0 on a local anvil that mines per transaction). */
        @WithDefault("12")
        int confirmations();

        /** How often chain events are read back. */
        @WithDefault("2s")
        Duration eventPollInterval();

        /** The first block to read events from when no cursor is stored yet. */
        @WithDefault("0")
        long fromBlock();

        Contracts contracts();
    }

    interface Contracts {
        /** Deploy the token, escrow and tip splitter with the auditor key when no address is configured (local chains only). */
        @WithDefault("false")
        boolean autoDeploy();

        /** ERC-20 the escrow is priced in. */
        Optional<String> tokenAddress();

        Optional<String> escrowAddress();

        Optional<String> tipSplitterAddress();

        /** The ad forks' sponsorship contract, which creators' consents name; deployed with auto-deploy when absent. */
        Optional<String> sponsorshipAddress();

        /** How long after an order's last epoch the auditor may still settle before the creator can close it (auto-deploy). */
        @WithDefault("7d")
        Duration settlementGrace();

        /** Initial tip shares in basis points (auto-deploy): creator, serving node, locator; they sum to 10,000. */
        @WithDefault("8000")
        int creatorBps();

        @WithDefault("1500")
        int servingBps();

        @WithDefault("500")
        int locatorBps();
    }

    /** The storage market's clock and limits. Seconds in tests and the demo, a day in production. */
    interface Market {
        /**
         * Length of an audit and settlement epoch (at least 1h in production): a day, so that an epoch of a small content
         * still costs many of sUSD's units (prices round up to the unit per replica-epoch) and is settled, and claimable,
         * daily (docs/economics.md).
         */
        @WithDefault("1d")
        Duration epoch();

        /** An agent whose last heartbeat is older than this is offline: no new deals, not located. */
        @WithDefault("5m")
        Duration heartbeatTimeout();

        /** How long a replica has to answer a challenge. */
        @WithDefault("2m")
        Duration auditDeadline();

        /** How often waiting orders are filled as agents appear. */
        @WithDefault("5s")
        Duration placementInterval();

        /** Hex key this marketplace signs locator tickets with (its address is the locator credited in tips). */
        String locatorKey();

        /**
         * The secret (at least 32 hex digits, i.e. 16 bytes; 64 advised) that decides when in each epoch a replica is
         * challenged: an HMAC of the deal and the epoch under it. Every instance must have the same one, so that any
         * of them issues the same challenge at the same moment; from a secret (environment or file), never drawn per
         * instance. The local stack draws one per stack and gives it to every instance; production refuses none.
         */
        Optional<String> auditSecret();

        /** How long a locator ticket is valid. */
        @WithDefault("30m")
        Duration ticketLifetime();

        /**
         * How long the locator keeps a content's holders and origins before asking the database again (0 turns the
         * cache off). A deal's move on this instance drops them at once and heartbeats refresh them in place; this
         * bounds what another instance's changes can leave out of date.
         */
        @WithDefault("5s")
        Duration locatorCacheTtl();

        /** Whether replicas are audited every epoch (tests that drive agents by hand turn it off). */
        @WithDefault("true")
        boolean epochAudits();

        /** Samples per epoch audit; a replica missing a fraction f of its chunks passes with (1-f)^samples. */
        @WithDefault("40")
        int epochAuditSamples();

        /** A deal not ACTIVE this long after it was proposed is failed and replaced. */
        @WithDefault("10m")
        Duration transferTimeout();

        /**
         * The transfer rate, in bytes per second, that earns an agent the full speed term of its reputation
         * (an agent's rate is its contents' bytes over the time its deals took from PROPOSED to ACTIVE).
         */
        @WithDefault("10485760")
        long referenceTransferRate();
    }

    /** The settlement job: escrow funding, repair hand-over and epoch settlement. */
    interface Settlement {
        /** How often the job runs ("off" disables it: tests drive it by hand). */
        @WithDefault("2s")
        String every();

        /**
         * Who funds a placed order's escrow: {@code demo-key} (the job, with the public demo creator key,
         * minting test tokens to it; local chains only) or {@code creator} (the creator's own wallet signs
         * what {@code GET /api/orders/{id}/funding} returns and reports the transaction).
         */
        @WithDefault("creator")
        Funding funding();

        /** How often the job claims running orders' earnings for their agents (0: only when an order ends). */
        @WithDefault("7d")
        Duration claimEvery();
    }

    /**
     * The outbox relay, which publishes committed events to Kafka topic shoal.events. Like every interval of a
     * scheduled job here, at least a second: the scheduler checks its triggers once a second.
     */
    interface Outbox {
        /** How often waiting events are published (and, after a crash or a failed mark, the topic read back). */
        @WithDefault("1s")
        Duration interval();

        /**
         * Fault injection for the crash tests and the coming churn suite; never set in production.
         * {@code hold}: events stay in the outbox, as if the service died right after committing them;
         * {@code halt-after-send}: the first batch Kafka acknowledges ends the process before it is marked.
         */
        @WithDefault("none")
        Fault fault();

        enum Fault { NONE, HOLD, HALT_AFTER_SEND }
    }

    enum Funding { DEMO_KEY, CREATOR }
}
