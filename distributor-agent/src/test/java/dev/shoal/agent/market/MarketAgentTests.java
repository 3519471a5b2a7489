package dev.shoal.agent.market;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.agent.fetch.FolderSource;
import dev.shoal.agent.fetch.Fetcher;
import dev.shoal.agent.fetch.ManifestSegments;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.agent.support.MutableClock;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.contracts.market.AgentWork;
import dev.shoal.contracts.market.AuditAnswer;
import dev.shoal.contracts.market.AuditChallenge;
import dev.shoal.contracts.market.DealOffer;
import dev.shoal.contracts.market.DealReport;
import dev.shoal.contracts.market.Heartbeat;
import dev.shoal.contracts.proof.Challenge;
import dev.shoal.contracts.proof.ProofVerifier;
import dev.shoal.contracts.proof.RetentionProof;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's half of the marketplace link against a fake marketplace speaking the contracts' wire format. */
class MarketAgentTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    HttpServer market;
    final AtomicBoolean down = new AtomicBoolean();
    final Map<String, List<String>> received = new ConcurrentHashMap<>();
    volatile AgentWork work = new AgentWork(List.of(), List.of());
    volatile AgentEarnings earnings; // null: the marketplace answers 404
    final List<String> earningsAsked = new CopyOnWriteArrayList<>();
    final MutableClock clock = new MutableClock();
    final SigningKey key = DemoKeys.agent();
    DiskStore store;
    ContentCatalog catalog;
    SignedManifest signed;
    Path folder;

    @BeforeEach
    void start() throws Exception {
        market = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        market.createContext("/", ex -> {
            try (ex) {
                if (down.get()) {
                    ex.sendResponseHeaders(503, -1);
                    return;
                }
                String path = ex.getRequestURI().getPath();
                if (ex.getRequestMethod().equals("GET") && path.endsWith("/earnings")) {
                    earningsAsked.add(path);
                    AgentEarnings e = earnings;
                    if (e == null) {
                        ex.sendResponseHeaders(404, -1);
                        return;
                    }
                    byte[] body = JSON.writeValueAsBytes(e);
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                    return;
                }
                if (ex.getRequestMethod().equals("GET") && path.endsWith("/work")) {
                    byte[] body = JSON.writeValueAsBytes(work);
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                    return;
                }
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.computeIfAbsent(kind(path), k -> new CopyOnWriteArrayList<>()).add(body);
                ex.sendResponseHeaders(202, -1);
            }
        });
        market.start();
        folder = Path.of(getClass().getResource("/hls/ts").toURI());
        signed = ManifestBuilder.build(HlsFolder.open(folder), "deal content", DemoKeys.creator().address()).sign(DemoKeys.creator());
        store = DiskStore.open(dir.resolve("data"), 1L << 30, Duration.ofDays(30), clock, false);
        catalog = new ContentCatalog(dir.resolve("data"), clock);
        store.pinnedBy(catalog::isSegmentPinned);
    }

    @AfterEach
    void stop() {
        market.stop(0);
    }

    static String kind(String path) {
        if (path.endsWith("/registrations")) {
            return "registration";
        }
        if (path.endsWith("/heartbeats")) {
            return "heartbeat";
        }
        if (path.endsWith("/answers")) {
            return "answer";
        }
        return path.contains("/deals/") ? "deal-report" : path;
    }

    MarketAgent agent() {
        MarketAgent.DealFetcher fetcher = (manifest, sources, done) -> {
            Fetcher.Result r = new Fetcher(store, Fetcher.Options.defaults()).fetch(ManifestSegments.all(manifest),
                    List.of(new FolderSource(HlsFolder.open(Path.of(sources.get(0))))), (s, ok) -> {
                    }, new AtomicBoolean());
            done.accept(r.complete());
        };
        return new MarketAgent(new MarketClient("http://127.0.0.1:" + market.getAddress().getPort()), key, store, catalog,
                fetcher, new Outbox(dir.resolve("data/outbox")), clock,
                new MarketAgent.Offer("http://127.0.0.1:9999", 1L << 30, BigInteger.valueOf(5_000_000_000L), "eu-west"),
                Duration.ofSeconds(30));
    }

    List<String> got(String kind) {
        return received.getOrDefault(kind, List.of());
    }

    @Test
    void registersWithASignatureThatProvesThePayoutAddressThenHeartbeats() throws Exception {
        MarketAgent agent = agent();
        agent.tick();
        AgentRegistration reg = JSON.readValue(got("registration").get(0), AgentRegistration.class);
        assertThat(reg.verify()).isEqualTo(key.address());
        assertThat(reg.endpoint()).isEqualTo("http://127.0.0.1:9999");
        assertThat(reg.pricePerGbEpochWei()).isEqualTo("5000000000");
        assertThat(reg.region()).isEqualTo("eu-west");
        Heartbeat hb = JSON.readValue(got("heartbeat").get(0), Heartbeat.class);
        assertThat(hb.verify()).isEqualTo(key.address());
        AgentRegistration forged = new AgentRegistration(1, DemoKeys.creator().address().toString(), reg.endpoint(),
                reg.capacityBytes(), reg.pricePerGbEpochWei(), reg.region(), reg.issuedAtMillis(), reg.signature());
        org.assertj.core.api.Assertions.assertThatThrownBy(forged::verify).hasMessageContaining("signed by");
        agent.tick();
        assertThat(got("registration")).hasSize(1);
        assertThat(got("heartbeat")).as("not due yet").hasSize(1);
        clock.advance(Duration.ofSeconds(31));
        agent.tick();
        assertThat(got("heartbeat")).hasSize(2);
        assertThat(agent.view().state()).isEqualTo("registered");
    }

    @Test
    void takesOnADealPinsAndFetchesItThenAnswersItsAuditWithAProofThatVerifies() throws Exception {
        MarketAgent agent = agent();
        long until = clock.millis() + Duration.ofDays(30).toMillis();
        work = new AgentWork(List.of(new DealOffer("deal-1", signed.contentId().hex(), signed.toJson(),
                List.of(folder.toString()), until)), List.of());
        agent.tick();
        List<DealReport> reports = got("deal-report").stream().map(j -> read(j, DealReport.class)).toList();
        assertThat(reports).extracting(DealReport::state).containsExactly(DealReport.TRANSFERRING, DealReport.ACTIVE);
        assertThat(reports).allSatisfy(r -> assertThat(r.verify()).isEqualTo(key.address()));
        assertThat(catalog.isPinned(signed.contentId())).isTrue();
        assertThat(catalog.holding(signed.contentId(), store).complete()).isTrue();

        Challenge c = Challenge.issue(signed.contentId(), key.address(), 40);
        work = new AgentWork(List.of(), List.of(AuditChallenge.of("audit-1", c, clock.millis() + 60_000)));
        agent.tick();
        AuditAnswer answer = read(got("answer").get(0), AuditAnswer.class);
        RetentionProof proof = answer.decodeProof();
        ProofVerifier.verify(c, signed.manifest().retentionRoot(), proof);
        assertThat(agent.view().audits()).extracting(MarketView.AuditView::outcome).containsExactly("answered");
    }

    @Test
    void aMarketplaceOutageQueuesReportsAndAnswersAndDeliversThemWhenItReturns() throws Exception {
        MarketAgent agent = agent();
        agent.tick();
        work = new AgentWork(List.of(new DealOffer("deal-2", signed.contentId().hex(), signed.toJson(),
                List.of(folder.toString()), clock.millis() + 1_000_000)), List.of());
        // the work arrives, then the marketplace goes down while the agent fetches and reports
        MarketClient client = new MarketClient("http://127.0.0.1:" + market.getAddress().getPort());
        AgentWork pending = client.work(key.address().toString());
        down.set(true);
        for (DealOffer d : pending.deals()) {
            agent.takeOn(d);
        }
        assertThat(catalog.holding(signed.contentId(), store).complete()).as("fetching goes on without the marketplace").isTrue();
        agent.tick();
        assertThat(agent.view().state()).startsWith("unreachable");
        assertThat(agent.view().outbox()).isEqualTo(2);
        assertThat(got("deal-report")).isEmpty();
        down.set(false);
        agent.tick();
        assertThat(agent.view().outbox()).isZero();
        assertThat(got("deal-report").stream().map(j -> read(j, DealReport.class).state()).toList())
                .containsExactly(DealReport.TRANSFERRING, DealReport.ACTIVE);
    }

    @Test
    void anAuditForAContentItNoLongerHoldsIsAnsweredWithTheReasonAtOnce() throws Exception {
        MarketAgent agent = agent();
        Challenge c = Challenge.issue(signed.contentId(), key.address(), 10);
        work = new AgentWork(List.of(), List.of(AuditChallenge.of("audit-9", c, clock.millis() + 60_000)));
        agent.tick();
        AuditAnswer answer = read(got("answer").get(0), AuditAnswer.class);
        assertThat(answer.proof()).isNull();
        assertThat(answer.error()).isEqualTo("segment.missing");
    }

    @Test
    void aDealWhoseManifestIsForgedIsReportedFailedAndNothingIsPinned() throws Exception {
        MarketAgent agent = agent();
        String forged = signed.toJson().replace("deal content", "other content");
        work = new AgentWork(List.of(new DealOffer("deal-3", signed.contentId().hex(), forged, List.of(folder.toString()),
                clock.millis() + 1000)), List.of());
        agent.tick();
        DealReport r = read(got("deal-report").get(0), DealReport.class);
        assertThat(r.state()).isEqualTo(DealReport.FAILED);
        assertThat(catalog.manifests()).isEmpty();
        assertThat(store.stats().segments()).isZero();
    }

    @Test
    void showsWhatTheMarketplaceSaysTheEscrowOwesAskingOncePerHeartbeatAndKeepsTheLastFiguresThroughAnOutage() {
        MarketAgent agent = agent();
        agent.tick();
        assertThat(agent.view().earnings()).isNull();
        assertThat(agent.view().earningsState()).isEqualTo("unavailable: GET earnings answered 404");
        assertThat(earningsAsked).containsExactly("/api/agents/" + key.address() + "/earnings");

        earnings = new AgentEarnings(key.address().toString(), "sUSD", 6, "1500000", "250000", null, List.of(
                new AgentEarnings.DealEarnings("deal-7", "order-7", signed.contentId().hex(), "deal content", "ACTIVE", "FUNDED",
                        2, 0, null, 3, 4, 2, "125000", "250000")));
        agent.tick();
        assertThat(earningsAsked).as("not due before the heartbeat interval").hasSize(1);
        assertThat(agent.view().earnings()).isNull();
        clock.advance(Duration.ofSeconds(31));
        agent.tick();
        assertThat(earningsAsked).hasSize(2);
        assertThat(agent.view().earnings()).isEqualTo(earnings);
        assertThat(agent.view().earningsState()).isEqualTo("as of " + java.time.Instant.ofEpochMilli(clock.millis()));

        down.set(true);
        clock.advance(Duration.ofSeconds(31));
        agent.tick();
        assertThat(agent.view().state()).startsWith("unreachable");
        assertThat(agent.view().earnings()).as("the last figures stay").isEqualTo(earnings);
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
