package dev.shoal.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s, rendered by kustomize (kubectl's) for each overlay with the realm import generated beside it, passes
 * yamllint, the schema validator (deploy/src/test/js/validate-k8s.mjs) and the typed models' unknown-field check
 * ({@link UnknownFields}), offline; a manifest with a wrong field does not.
 */
class KubernetesManifestsTests {

    private static final Path ROOT = Path.of(System.getProperty("shoal-root", ".."));
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    record Run(int exit, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), output);
    }

    /** kustomize's output per overlay, rendered once for all tests. */
    private static final java.util.Map<String, String> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    private Path render(String overlay) throws Exception {
        String yaml = RENDERED.get(overlay);
        if (yaml == null) {
            Run rendered = run(List.of("kubectl", "kustomize", K8S.resolve("overlays").resolve(overlay).toString()));
            assertThat(rendered.exit()).as(rendered.output()).isZero();
            yaml = rendered.output();
            RENDERED.put(overlay, yaml);
        }
        return Files.writeString(work.resolve(overlay + ".yaml"), yaml);
    }

    private Run validate(Path... files) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", ROOT.resolve("deploy/src/test/js/validate-k8s.mjs").toString(),
                ROOT.resolve("tools/node_modules").toString()));
        for (Path f : files) {
            command.add(f.toString());
        }
        return run(command);
    }

    @Test
    void theManifestSourcesPassYamllint() throws Exception {
        Run lint = run(List.of("yamllint", "--strict", "-c", K8S.resolve(".yamllint").toString(), K8S.toString()));
        assertThat(lint.exit()).as(lint.output()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "local"})
    void eachOverlayAndItsRealmImportPassTheValidator(String overlay) throws Exception {
        Path manifests = render(overlay);
        Path realm = Files.writeString(work.resolve("realm.json"), RealmImport.render(overlay.equals("local"), "https://market.shoal.example"));
        Run valid = validate(manifests, realm);
        assertThat(valid.exit()).as(valid.output()).isZero();
        assertThat(valid.output()).contains("0 problems");
        assertThat(UnknownFields.in(Files.readString(manifests))).isEmpty();
        String yaml = Files.readString(manifests);
        assertThat(yaml).contains("kind: Cluster", "kind: Kafka\n", "kind: KafkaNodePool", "name: shoal.events", "name: shoal.live",
                "kind: Keycloak\n", "kind: Gateway\n", "kind: HTTPRoute", "kind: DestinationRule", "kind: PodDisruptionBudget",
                "path: /q/health/live", "path: /q/health/ready");
    }

    @Test
    void theTrackerIsHashedOnTheQueryParameterThePlayerSends() throws Exception {
        String yaml = Files.readString(render("production"));
        assertThat(yaml).contains("httpQueryParameterName: content");
        assertThat(Files.readString(ROOT.resolve("player-gateway/src/main/web/player.js")))
                .contains("tracker.searchParams.set(\"content\", swarm)"); // a fork's viewers join its original's swarm
    }

    @Test
    void everyMarketplaceReplicaKeepsUploadsOnOneSharedVolume() throws Exception {
        String yaml = Files.readString(render("production"));
        // one ReadWriteMany claim, mounted where SHOAL_UPLOADS_DIR points, so any replica takes any chunk of an upload
        assertThat(yaml).containsPattern("name: SHOAL_UPLOADS_DIR\\s+value: /var/lib/shoal/uploads")
                .containsPattern("mountPath: /var/lib/shoal/uploads\\s+name: uploads")
                .containsPattern("name: uploads\\s+persistentVolumeClaim:\\s+claimName: marketplace-uploads")
                .containsPattern("accessModes:\\s+- ReadWriteMany")
                .contains("kind: PersistentVolumeClaim");
    }

    @Test
    void aWrongFieldFailsTheValidator() throws Exception {
        String yaml = Files.readString(render("production"));
        Path wrongType = Files.writeString(work.resolve("wrong-type.yaml"), yaml.replaceFirst("replicas: 2", "replicas: two"));
        Run typed = validate(wrongType);
        assertThat(typed.exit()).isNotZero();
        assertThat(typed.output()).contains("INVALID Deployment/").contains("replicas must be integer");

        Path wrongEnum = Files.writeString(work.resolve("wrong-enum.yaml"), yaml.replace("type: PathPrefix", "type: Prefix"));
        Run route = validate(wrongEnum);
        assertThat(route.exit()).isNotZero();
        assertThat(route.output()).contains("INVALID HTTPRoute/").contains("path/type must be equal to one of the allowed values");

        assertThat(UnknownFields.in(yaml.replaceFirst("periodSeconds: 2", "periodSecs: 2")))
                .singleElement().asString().contains("Deployment/").contains("startupProbe: unknown field(s) [periodSecs]");
        assertThat(UnknownFields.in(yaml.replaceFirst("partitions: 12", "partitons: 12")))
                .singleElement().asString().contains("KafkaTopic/").contains("unknown field(s) [partitons]");
        assertThat(UnknownFields.in(yaml.replaceFirst("hostnames:", "hostname:")))
                .anySatisfy(p -> assertThat(p).contains("HTTPRoute/").contains("unknown field(s) [hostname]"));

        Path unknownKind = Files.writeString(work.resolve("unknown.yaml"), yaml.replace("kind: HorizontalPodAutoscaler", "kind: HorizontalPodScaler"));
        assertThat(validate(unknownKind).output()).contains("no schema for this apiVersion and kind");
    }

    @Test
    void theProductionRealmIsTheLocalRealmWithoutItsDemoUsersAndSecrets() throws Exception {
        ObjectNode local = RealmImport.localRealm();
        JsonNode production = JSON.readTree(RealmImport.render(false, "https://market.example")).path("spec");
        JsonNode realm = production.path("realm");
        // no demo user: only the gateway's service account, with its one role
        assertThat(realm.path("users").findValuesAsText("username")).containsExactly("service-account-player-gateway");
        assertThat(realm.path("users").path(0).path("realmRoles")).hasSize(1).first().extracting(JsonNode::asText).isEqualTo("gateway");
        assertThat(realm.path("users").path(0).has("credentials")).isFalse();
        assertThat(realm.path("realm").asText()).isEqualTo(local.path("realm").asText());
        assertThat(realm.path("roles")).isEqualTo(local.path("roles"));
        assertThat(realm.path("clients").findValuesAsText("clientId")).isEqualTo(local.path("clients").findValuesAsText("clientId"));
        assertThat(realm.toString()).doesNotContain("local-secret").doesNotContain("127.0.0.1:");
        assertThat(production.path("placeholders").path("MARKETPLACE_DASHBOARD_CLIENT_SECRET").path("secret").path("key").asText())
                .isEqualTo("marketplace-dashboard");
        JsonNode dashboard = realm.path("clients").findParents("clientId").stream()
                .filter(c -> c.path("clientId").asText().equals("marketplace-dashboard")).findFirst().orElseThrow();
        assertThat(dashboard.path("redirectUris").get(0).asText()).isEqualTo("https://market.example/dashboard/*");

        JsonNode demo = JSON.readTree(RealmImport.render(true, "unused")).path("spec").path("realm");
        assertThat(demo).isEqualTo(local);
    }
}
