package dev.shoal.images;

/** One service's image: its module (whose target/quarkus-app goes in), its name and the port it listens on. */
public record ServiceImage(String module, String name, int port) {

    public static final java.util.List<ServiceImage> ALL = java.util.List.of(
            new ServiceImage("marketplace", "shoal/marketplace", 8081),
            new ServiceImage("player-gateway", "shoal/player-gateway", 8082),
            new ServiceImage("distributor-agent", "shoal/distributor-agent", 8090));

    /** The OCI image tarball's file name. */
    public String tarball() {
        return module + ".tar";
    }
}
