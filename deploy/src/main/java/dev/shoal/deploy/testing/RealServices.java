package dev.shoal.deploy.testing;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.stack.Endpoints;
import dev.shoal.deploy.stack.ServiceSettings;
import dev.shoal.deploy.stack.Stack;
import dev.shoal.deploy.stack.StackContext;
import dev.shoal.deploy.stack.Stacks;
import dev.shoal.deploy.stack.Stacks.Infrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gives a Quarkus test the real PostgreSQL, Kafka, Keycloak and anvil, started by the same launcher
 * code as {@code ./shoal demo}, once per test JVM (not once per test class), and stopped when the JVM
 * exits. Each test class gets a database of its own on that PostgreSQL (an agent: a data folder of its own),
 * created when its application starts and dropped when it stops, so no class sees the agents, orders or chain
 * journal another one left (the marketplace journals its contract deployments there too, so each class also
 * deploys its own escrow).
 * Use it restricted to the class, so that Quarkus starts the application anew for each class:
 * {@code @WithTestResource(value = RealServices.class, scope = TestResourceScope.RESTRICTED_TO_CLASS,
 * initArgs = @ResourceArg(name = "service", value = "marketplace"))}.
 *
 * <p>Init args: {@code service} (marketplace, gateway or agent: which settings to hand Quarkus) and
 * optionally {@code needs} (comma-separated infrastructure, default: all four).
 */
public class RealServices implements QuarkusTestResourceLifecycleManager {

    private static final Object LOCK = new Object();
    private static Stack stack;
    private static Set<Infrastructure> running = EnumSet.noneOf(Infrastructure.class);

    private String service = "marketplace";
    private Set<Infrastructure> needs = EnumSet.allOf(Infrastructure.class);
    private Endpoints endpoints;
    private String database;
    private Path classDir;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
        String listed = initArgs.get("needs");
        if (listed != null && !listed.isBlank()) {
            needs = Arrays.stream(listed.split(","))
                    .map(s -> Infrastructure.valueOf(s.trim().toUpperCase(Locale.ROOT)))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Infrastructure.class)));
        }
    }

    @Override
    public Map<String, String> start() {
        endpoints = ensureStarted(needs);
        Map<String, String> settings = new java.util.LinkedHashMap<>(switch (service) {
            case "marketplace" -> ServiceSettings.marketplace(endpoints);
            case "gateway" -> ServiceSettings.gateway(endpoints);
            case "agent" -> ServiceSettings.agent(endpoints, agentStore().toString());
            default -> throw new IllegalArgumentException("unknown service for RealServices: " + service);
        });
        // the application under test runs in Quarkus' test profile, not in the launcher's
        settings.remove(ServiceSettings.PROFILE_KEY);
        if (endpoints.postgresPort() != null && !service.equals("agent")) {
            database = TestDatabases.create(endpoints, service + "_it");
            ServiceSettings.database(settings, endpoints, database);
        }
        return settings;
    }

    @Override
    public void stop() {
        // the stack outlives each test class (the JVM shutdown hook stops it); the class's database does not
        if (database != null) {
            TestDatabases.drop(endpoints, database);
            database = null;
        }
        if (classDir != null) {
            TestStacks.deleteQuietly(classDir);
            classDir = null;
        }
    }

    /** The agent's data folder, one per test class: no class finds the segments another one stored. */
    private Path agentStore() {
        classDir = testStateDir().resolve("classes").resolve(java.util.UUID.randomUUID().toString());
        return classDir.resolve("agent-store");
    }

    /** Starts the infrastructure this JVM needs, once, and returns where it answers. */
    public static Endpoints ensureStarted(Set<Infrastructure> wanted) {
        synchronized (LOCK) {
            if (stack != null && running.containsAll(wanted)) {
                return stack.context().endpoints();
            }
            Endpoints shared = startedByAnotherLoader(wanted);
            if (shared != null) {
                return shared;
            }
            if (stack != null) {
                throw new LaunchException("this test JVM already runs " + running + "; ask for all of " + wanted
                        + " in the first test resource instead");
            }
            ShoalHome home = ShoalHome.locate();
            TestStacks.reapStale(home);
            StackContext context = Stacks.context(home, testStateDir(), null, message -> System.out.println("[real-services] " + message));
            Stack created = Stacks.infrastructure(context, wanted);
            long begin = System.nanoTime();
            created.start();
            System.out.printf("[real-services] %s up in %.1f s%n", wanted, (System.nanoTime() - begin) / 1e9);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                created.stop();
                TestStacks.deleteQuietly(created.context().stateDir());
            }, "real-services-stop"));
            stack = created;
            running = EnumSet.copyOf(wanted);
            publish(created.context().endpoints(), running);
            return created.context().endpoints();
        }
    }

    // A Quarkus test profile restarts the application in a new class loader, with a fresh copy of this
    // class: the stack this JVM runs is announced in system properties, which every copy sees.
    private static final String SHARED = "shoal-real-services.";

    private static void publish(Endpoints endpoints, Set<Infrastructure> running) {
        endpoints.toMap().forEach((key, value) -> System.setProperty(SHARED + key, value));
        System.setProperty(SHARED + "running", running.stream().map(Enum::name).collect(Collectors.joining(",")));
    }

    private static Endpoints startedByAnotherLoader(Set<Infrastructure> wanted) {
        String announced = System.getProperty(SHARED + "running");
        if (announced == null) {
            return null;
        }
        Set<Infrastructure> there = Arrays.stream(announced.split(",")).map(Infrastructure::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Infrastructure.class)));
        if (!there.containsAll(wanted)) {
            throw new LaunchException("this test JVM already runs " + there + "; ask for all of " + wanted
                    + " in the first test resource instead");
        }
        java.util.Map<String, String> map = new java.util.HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(SHARED))
                .forEach(k -> map.put(k.substring(SHARED.length()), System.getProperty(k)));
        return Endpoints.fromMap(map);
    }

    /** Where the infrastructure of this JVM answers; starts all of it if nothing runs yet. */
    public static Endpoints endpoints() {
        synchronized (LOCK) {
            if (stack != null) {
                return stack.context().endpoints();
            }
            Endpoints shared = startedByAnotherLoader(EnumSet.noneOf(Infrastructure.class));
            return shared != null ? shared : ensureStarted(EnumSet.allOf(Infrastructure.class));
        }
    }

    static Path testStateDir() {
        return ShoalHome.locate().root().resolve(".shoal").resolve("tests").resolve(Long.toString(ProcessHandle.current().pid()));
    }
}
