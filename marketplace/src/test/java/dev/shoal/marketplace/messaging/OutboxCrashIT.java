package dev.shoal.marketplace.messaging;

import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.market.DealOffer;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.process.ChildProcess;
import dev.shoal.deploy.process.Ports;
import dev.shoal.deploy.stack.Endpoints;
import dev.shoal.deploy.stack.PostgresComponent;
import dev.shoal.deploy.stack.ServiceSettings;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.deploy.testing.TestDatabases;
import dev.shoal.marketplace.market.SampleContent;
import dev.shoal.marketplace.market.SimulatedAgent;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The packaged marketplace, a real process on the real PostgreSQL, Kafka, Keycloak and anvil, dies between
 * committing deal transitions and publishing them, and again between Kafka's acknowledgement and the
 * outbox's mark. After the last restart every transition is on {@code shoal.events} exactly once.
 *
 * <p>The process gets a database of its own (created for the test and dropped after it, as every IT class's)
 * and a freshly funded auditor key (its contracts are deployed apart from the other tests' and no other process
 * shares its nonces).
 */
class OutboxCrashIT {

    private static final Duration START = Duration.ofSeconds(150);
    private String database;

    @TempDir
    Path work;

    private Endpoints endpoints;
    private ChildProcess marketplace;
    private int port;
    private int runs;

    @BeforeEach
    void freshDatabase() {
        endpoints = RealServices.endpoints();
        database = TestDatabases.create(endpoints, "marketplace_outbox_crash");
    }

    @AfterEach
    void stop() {
        if (marketplace != null && marketplace.isAlive()) {
            marketplace.stop(Duration.ofSeconds(10));
        }
        RestAssured.reset();
        TestDatabases.drop(endpoints, database);
    }

    @Test
    void aMarketplaceKilledBetweenCommitAndPublishLosesNoDealTransitionAndDuplicatesNone() throws Exception {
        String auditor = fundedKey();

        // run 1: deal transitions are committed, then the process is SIGKILLed before any is published
        start(auditor, "hold");
        String creator = token("creator");
        SampleContent content = SampleContent.load("outbox crash " + UUID.randomUUID());
        given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("manifest", content.manifest().toJson(), "origins", List.of("http://127.0.0.1:19999")))
                .when().post("/api/contents").then().statusCode(201);
        String distributor = token("distributor");
        Map<String, SimulatedAgent> agents = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            SimulatedAgent agent = new SimulatedAgent(700 + i, distributor, i % 2 == 0 ? "eu" : "us");
            agent.register().then().statusCode(200);
            agents.put(agent.address(), agent);
        }
        List<String> dealIds = given().auth().oauth2(creator).contentType(ContentType.JSON)
                .body(Map.of("contentId", content.contentId(), "replicas", 5, "epochs", 4, "maxPricePerGbMonth", "432"))
                .when().post("/api/orders").then().statusCode(201).extract().jsonPath().getList("deals.dealId", String.class);
        assertThat(dealIds).hasSize(5);
        for (SimulatedAgent agent : agents.values()) {
            DealOffer offer = agent.work().deals().stream().filter(d -> d.contentId().equals(content.contentId())).findFirst().orElseThrow();
            agent.report(offer.dealId(), "TRANSFERRING").then().statusCode(200).body("state", equalTo("TRANSFERRING"));
        }
        Map<UUID, String> transitions = dealEvents(dealIds);
        assertThat(transitions).hasSize(10);
        assertThat(transitions.values().stream().collect(Collectors.groupingBy(t -> t, Collectors.counting())))
                .containsEntry("DealProposed", 5L).containsEntry("DealTransferStarted", 5L);
        kill();
        assertThat(unpublished(transitions.keySet())).as("held: none published before the kill").isEqualTo(10);

        // run 2: Kafka acknowledges the batch and the process halts before the outbox marks it
        start(auditor, "halt-after-send");
        await("the relay halted after Kafka's acknowledgement").atMost(START).pollInterval(Duration.ofMillis(100))
                .until(() -> !marketplace.isAlive());
        assertThat(unpublished(transitions.keySet())).as("on the topic but not marked").isEqualTo(10);

        // run 3: the relay reads the topic back, marks what it finds, and sends nothing twice
        start(auditor, "none");
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> unpublished(transitions.keySet()), n -> n == 0);

        Map<UUID, Integer> seen = consumeAll(transitions.keySet());
        assertThat(seen.keySet()).as("no transition lost").isEqualTo(transitions.keySet());
        assertThat(seen.values()).as("no transition published twice").containsOnly(1);
        // and the outbox recorded where Kafka stored each one: the copy consumers read
        assertThat(positionsRecorded(transitions.keySet())).isEqualTo(10);
    }

    // --- the marketplace process -------------------------------------------------------------------------

    private void start(String auditorKey, String fault) throws IOException {
        port = freePort();
        Map<String, String> settings = new LinkedHashMap<>(ServiceSettings.marketplace(endpoints));
        ServiceSettings.database(settings, endpoints, database);
        settings.put("shoal.chain.auditor-key", auditorKey);
        settings.put("shoal.settlement.every", "off");
        settings.put("shoal.market.epoch-audits", "false");
        settings.put("shoal.market.heartbeat-timeout", "10m");
        settings.put("shoal.outbox.fault", fault);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=" + Ports.LOOPBACK, "-Dquarkus.http.port=" + port));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(ShoalHome.locate().serviceJar("marketplace").toString());
        Path log = work.resolve("marketplace-" + (++runs) + ".log");
        marketplace = ChildProcess.start("marketplace", command, Files.createDirectories(work.resolve("run")), Map.of(), log);
        RestAssured.baseURI = "http://" + Ports.LOOPBACK;
        RestAssured.port = port;
        if (!fault.equals("halt-after-send")) {
            awaitReady(log);
        }
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                marketplace.requireAlive();
                return http.send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("marketplace not ready in " + START + ":\n" + ChildProcess.tail(log, 40), e);
        }
    }

    private void kill() throws InterruptedException {
        ProcessHandle handle = ProcessHandle.of(marketplace.pid()).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().join();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A new auditor key with ETH from anvil, so this process shares no nonce with the other tests'. */
    private String fundedKey() throws Exception {
        SigningKey key = SigningKey.generate();
        String body = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "anvil_setBalance")
                .put("params", new io.vertx.core.json.JsonArray().add(key.address().toString()).add("0x56BC75E2D63100000")).encode();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoints.chainRpcUrl()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(answer.body()).containsKey("error")).as(answer.body()).isFalse();
        return key.privateKeyHex();
    }

    private String token(String user) {
        return DemoUsers.accessToken(endpoints.issuer(), user);
    }

    // --- what the database and the topic hold ---------------------------------------------------------------

    private Connection database() throws SQLException {
        return DriverManager.getConnection(PostgresComponent.jdbcUrl(endpoints.postgresPort(), database), Endpoints.DB_USER, Endpoints.DB_PASSWORD);
    }

    /** The deal events of these deals in the outbox: event id to type. */
    private Map<UUID, String> dealEvents(List<String> dealIds) throws SQLException {
        Map<UUID, String> events = new HashMap<>();
        try (Connection db = database(); var query = db.prepareStatement(
                "select id, event_type from outbox_event where aggregate_type = 'deal' and aggregate_id = any(?)")) {
            query.setArray(1, db.createArrayOf("text", dealIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    events.put(rows.getObject("id", UUID.class), rows.getString("event_type"));
                }
            }
        }
        return events;
    }

    private int unpublished(Set<UUID> ids) throws SQLException {
        return count("select count(*) from outbox_event where published_at is null and id = any(?)", ids);
    }

    private int positionsRecorded(Set<UUID> ids) throws SQLException {
        return count("select count(*) from outbox_event where kafka_offset is not null and id = any(?)", ids);
    }

    private int count(String sql, Set<UUID> ids) throws SQLException {
        try (Connection db = database(); var query = db.prepareStatement(sql)) {
            query.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Reads shoal.events from the beginning to its end as a fresh consumer: how often each of these ids is there. */
    private Map<UUID, Integer> consumeAll(Set<UUID> ids) {
        Map<UUID, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            String topic = OutboxRelay.TOPIC.topicName();
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await("read " + topic + " to its end").atMost(Duration.ofMinutes(1)).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope event = EventEnvelope.parse(record.value());
                    UUID id = event.id();
                    assertThat(record.key()).isEqualTo(event.key());
                    assertThat(new String(record.headers().lastHeader(EventEnvelope.HEADER_ID).value(), StandardCharsets.UTF_8))
                            .isEqualTo(id.toString());
                    if (ids.contains(id)) {
                        seen.merge(id, 1, Integer::sum);
                    }
                }
                return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return seen;
    }
}
