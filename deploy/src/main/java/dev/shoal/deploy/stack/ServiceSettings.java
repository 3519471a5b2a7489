package dev.shoal.deploy.stack;

import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.deploy.process.Ports;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration a Shoal service gets from the stack it runs in. The demo passes it to the
 * service's JVM as system properties; the test resource hands the same map to Quarkus. One mapping,
 * so tests and demo run the services the same way. It holds the local stack's credentials and public
 * demo keys, and runs a packaged service in the dev profile: in the production profile (no profile) a
 * service refuses them.
 */
public final class ServiceSettings {

    /** Quarkus' profile key; a Quarkus test keeps its own test profile. */
    public static final String PROFILE_KEY = "quarkus.profile";
    /** The profile the local stack runs services in: demo values allowed (the %dev lines of application.properties). */
    public static final String LOCAL_PROFILE = "dev";
    /** The marketplace-dashboard client's secret in the realm the local Keycloak imports (deploy's keycloak/shoal-realm.json). */
    static final String DASHBOARD_CLIENT_SECRET = "marketplace-dashboard-local-secret";
    /** The player-gateway-studio client's secret (the creators' pages of the gateway, /studio/*), in the same realm. */
    static final String STUDIO_CLIENT_SECRET = "player-gateway-studio-local-secret";
    /** The player-gateway client's secret (the gateway's own credential, role gateway), in the same realm. */
    static final String GATEWAY_CLIENT_SECRET = "player-gateway-local-secret";

    private ServiceSettings() {
    }

    public static Map<String, String> marketplace(Endpoints endpoints) {
        Map<String, String> settings = local();
        database(settings, endpoints, "marketplace");
        kafka(settings, endpoints);
        oidc(settings, endpoints);
        chain(settings, endpoints);
        // anvil's public account #9 audits and signs locator tickets: its keys are known, so the chain is the demo's
        settings.put("shoal.chain.auditor-key", DemoKeys.MARKETPLACE_PRIVATE_KEY);
        settings.put("shoal.market.locator-key", DemoKeys.MARKETPLACE_PRIVATE_KEY);
        settings.put("shoal.market.audit-secret", endpoints.auditSecret());
        settings.put("quarkus.oidc.dashboard.credentials.secret", DASHBOARD_CLIENT_SECRET);
        return settings;
    }

    public static Map<String, String> gateway(Endpoints endpoints) {
        Map<String, String> settings = local();
        database(settings, endpoints, "gateway");
        kafka(settings, endpoints);
        oidc(settings, endpoints);
        chain(settings, endpoints);
        settings.put("quarkus.oidc.studio.credentials.secret", STUDIO_CLIENT_SECRET);
        settings.put("quarkus.oidc-client.gateway.credentials.secret", GATEWAY_CLIENT_SECRET);
        if (endpoints.marketplaceUrl() != null) {
            settings.put("shoal.marketplace.url", endpoints.marketplaceUrl());
        }
        if (endpoints.chainRpcUrl() != null) {
            // the stack's chain is its own anvil, whose unlocked accounts are public test keys: viewers without a
            // wallet tip from them through the gateway's dev wallet (never on a real chain)
            settings.put("shoal.tips.dev-wallet.enabled", "true");
        }
        return settings;
    }

    public static Map<String, String> agent(Endpoints endpoints, String dataDir) {
        Map<String, String> settings = local();
        settings.put("shoal.agent.data-dir", dataDir);
        oidc(settings, endpoints);
        if (endpoints.marketplaceUrl() != null) {
            // the agent calls it as its operator, from the login the launcher wrote in its data folder (DemoOperatorLogin)
            settings.put("shoal.marketplace.url", endpoints.marketplaceUrl());
            settings.put("shoal.marketplace.poll-interval", "PT2S");
            settings.put("shoal.marketplace.heartbeat-interval", "PT10S");
        }
        return settings;
    }

    private static Map<String, String> local() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(PROFILE_KEY, LOCAL_PROFILE);
        return settings;
    }

    /** Points the service at {@code database} on the stack's PostgreSQL (a test class's own, say). */
    public static void database(Map<String, String> settings, Endpoints endpoints, String database) {
        if (endpoints.postgresPort() == null) {
            return;
        }
        int port = endpoints.postgresPort();
        settings.put("quarkus.datasource.username", Endpoints.DB_USER);
        settings.put("quarkus.datasource.password", Endpoints.DB_PASSWORD);
        settings.put("quarkus.datasource.reactive.url", "postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database);
        settings.put("quarkus.datasource.jdbc.url", PostgresComponent.jdbcUrl(port, database));
    }

    private static void kafka(Map<String, String> settings, Endpoints endpoints) {
        if (endpoints.kafkaBootstrap() != null) {
            settings.put("kafka.bootstrap.servers", endpoints.kafkaBootstrap());
        }
    }

    private static void oidc(Map<String, String> settings, Endpoints endpoints) {
        if (endpoints.issuer() != null) {
            settings.put("quarkus.oidc.auth-server-url", endpoints.issuer());
        }
    }

    private static void chain(Map<String, String> settings, Endpoints endpoints) {
        if (endpoints.chainRpcUrl() != null) {
            settings.put("shoal.chain.rpc-url", endpoints.chainRpcUrl());
            settings.put("shoal.chain.chain-id", Long.toString(endpoints.chainId()));
        }
    }
}
