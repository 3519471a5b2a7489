package dev.shoal.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole demo stack as a person runs it: the packaged shoal CLI brings up PostgreSQL, Kafka,
 * Keycloak, anvil, the marketplace, this gateway and agents; status --json shows all UP; down leaves
 * no process; and a second round works too. It lives in the last module of the reactor because only
 * by this module's integration-test phase has every service jar been built.
 */
class DemoStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The demo publishes its sample video and orders replicas; both agents take a deal and prove it. */
    private static void sampleIsOrderedAndTakenByTheAgents(JsonNode services) throws Exception {
        String keycloak = null;
        String marketplace = null;
        for (JsonNode s : services) {
            if (s.path("name").asText().equals("keycloak")) {
                keycloak = s.path("url").asText();
            } else if (s.path("name").asText().equals("marketplace")) {
                marketplace = s.path("url").asText();
            }
        }
        String token = dev.shoal.deploy.testing.DemoUsers.accessToken(keycloak + "/realms/shoal", "creator");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String orders = marketplace + "/api/orders";
        await("the sample's order with two active replicas").atMost(java.time.Duration.ofSeconds(120))
                .pollInterval(java.time.Duration.ofSeconds(1)).untilAsserted(() -> {
                    JsonNode listed = JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(orders))
                            .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                    assertThat(listed).as("the sample's order").hasSize(1);
                    assertThat(listed.get(0).path("replicas").asInt()).isEqualTo(5);
                    assertThat(listed.get(0).path("activeReplicas").asInt()).as(listed.toString()).isEqualTo(2);
                });
    }

    @Test
    void upStatusDownTwiceInARowLeavesNothingBehind(@TempDir Path state) throws Exception {
        ShoalStack stack = new ShoalStack(state);
        for (int round = 1; round <= 2; round++) {
            ShoalStack.Run up = stack.shoal("up", "--agents", "2");
            assertThat(up.exit()).as("up, round %d:%n%s", round, up.out()).isZero();

            ShoalStack.Run status = stack.shoal("status", "--json");
            assertThat(status.exit()).as(status.out()).isZero();
            JsonNode services = JSON.readTree(status.out()).path("services");
            List<String> names = new ArrayList<>();
            List<ProcessHandle> processes = new ArrayList<>();
            for (JsonNode service : services) {
                names.add(service.path("name").asText());
                assertThat(service.path("state").asText()).as(service.toString()).isEqualTo("UP");
                assertThat(service.path("url").asText()).matches("(http|postgresql|kafka)://127\\.0\\.0\\.1:\\d+");
                ProcessHandle process = ProcessHandle.of(service.path("pid").asLong()).orElseThrow();
                processes.add(process);
                process.descendants().forEach(processes::add);
            }
            assertThat(names).containsExactlyInAnyOrder("postgres", "kafka", "keycloak", "anvil", "marketplace",
                    "player-gateway", "agent-1", "agent-2");

            if (round == 1) {
                sampleIsOrderedAndTakenByTheAgents(services);
            }

            ShoalStack.Run down = stack.shoal("down");
            assertThat(down.exit()).as(down.out()).isZero();
            assertThat(processes).as("processes left after down").noneMatch(ProcessHandle::isAlive);
            ShoalStack.Run after = stack.shoal("status", "--json");
            assertThat(after.exit()).isNotZero();
            assertThat(JSON.readTree(after.out()).path("services")).isEmpty();
        }
    }
}
