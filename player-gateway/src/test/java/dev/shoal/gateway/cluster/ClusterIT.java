package dev.shoal.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.event.EventEnvelope;
import dev.shoal.contracts.event.Topic;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.deploy.ShoalHome;
import dev.shoal.deploy.demo.SegmentOrigin;
import dev.shoal.deploy.process.Probe;
import dev.shoal.deploy.stack.BalancerComponent;
import dev.shoal.deploy.stack.Component;
import dev.shoal.deploy.stack.Endpoints;
import dev.shoal.deploy.stack.PostgresComponent;
import dev.shoal.deploy.stack.ServiceComponent;
import dev.shoal.deploy.stack.Stack;
import dev.shoal.deploy.stack.StackContext;
import dev.shoal.deploy.stack.Stacks;
import dev.shoal.deploy.stack.Stacks.Infrastructure;
import dev.shoal.deploy.testing.DemoUsers;
import dev.shoal.deploy.testing.RealServices;
import dev.shoal.deploy.testing.TestDatabases;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two marketplaces and two gateways behind HAProxy (the launcher's cluster, as {@code ./shoal up --instances 2} runs
 * it) on the real PostgreSQL, Kafka, Keycloak and anvil, with five real distributor agents. An order is placed,
 * audited every epoch and settled to its end while the marketplace holding the jobs' lease is SIGKILLed mid-epoch,
 * restarted, and then the other one is. Then: every replica audited exactly once in each epoch (no gap, no double),
 * every transaction of the auditor key journaled and mined (none twice, no nonce error), every event on Kafka exactly
 * once; and the tracker: two viewers of one content meet on one gateway, and a viewer of a killed gateway gets
 * through the balancer to the other.
 */
class ClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EPOCH = Duration.ofSeconds(20);
    private static final int EPOCHS = 8;
    private static final int REPLICAS = 5;
    private static final String AUDITOR = SigningKey.fromHex(DemoKeys.MARKETPLACE_PRIVATE_KEY).address().toString().toLowerCase(Locale.ROOT);

    private static Endpoints infra;
    private static String marketplaceDb;
    private static String gatewayDb;
    private static Stack cluster;
    private static SegmentOrigin origin;
    /** The auditor key's transactions on the chain before this cluster's marketplaces deployed their contracts. */
    private static long auditorNoncesBefore;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startCluster() throws Exception {
        infra = RealServices.ensureStarted(EnumSet.allOf(Infrastructure.class));
        marketplaceDb = TestDatabases.create(infra, "cluster_mp");
        gatewayDb = TestDatabases.create(infra, "cluster_gw");
        Path state = Files.createTempDirectory("shoal-cluster-it");
        StackContext context = Stacks.context(ShoalHome.locate(), state, null, m -> System.out.println("[cluster] " + m));
        auditorNoncesBefore = transactionCount(AUDITOR);
        cluster = Stacks.cluster(context, infra, 2, REPLICAS, marketplaceDb, Map.of(
                "shoal.market.epoch", EPOCH.toSeconds() + "s",
                "shoal.market.audit-deadline", "8s",
                "shoal.market.heartbeat-timeout", "60s",
                "shoal.settlement.every", "3s"), gatewayDb);
        cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
        if (origin != null) {
            origin.close();
        }
        if (marketplaceDb != null) {
            TestDatabases.drop(infra, marketplaceDb);
            TestDatabases.drop(infra, gatewayDb);
        }
    }

    private static Component component(String name) {
        return cluster.components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static ServiceComponent instance(String name) {
        return (ServiceComponent) component(name);
    }

    /** Which marketplace instance holds the jobs' lease now, from each instance's liveness data. */
    private static Optional<String> leaseHolder() {
        for (String name : List.of("marketplace-1", "marketplace-2")) {
            Optional<Boolean> holder = Probe.get(instance(name).url() + "/q/health/live").map(r -> {
                try {
                    for (JsonNode check : JSON.readTree(r.body()).path("checks")) {
                        if (check.path("name").asText().equals("jobs-lease")) {
                            return check.path("data").path("holder").asBoolean();
                        }
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
            if (holder.orElse(false)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** SIGKILL, then wait for the other instance to take the lease, then start the killed one again on its address. */
    private static void killHolderAndRestart() {
        String holder = await().atMost(Duration.ofSeconds(30)).until(ClusterIT::leaseHolder, Optional::isPresent).orElseThrow();
        ServiceComponent killed = instance(holder);
        ProcessHandle process = ProcessHandle.of(killed.pid().orElseThrow()).orElseThrow();
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no lease released, the session dies with the socket
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
        String other = holder.equals("marketplace-1") ? "marketplace-2" : "marketplace-1";
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> leaseHolder().equals(Optional.of(other)));
        killed.start(cluster.context());
    }

    private static String creator() {
        return DemoUsers.accessToken(infra.issuer(), "creator");
    }

    private static HttpResponse<String> send(String method, String url, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOrderIsAuditedAndSettledExactlyOnceWhileEachMarketplaceIsKilledInTurnAndTheTrackerMeetsOnOneGateway() throws Exception {
        String marketplace = component("marketplace").url();
        String gateway = component("player-gateway").url();

        // a real HLS content, ordered in five replicas (the fewest an order takes) for eight short epochs, through the marketplace's balancer
        SigningKey creatorKey = DemoKeys.creator();
        HlsFolder folder = HlsFolder.open(Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts"));
        SignedManifest manifest = ManifestBuilder.build(folder, "cluster " + UUID.randomUUID(), creatorKey.address()).sign(creatorKey);
        origin = SegmentOrigin.serve(SegmentOrigin.segmentsOf(folder), 0);
        String contentId = manifest.contentId().hex();
        assertThat(send("POST", marketplace + "/api/contents", creator(),
                Map.of("manifest", manifest.toJson(), "origins", List.of(origin.url()))).statusCode()).isEqualTo(201);
        HttpResponse<String> placed = send("POST", marketplace + "/api/orders", creator(), Map.of("contentId", contentId,
                "replicas", REPLICAS, "epochs", EPOCHS, "maxPricePerGbMonth", "129600000000000000"));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String orderId = JSON.readTree(placed.body()).path("id").asText();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                JSON.readTree(send("GET", marketplace + "/api/orders/" + orderId, creator(), null).body()).path("activeReplicas").asInt() == REPLICAS);

        // the tracker: two viewers of one content land on the same gateway instance, whichever order they come in
        String first = trackerInstance(gateway, contentId);
        String second = trackerInstance(gateway, contentId);
        assertThat(first).startsWith("player-gateway-").isEqualTo(second);

        // one epoch in, the lease holder dies mid-epoch; it comes back; an epoch later the other one dies
        long killedFirstAt = epochNow();
        waitMillis(EPOCH.toMillis() / 2);
        killHolderAndRestart();
        await().atMost(Duration.ofMinutes(2)).until(() -> epochNow() >= killedFirstAt + 2);
        waitMillis(EPOCH.toMillis() / 3);
        long killedSecondAt = epochNow();
        killHolderAndRestart();

        // a tracker viewer of the killed gateway: SIGKILL the content's gateway, the next connection gets the other one
        ServiceComponent trackerGateway = instance(first);
        ProcessHandle.of(trackerGateway.pid().orElseThrow()).orElseThrow().destroyForcibly();
        String survivor = first.equals("player-gateway-1") ? "player-gateway-2" : "player-gateway-1";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> trackerInstance(gateway, contentId).equals(survivor));

        // the order runs to its end: every epoch settled on chain, the order paid out
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).until(() -> query(
                "select count(*) from order_escrow where order_id = '" + orderId + "' and settled_epochs = epochs and paid_out_at is not null",
                rs -> rs.getLong(1)).get(0) == 1);

        // every ACTIVE replica was audited in every epoch of its life, once: no epoch skipped over a failover
        List<UUID> deals = query("select distinct deal_id from audit where kind = 'EPOCH'", rs -> rs.getObject(1, UUID.class));
        assertThat(deals).hasSizeGreaterThanOrEqualTo(REPLICAS);
        for (UUID deal : deals) {
            List<Long> epochs = query("select epoch from audit where kind = 'EPOCH' and deal_id = '" + deal + "' order by epoch",
                    rs -> rs.getLong(1));
            assertThat(new TreeSet<>(epochs)).as("deal %s: one audit per epoch", deal).hasSameSizeAs(epochs);
            assertThat(epochs.get(epochs.size() - 1) - epochs.get(0) + 1).as("deal %s: no epoch without its audit: %s", deal, epochs)
                    .isEqualTo(epochs.size());
            assertThat(epochs.get(0)).as("deal %s audited before the first kill", deal).isLessThanOrEqualTo(killedFirstAt);
            assertThat(epochs.get(epochs.size() - 1)).as("deal %s audited after the second kill", deal).isGreaterThan(killedSecondAt);
        }
        List<String> judged = query("select outcome from audit where kind = 'EPOCH' and outcome <> 'PASSED' and outcome <> 'PENDING'",
                rs -> rs.getString(1));
        assertThat(judged).as("no replica failed or missed an audit").isEmpty();

        // the auditor key: every transaction it sent is journaled once and mined; none failed (no nonce error)
        List<String> statuses = query("select status || ' ' || coalesce(error, '') from chain_transaction where sender = '" + AUDITOR + "'",
                rs -> rs.getString(1));
        assertThat(statuses).isNotEmpty().allMatch(s -> s.startsWith("CONFIRMED"), "CONFIRMED");
        assertThat(query("select count(*) from chain_transaction where sender = '" + AUDITOR + "'", rs -> rs.getLong(1)).get(0))
                .as("the chain counts exactly the auditor's journaled transactions: none sent twice")
                .isEqualTo(transactionCount(AUDITOR) - auditorNoncesBefore);
        assertThat(query("select count(*) - count(distinct idempotency_key) from settlement_batch", rs -> rs.getLong(1)).get(0)).isZero();
        assertThat(query("select count(*) from settlement_batch where status <> 'CONFIRMED'", rs -> rs.getLong(1)).get(0)).isZero();

        // Kafka: every event of this marketplace's outbox on the topic exactly once
        await().atMost(Duration.ofSeconds(30)).until(() -> query("select count(*) from outbox_event where published_at is null",
                rs -> rs.getLong(1)).get(0) == 0);
        Set<String> recorded = new java.util.HashSet<>(query("select id::text from outbox_event", rs -> rs.getString(1)));
        Map<String, Integer> onTopic = eventsOnTopic(recorded);
        assertThat(onTopic.keySet()).isEqualTo(recorded);
        assertThat(onTopic.values()).allMatch(n -> n == 1, "once");
    }

    private static long epochNow() {
        return System.currentTimeMillis() / EPOCH.toMillis();
    }

    private static void waitMillis(long millis) {
        long until = System.currentTimeMillis() + millis;
        await().atMost(Duration.ofMillis(millis + 5_000)).pollInterval(Duration.ofMillis(100)).until(() -> System.currentTimeMillis() >= until);
    }

    /** Opens a tracker WebSocket for a content through the balancer; the instance that accepted it (its 101's header). */
    private static String trackerInstance(String gateway, String contentId) throws Exception {
        URI uri = URI.create(gateway);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] nonce = new byte[16];
            new java.security.SecureRandom().nextBytes(nonce);
            out.write(("GET /tracker/" + contentId + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = in.readLine();
            assertThat(status).as("tracker handshake").startsWith("HTTP/1.1 101");
            String instance = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith(BalancerComponent.INSTANCE_HEADER.toLowerCase(Locale.ROOT) + ":")) {
                    instance = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            assertThat(instance).as("the balancer names the instance").isNotNull();
            return instance;
        }
    }

    private static long transactionCount(String address) {
        String body = Probe.postJson(infra.chainRpcUrl(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getTransactionCount\",\"params\":[\""
                + address + "\",\"latest\"]}").orElseThrow().body();
        try {
            return Long.decode(JSON.readTree(body).path("result").asText());
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    /** How many times each of {@code ids} is on the events topic (read from the beginning to the end). */
    private static Map<String, Integer> eventsOnTopic(Set<String> ids) {
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "cluster-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor(Topic.EVENTS.topicName()).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader(EventEnvelope.HEADER_ID);
                    String value = id == null ? null : new String(id.value(), StandardCharsets.UTF_8);
                    if (value != null && ids.contains(value)) {
                        seen.merge(value, 1, Integer::sum);
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return seen;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(String sql, Row<T> row) throws SQLException {
        try (Connection db = DriverManager.getConnection(PostgresComponent.jdbcUrl(infra.postgresPort(), marketplaceDb),
                Endpoints.DB_USER, Endpoints.DB_PASSWORD);
             Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.read(rs));
            }
            return out;
        }
    }
}
