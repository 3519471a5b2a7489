package dev.shoal.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the services' OCI image tarballs with Jib, with neither a Docker daemon nor a registry: no base image is
 * pulled. Each image is four layers, the first two shared by all three images: the glibc of Debian's libc6 package
 * as installed on the build machine (the only native dependency of the JVM), a Java runtime linked by jlink from the
 * JDK running the build, the service's dependencies, and the service itself. An image whose service runs native
 * programs (the marketplace: ffmpeg and ffprobe for uploads) has a fifth layer between the runtime and the
 * dependencies: those programs from the build machine and the shared libraries they link (their {@code ldd}
 * closure, glibc excepted). No shell, no package manager; the process runs as user 10001.
 *
 * <p>Arguments: the repository root (where each service's {@code target/quarkus-app} is), the output folder, the version tag.
 */
public final class ServiceImages {

    static final AbsoluteUnixPath JAVA_HOME = AbsoluteUnixPath.get("/opt/java");
    static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/deployments");
    static final String USER = "10001";
    /** Every module a Quarkus service or a library it uses may need; jdk.crypto.ec is part of java.base from JDK 22. */
    static final String MODULES = "java.se,jdk.unsupported,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.crypto.ec,jdk.localedata";
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions READABLE = FilePermissions.fromOctalString("644");
    private static final Instant TIMESTAMP = Instant.EPOCH.plusSeconds(1);

    private final Path root;
    private final Path out;
    private final String version;

    ServiceImages(Path root, Path out, String version) {
        this.root = root;
        this.out = out;
        this.version = version;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ServiceImages ROOT OUTPUT_DIR VERSION");
        }
        new ServiceImages(Path.of(args[0]), Path.of(args[1]), args[2]).buildAll();
    }

    void buildAll() throws Exception {
        Files.createDirectories(out);
        String libcVersion = run(List.of("dpkg-query", "-W", "-f=${Version}", "libc6")).strip();
        Set<String> libcFiles = new HashSet<>();
        FileEntriesLayer libc = libcLayer(libcFiles);
        Path jre = linkRuntime();
        FileEntriesLayer runtime = tree("java-runtime", jre, JAVA_HOME);
        String javaVersion = Runtime.version().toString();
        for (ServiceImage image : ServiceImage.ALL) {
            Path app = root.resolve(image.module()).resolve("target").resolve("quarkus-app");
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(image.module() + " is not built (" + app + " has no quarkus-run.jar)");
            }
            long begin = System.nanoTime();
            JibContainerBuilder builder = Jib.fromScratch()
                    .setFormat(ImageFormat.OCI)
                    .addFileEntriesLayer(libc)
                    .addFileEntriesLayer(runtime);
            Map<String, String> labels = new HashMap<>(Map.of("org.opencontainers.image.title", image.name(),
                    "org.opencontainers.image.version", version,
                    "dev.shoal.base.libc6", libcVersion,
                    "dev.shoal.base.java", javaVersion));
            if (!image.programs().isEmpty()) {
                List<String> missing = image.programs().stream().filter(p -> !Files.isExecutable(Path.of(p))).toList();
                if (missing.isEmpty()) {
                    builder.addFileEntriesLayer(programsLayer(image.programs(), libcFiles));
                    labels.put("dev.shoal.programs", String.join(" ", image.programs()));
                } else {
                    // the service still runs without them and says so where they are needed (an upload is refused with 503)
                    System.out.printf("[images] WARNING %s: %s not installed on this machine (Debian: apt-get install ffmpeg); the image is built without them%n",
                            image.name(), String.join(", ", missing));
                }
            }
            builder
                    .addFileEntriesLayer(tree("dependencies", app.resolve("lib"), APP.resolve("lib")))
                    .addFileEntriesLayer(application(app))
                    .setEnvironment(Map.of("JAVA_HOME", JAVA_HOME.toString(), "HOME", "/tmp",
                            "LANG", "C.UTF-8", "PATH", JAVA_HOME.resolve("bin") + ":/usr/bin:/bin"))
                    .setEntrypoint(JAVA_HOME.resolve("bin/java").toString(), "-XX:MaxRAMPercentage=75.0",
                            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                            "-jar", APP.resolve("quarkus-run.jar").toString())
                    .setWorkingDirectory(APP)
                    .setUser(USER)
                    .setExposedPorts(java.util.Set.of(Port.tcp(image.port())))
                    .setLabels(labels)
                    .setCreationTime(TIMESTAMP);
            Path tarball = out.resolve(image.tarball());
            JibContainer built = builder.containerize(Containerizer
                    .to(TarImage.at(tarball).named(ImageReference.parse(image.name() + ":" + version)))
                    .setBaseImageLayersCache(out.resolve("cache"))
                    .setApplicationLayersCache(out.resolve("cache"))
                    .setOfflineMode(true)
                    .setToolName("shoal-images"));
            System.out.printf("[images] %s:%s %s -> %s (%.1f s)%n", image.name(), version, built.getDigest(), tarball,
                    (System.nanoTime() - begin) / 1e9);
        }
    }

    /** glibc and its loader at the paths the JVM's ELF headers name; the rest of the package (locales, gconv, tools) is left out. */
    private static FileEntriesLayer libcLayer(Set<String> files) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("libc6");
        for (String listed : run(List.of("dpkg-query", "-L", "libc6")).split("\n")) {
            Path file = Path.of(listed.strip());
            boolean sharedObject = file.getFileName() != null && file.getFileName().toString().matches(".*\\.so(\\.[0-9]+)*");
            boolean loader = listed.startsWith("/lib64/") || listed.startsWith("/lib/x86_64-linux-gnu/");
            if (sharedObject && loader && Files.isRegularFile(file)) {
                // a symbolic link becomes a copy of what it points at: Jib's layers hold files and folders only
                layer.addEntry(file.toRealPath(), AbsoluteUnixPath.get(listed.strip()), EXECUTABLE, TIMESTAMP);
                files.add(file.getFileName().toString());
            }
        }
        // the user the process runs as, with a home, and a place for temporary files
        Path etc = Files.createTempDirectory("shoal-image-etc");
        Path passwd = Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\nshoal:x:" + USER + ":0:shoal:/tmp:/sbin/nologin\n");
        Path group = Files.writeString(etc.resolve("group"), "root:x:0:\n");
        Path nsswitch = Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
        layer.addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"), READABLE, TIMESTAMP);
        layer.addEntry(group, AbsoluteUnixPath.get("/etc/group"), READABLE, TIMESTAMP);
        layer.addEntry(nsswitch, AbsoluteUnixPath.get("/etc/nsswitch.conf"), READABLE, TIMESTAMP);
        Path tmp = Files.createDirectories(etc.resolve("tmp"));
        layer.addEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), TIMESTAMP);
        return layer.build();
    }

    /**
     * Native programs and every shared library they load, as {@code ldd} resolves them on the build machine, each at
     * the path {@code ldd} names (a symbolic link becomes a copy of its target), except glibc's own, which the libc6
     * layer holds. The loader searches /lib/x86_64-linux-gnu and /usr/lib/x86_64-linux-gnu by default, so no
     * ld.so.cache is needed.
     */
    private static FileEntriesLayer programsLayer(List<String> programs, Set<String> libcFiles) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("programs");
        Set<String> added = new HashSet<>();
        for (String program : programs) {
            layer.addEntry(Path.of(program).toRealPath(), AbsoluteUnixPath.get(program), EXECUTABLE, TIMESTAMP);
            for (String line : run(List.of("ldd", program)).split("\n")) {
                int arrow = line.indexOf("=> /");
                if (arrow < 0) {
                    continue;
                }
                String library = line.substring(arrow + 3, line.lastIndexOf(" (") > arrow ? line.lastIndexOf(" (") : line.length()).strip();
                Path file = Path.of(library);
                if (!libcFiles.contains(file.getFileName().toString()) && added.add(library)) {
                    layer.addEntry(file.toRealPath(), AbsoluteUnixPath.get(library), EXECUTABLE, TIMESTAMP);
                }
            }
        }
        return layer.build();
    }

    /** A runtime image of the JDK running the build, linked once per output folder (jlink needs a JDK 21+, as the build does). */
    private Path linkRuntime() throws IOException {
        Path jre = out.resolve("java-runtime");
        if (Files.isRegularFile(jre.resolve("release"))) {
            return jre;
        }
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        run(List.of(jlink.toString(), "--add-modules", MODULES, "--include-locales", "en", "--strip-debug", "--no-man-pages",
                "--no-header-files", "--compress", "zip-6", "--output", jre.toString()));
        return jre;
    }

    private static FileEntriesLayer application(Path app) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
        layer.addEntry(app.resolve("quarkus-run.jar"), APP.resolve("quarkus-run.jar"), READABLE, TIMESTAMP);
        addTree(layer, app.resolve("app"), APP.resolve("app"));
        addTree(layer, app.resolve("quarkus"), APP.resolve("quarkus"));
        return layer.build();
    }

    private static FileEntriesLayer tree(String name, Path source, AbsoluteUnixPath target) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        addTree(layer, source, target);
        return layer.build();
    }

    /** Every file and folder under {@code source}, executables kept executable. */
    private static void addTree(FileEntriesLayer.Builder layer, Path source, AbsoluteUnixPath target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted().toList()) {
                AbsoluteUnixPath to = target;
                for (Path part : source.relativize(p)) {
                    if (!part.toString().isEmpty()) {
                        to = to.resolve(part.toString());
                    }
                }
                boolean executable = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || Files.isExecutable(p);
                layer.addEntry(p, to, executable ? EXECUTABLE : READABLE, TIMESTAMP);
            }
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(command.get(0) + " could not run (the images need Debian's dpkg and a JDK's jlink): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
