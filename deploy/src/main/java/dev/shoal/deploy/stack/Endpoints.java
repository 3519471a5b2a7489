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
    private String auditSecret;

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

    /**
     * The marketplace's audit secret for this stack: drawn once, the first time an instance asks, and the same for
     * every marketplace instance of the stack (they must agree on when each replica is challenged).
     */
    public synchronized String auditSecret() {
        if (auditSecret == null) {
            byte[] bytes = new byte[32];
            new java.security.SecureRandom().nextBytes(bytes);
            auditSecret = java.util.HexFormat.of().formatHex(bytes);
        }
        return auditSecret;
    }

    public String marketplaceUrl() {
        return marketplaceUrl;
    }

    void marketplaceUrl(String url) {
        this.marketplaceUrl = url;
    }

    /** The endpoints as plain strings, to hand across class loaders (see RealServices). */
    public java.util.Map<String, String> toMap() {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        if (postgresPort != null) {
            map.put("postgresPort", postgresPort.toString());
        }
        if (kafkaBootstrap != null) {
            map.put("kafkaBootstrap", kafkaBootstrap);
        }
        if (keycloakUrl != null) {
            map.put("keycloakUrl", keycloakUrl);
        }
        if (chainRpcUrl != null) {
            map.put("chainRpcUrl", chainRpcUrl);
            map.put("chainId", Long.toString(chainId));
        }
        return map;
    }

    public static Endpoints fromMap(java.util.Map<String, String> map) {
        Endpoints e = new Endpoints();
        if (map.containsKey("postgresPort")) {
            e.postgresPort(Integer.parseInt(map.get("postgresPort")));
        }
        e.kafkaBootstrap(map.get("kafkaBootstrap"));
        e.keycloakUrl(map.get("keycloakUrl"));
        if (map.containsKey("chainRpcUrl")) {
            e.chain(map.get("chainRpcUrl"), Long.parseLong(map.get("chainId")));
        }
        return e;
    }
}
