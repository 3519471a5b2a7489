package dev.shoal.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigInteger;
import java.time.Duration;

/** Every setting of the player gateway that is ours (Quarkus' own keys stay in application.properties). */
@ConfigMapping(prefix = "shoal")
public interface GatewayConfig {

    Chain chain();

    Marketplace marketplace();

    Tips tips();

    Live live();

    /** Live rooms (docs/live.md). */
    interface Live {
        /**
         * How often rooms whose origin fell silent are looked for (they go INTERRUPTED after max(3 segments, 20 s)):
         * the interval of {@code LiveRoomJobs}.
         */
        @WithDefault("5s")
        Duration interruptCheck();

        /** How often ended rooms whose archive preset's order is due are looked for: the interval of {@code RecordingArchiver}. */
        @WithDefault("2s")
        Duration archiveCheck();
    }

    interface Chain {
        /** JSON-RPC URL of the Ethereum node tips are sent through. */
        String rpcUrl();

        /** Readiness fails if the node reports another chain. */
        long chainId();
    }

    interface Marketplace {
        /** Base URL of the marketplace (locator, content registry). */
        String url();
    }

    /** Tips (docs/tips.md). The tip splitter's address and the trusted locator come from the marketplace's /api/chain. */
    interface Tips {
        /** How far from now a serving receipt may have been issued (either side, for clock skew) to count in a tip. */
        @WithDefault("6h")
        Duration receiptWindow();

        /** Most receipts one tip may hand in (a two-hour video in 8 s segments is 900). */
        @WithDefault("4096")
        int maxReceipts();

        /** The largest tip accepted, in wei (100 ether): a guard against a slipped digit, not a limit of the contract. */
        @WithDefault("100000000000000000000")
        BigInteger maxAmountWei();

        /**
         * How long the marketplace's chain directory (contract addresses, locator) is kept before it is asked again:
         * the lifetime of cache {@code chain-directory} (application.properties, where its default is).
         */
        Duration directoryTtl();

        DevWallet devWallet();
    }

    interface DevWallet {
        /**
         * Serve {@code POST /api/dev-wallet/rpc}, a JSON-RPC proxy that lets a browser without a wallet tip from the
         * node's unlocked accounts. Only for a local chain whose accounts are public test keys (the demo's anvil).
         */
        @WithDefault("false")
        boolean enabled();
    }
}
