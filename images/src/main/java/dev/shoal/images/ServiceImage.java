package dev.shoal.images;

/**
 * One service's image: its module (whose target/quarkus-app goes in), its name, the port it listens on, and the
 * native programs it runs besides the JVM (copied from the build machine with the shared libraries they link).
 */
public record ServiceImage(String module, String name, int port, java.util.List<String> programs) {

    public static final java.util.List<ServiceImage> ALL = java.util.List.of(
            // the marketplace transcodes creators' browser uploads (shoal.uploads.ffmpeg, ffprobe beside it)
            new ServiceImage("marketplace", "shoal/marketplace", 8081, java.util.List.of("/usr/bin/ffmpeg", "/usr/bin/ffprobe")),
            new ServiceImage("player-gateway", "shoal/player-gateway", 8082, java.util.List.of()),
            new ServiceImage("distributor-agent", "shoal/distributor-agent", 8090, java.util.List.of()));

    /** The OCI image tarball's file name. */
    public String tarball() {
        return module + ".tar";
    }
}
