package dev.shoal.deploy.stack;

/**
 * Where the infrastructure of one stack answers. Filled in as components start; the services and the
 * test resource derive their configuration from it ({@link ServiceSettings}).
 */
public final class Endpoints {

    public static final String DB_USER = "shoal";
    public static final String DB_PASSWORD = "shoal";
    public static final String REALM = "shoal";

    private volatile Integer postgresPort;
    private volatile String kafkaBootstrap;
    private volatile String keycloakUrl;
    private volatile String chainRpcUrl;
    private volatile long chainId;
    private volatile String marketplaceUrl;

    public Integer postgresPort() {
        return postgresPort;
    }

    void postgresPort(int port) {
        this.postgresPort = port;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    void kafkaBootstrap(String bootstrap) {
        this.kafkaBootstrap = bootstrap;
    }

    public String keycloakUrl() {
        return keycloakUrl;
    }

    void keycloakUrl(String url) {
        this.keycloakUrl = url;
    }

    /** The OIDC issuer of the shoal realm. */
    public String issuer() {
        return keycloakUrl == null ? null : keycloakUrl + "/realms/" + REALM;
    }

    public String chainRpcUrl() {
        return chainRpcUrl;
    }

    public long chainId() {
        return chainId;
    }

    void chain(String rpcUrl, long id) {
        this.chainRpcUrl = rpcUrl;
        this.chainId = id;
    }

    public String marketplaceUrl() {
        return marketplaceUrl;
    }

    void marketplaceUrl(String url) {
        this.marketplaceUrl = url;
    }
}
