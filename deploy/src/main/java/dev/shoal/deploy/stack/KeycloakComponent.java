package dev.shoal.deploy.stack;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.process.ChildProcess;
import dev.shoal.deploy.process.Ports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak 26 in development mode with the {@code shoal} realm imported (roles, clients, demo users;
 * see deploy/README.md). The distribution is unpacked once per checkout under .shoal/dist; each stack
 * keeps its own H2 database file, so stacks never share users or sessions.
 */
public final class KeycloakComponent extends ProcessComponent {

    /** The password of a demo user of the imported realm (local use only). */
    public static String demoPassword(String user) {
        return user + "-demo";
    }

    public static final String VERSION = "26.7.3";
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    private static final String REALM_RESOURCE = "keycloak/shoal-realm.json";

    private int port;

    public KeycloakComponent() {
        super(Duration.ofSeconds(20));
    }

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public synchronized void reservePorts(StackContext context) {
        if (port == 0) {
            port = context.ports().take(name());
        }
    }

    @Override
    public void start(StackContext context) {
        reservePorts(context);
        Path dist = context.home().distDir().resolve("keycloak-" + VERSION);
        Path state = context.dataDir(name());
        // the first start re-augments the shared distribution: one stack at a time may do it
        try (FileChannel channel = FileChannel.open(lockFile(context), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            install(dist, context);
            Files.createDirectories(state);
            process = ChildProcess.start(name(), List.of(dist.resolve("bin/kc.sh").toString(), "start-dev",
                            "--http-host=" + Ports.LOOPBACK, "--http-port=" + port, "--import-realm",
                            "--db=dev-file", "--db-url=jdbc:h2:file:" + state.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE"),
                    dist, Map.of(
                            "JAVA_HOME", context.javaHome().toString(),
                            "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                            "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD),
                    context.log(name()));
            Wait.until("Keycloak", Duration.ofSeconds(240), process, this::healthy);
        } catch (IOException e) {
            throw new LaunchException("cannot prepare Keycloak under " + dist + ": " + e.getMessage(), e);
        }
        context.endpoints().keycloakUrl(url());
    }

    private static Path lockFile(StackContext context) throws IOException {
        Files.createDirectories(context.home().distDir());
        return context.home().distDir().resolve("keycloak.lock");
    }

    /** Unpacks the distribution zip that Maven resolved, once, and puts the realm where --import-realm reads it. */
    private static void install(Path dist, StackContext context) throws IOException {
        if (!Files.isRegularFile(dist.resolve("bin/kc.sh"))) {
            context.say("unpacking Keycloak " + VERSION + " (once per checkout)");
            Path zip = Path.of(Payloads.keycloakZip());
            Path staging = Files.createTempDirectory(context.home().distDir(), "keycloak-unpack");
            unzip(zip, staging);
            deleteTree(dist);
            Files.move(staging.resolve("keycloak-" + VERSION), dist, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(staging);
            try (Stream<Path> scripts = Files.list(dist.resolve("bin"))) {
                scripts.filter(p -> p.toString().endsWith(".sh")).forEach(p -> p.toFile().setExecutable(true));
            }
            context.say("first Keycloak start builds its server: about 30-60 s, once");
        }
        Path realm = dist.resolve("data/import/shoal-realm.json");
        Files.createDirectories(realm.getParent());
        try (InputStream in = KeycloakComponent.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
            if (in == null) {
                throw new LaunchException(REALM_RESOURCE + " is missing from the deploy module");
            }
            Files.copy(in, realm, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new LaunchException("refusing zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Override
    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    /** The realm's OIDC discovery document is served: the realm exists and the server takes requests. */
    @Override
    public HealthProbe probe() {
        return HealthProbe.http(url() + "/realms/" + Endpoints.REALM + "/.well-known/openid-configuration");
    }
}
