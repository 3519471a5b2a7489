package dev.shoal.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole product as a person runs it, through the packaged {@code shoal} CLI (deploy/target/shoal-deploy.jar)
 * on a state folder of the test's own: PostgreSQL, Kafka, Keycloak, anvil, marketplace, gateway and agents.
 */
public final class ShoalStack {

    public static final Path ROOT = Path.of(System.getProperty("shoal-root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Run(int exit, String out) {
    }

    private final Path state;

    public ShoalStack(Path state) {
        this.state = state;
    }

    public Path state() {
        return state;
    }

    public Run shoal(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dshoal-root=" + ROOT, "-Dshoal-state=" + state, "-jar", ROOT.resolve("deploy/target/shoal-deploy.jar").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(6, TimeUnit.MINUTES)).as("shoal %s finished", String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), out);
    }

    /**
     * {@code shoal up --agents N} on this state folder, then the sample video ACTIVE on all N agents:
     * the start of every test that plays or tips. Returns the content id.
     */
    public String upWithSample(int agents) throws Exception {
        Run up = shoal("up", "--agents", Integer.toString(agents));
        assertThat(up.exit()).as(up.out()).isZero();
        return sampleWithReplicas(agents, java.time.Duration.ofMinutes(4));
    }

    /** {@code shoal down}: everything this stack started stops. */
    public void down() throws Exception {
        Run down = shoal("down");
        assertThat(down.exit()).as(down.out()).isZero();
    }

    /** {@code shoal status --json}'s services. */
    public JsonNode services() throws Exception {
        Run status = shoal("status", "--json");
        assertThat(status.exit()).as(status.out()).isZero();
        return JSON.readTree(status.out()).path("services");
    }

    public JsonNode service(String name) throws Exception {
        for (JsonNode s : services()) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name + " in " + services());
    }

    public String url(String name) throws Exception {
        return service(name).path("url").asText();
    }

    /**
     * The demo's sample video (the creator's only content), once the gateway reports {@code replicas} agents
     * holding it as ACTIVE replicas.
     */
    public String sampleWithReplicas(int replicas, java.time.Duration timeout) throws Exception {
        String gateway = url("player-gateway");
        String marketplace = url("marketplace");
        String token = dev.shoal.deploy.testing.DemoUsers.accessToken(url("keycloak") + "/realms/shoal", "creator");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        AtomicReference<String> contentId = new AtomicReference<>();
        AtomicReference<JsonNode> watch = new AtomicReference<>();
        try {
            await().atMost(timeout).pollInterval(java.time.Duration.ofSeconds(1)).until(() -> {
                if (contentId.get() == null) {
                    JsonNode mine = JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(marketplace + "/api/contents"))
                            .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                    if (mine.isArray() && mine.size() == 1) {
                        contentId.set(mine.get(0).path("contentId").asText());
                    }
                    return false;
                }
                var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway + "/api/watch/" + contentId.get())).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                watch.set(r.statusCode() == 200 ? JSON.readTree(r.body()) : null);
                return watch.get() != null && watch.get().path("replicas").asInt() >= replicas;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the sample never had " + replicas + " active replicas; last: " + watch.get(), e);
        }
        return contentId.get();
    }
}
