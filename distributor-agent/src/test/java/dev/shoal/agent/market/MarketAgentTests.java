package dev.shoal.agent.market;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.agent.fetch.FolderSource;
import dev.shoal.agent.fetch.Fetcher;
import dev.shoal.agent.fetch.ManifestSegments;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.deploy.testing.MutableClock;
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
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's half of the marketplace link against a marketplace stand-in behind the link's REST client interface
 * (the real marketplace, over HTTP with the operator's tokens, is in the marketplace's RealAgentsIT and DeviceLoginIT).
 */
class MarketAgentTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicReference<RuntimeException> refusal = new AtomicReference<>();
    final Map<String, List<Object>> received = new ConcurrentHashMap<>();
    volatile AgentWork work = new AgentWork(List.of(), List.of());
    volatile AgentEarnings earnings; // null: the marketplace answers 404
    final List<String> earningsAsked = new CopyOnWriteArrayList<>();
    final MutableClock clock = new MutableClock();
    final SigningKey key = DemoKeys.agent();
    DiskStore store;
    ContentCatalog catalog;
    SignedManifest signed;
    Path folder;

    /** Answers as the marketplace would, records what the agent sends; down: no connection; refusal: the answer to every call. */
    final MarketplaceApi market = new MarketplaceApi() {
        @Override
        public void register(AgentRegistration registration) {
            take("registration", registration);
        }

        @Override
        public void heartbeat(String agent, Heartbeat heartbeat) {
            take("heartbeat", heartbeat);
        }

        @Override
        public AgentWork work(String agent) {
            reachable();
            return work;
        }

        @Override
        public void report(String agent, String deal, DealReport report) {
            take("deal-report", report);
        }

        @Override
        public void answer(String audit, AuditAnswer answer) {
            take("answer", answer);
        }

        @Override
        public AgentEarnings earnings(String agent) {
            reachable();
            earningsAsked.add(agent);
            if (earnings == null) {
                throw new MarketplaceRefusal(404, "no agent " + agent);
            }
            return earnings;
        }

        private void take(String kind, Object body) {
            reachable();
            received.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(body);
        }

        private void reachable() {
            if (down.get()) {
                throw new ProcessingException("Connection refused: 127.0.0.1:8081");
            }
            if (refusal.get() != null) {
                throw refusal.get();
            }
        }
    };

    @BeforeEach
    void start() throws Exception {
        folder = Path.of(getClass().getResource("/hls/ts").toURI());
        signed = ManifestBuilder.build(HlsFolder.open(folder), "deal content", DemoKeys.creator().address()).sign(DemoKeys.creator());
        store = DiskStore.open(dir.resolve("data"), 1L << 30, Duration.ofDays(30), clock, false);
        catalog = new ContentCatalog(dir.resolve("data"), clock);
        store.pinnedBy(catalog::isSegmentPinned);
    }

    MarketAgent agent() {
        MarketAgent.DealFetcher fetcher = (manifest, sources, done) -> {
            Fetcher.Result r = new Fetcher(store, Fetcher.Options.defaults()).fetch(ManifestSegments.all(manifest),
                    List.of(new FolderSource(HlsFolder.open(Path.of(sources.get(0))))), (s, ok) -> {
                    }, new AtomicBoolean());
            done.accept(r.complete());
        };
        return new MarketAgent(market, "http://127.0.0.1:8081", key, store, catalog,
                fetcher, new Outbox(dir.resolve("data/outbox")), clock,
                new MarketAgent.Offer("http://127.0.0.1:9999", 1L << 30, BigInteger.valueOf(858), "eu-west"),
                Duration.ofSeconds(30));
    }

    @SuppressWarnings("unchecked")
    <T> List<T> got(String kind) {
        return (List<T>) received.getOrDefault(kind, List.of());
    }

    @Test
    void registersWithASignatureThatProvesThePayoutAddressThenHeartbeats() throws Exception {
        MarketAgent agent = agent();
        agent.tick();
        AgentRegistration reg = this.<AgentRegistration>got("registration").get(0);
        assertThat(reg.verify()).isEqualTo(key.address());
        assertThat(reg.endpoint()).isEqualTo("http://127.0.0.1:9999");
        assertThat(reg.version()).isEqualTo(2);
        assertThat(reg.pricePerGbMonthUnits()).as("the ask per GB-month in sUSD units, as people state it").isEqualTo("858");
        assertThat(reg.pricePerGbEpochWei()).isNull();
        assertThat(reg.region()).isEqualTo("eu-west");
        Heartbeat hb = this.<Heartbeat>got("heartbeat").get(0);
        assertThat(hb.verify()).isEqualTo(key.address());
        AgentRegistration forged = new AgentRegistration(reg.version(), DemoKeys.creator().address().toString(), reg.endpoint(),
                reg.capacityBytes(), reg.pricePerGbEpochWei(), reg.region(), reg.issuedAtMillis(), reg.signature(), reg.pricePerGbMonthUnits());
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
        List<DealReport> reports = got("deal-report");
        assertThat(reports).extracting(DealReport::state).containsExactly(DealReport.TRANSFERRING, DealReport.ACTIVE);
        assertThat(reports).allSatisfy(r -> assertThat(r.verify()).isEqualTo(key.address()));
        assertThat(catalog.isPinned(signed.contentId())).isTrue();
        assertThat(catalog.holding(signed.contentId(), store).complete()).isTrue();

        Challenge c = Challenge.issue(signed.contentId(), key.address(), 40);
        work = new AgentWork(List.of(), List.of(AuditChallenge.of("audit-1", c, clock.millis() + 60_000)));
        agent.tick();
        AuditAnswer answer = this.<AuditAnswer>got("answer").get(0);
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
        AgentWork pending = market.work(key.address().toString());
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
        assertThat(this.<DealReport>got("deal-report")).extracting(DealReport::state)
                .containsExactly(DealReport.TRANSFERRING, DealReport.ACTIVE);
    }

    @Test
    void anAuditForAContentItNoLongerHoldsIsAnsweredWithTheReasonAtOnce() throws Exception {
        MarketAgent agent = agent();
        Challenge c = Challenge.issue(signed.contentId(), key.address(), 10);
        work = new AgentWork(List.of(), List.of(AuditChallenge.of("audit-9", c, clock.millis() + 60_000)));
        agent.tick();
        AuditAnswer answer = this.<AuditAnswer>got("answer").get(0);
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
        DealReport r = this.<DealReport>got("deal-report").get(0);
        assertThat(r.state()).isEqualTo(DealReport.FAILED);
        assertThat(catalog.manifests()).isEmpty();
        assertThat(store.stats().segments()).isZero();
    }

    @Test
    void showsWhatTheMarketplaceSaysTheEscrowOwesAskingOncePerHeartbeatAndKeepsTheLastFiguresThroughAnOutage() {
        MarketAgent agent = agent();
        agent.tick();
        assertThat(agent.view().earnings()).isNull();
        assertThat(agent.view().earningsState()).isEqualTo("unavailable: the marketplace answered 404: no agent " + key.address());
        assertThat(earningsAsked).containsExactly(key.address().toString());

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

    @Test
    void withoutAUsableOperatorLoginItSaysToLogInAndKeepsItsReportsQueued() {
        refusal.set(new ProcessingException(new LoginRequiredException(
                "the operator login in /data/operator-login.json is no longer accepted (revoked or expired): run distributor-agent login")));
        MarketAgent agent = agent();
        work = new AgentWork(List.of(new DealOffer("deal-4", signed.contentId().hex(), signed.toJson(),
                List.of(folder.toString()), clock.millis() + 1_000_000)), List.of());
        agent.tick();
        assertThat(agent.view().state()).startsWith("login required: ").contains("run distributor-agent login");
        assertThat(got("registration")).isEmpty();

        refusal.set(null);
        agent.tick();
        assertThat(agent.view().state()).isEqualTo("registered");
        assertThat(this.<DealReport>got("deal-report")).extracting(DealReport::state).contains(DealReport.TRANSFERRING);
    }

    @Test
    void aQueuedMessageThisAgentCannotReadIsSetAsideAndTheRestDelivered() throws Exception {
        Outbox outbox = new Outbox(dir.resolve("data/outbox"));
        java.nio.file.Files.writeString(dir.resolve("data/outbox/000000000001.json"), "{\"path\":\"/api/old\",\"json\":\"{}\"}");
        outbox = new Outbox(dir.resolve("data/outbox"));
        outbox.add(Outbox.Kind.AUDIT_ANSWER, "audit-5", AuditAnswer.failed("audit-5", "segment.missing"));
        assertThat(outbox.deliver(market, key.address().toString())).isZero();
        assertThat(this.<AuditAnswer>got("answer")).extracting(AuditAnswer::auditId).containsExactly("audit-5");
        assertThat(dir.resolve("data/outbox/000000000001.json.unreadable")).exists();
    }
}
