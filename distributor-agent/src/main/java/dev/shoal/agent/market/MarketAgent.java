package dev.shoal.agent.market;

import dev.shoal.agent.content.ContentCatalog;
import dev.shoal.agent.store.DiskStore;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.market.AgentEarnings;
import dev.shoal.contracts.market.AgentRegistration;
import dev.shoal.contracts.market.AgentWork;
import dev.shoal.contracts.market.AuditAnswer;
import dev.shoal.contracts.market.AuditChallenge;
import dev.shoal.contracts.market.DealOffer;
import dev.shoal.contracts.market.DealReport;
import dev.shoal.contracts.market.Heartbeat;
import dev.shoal.contracts.proof.Prover;
import dev.shoal.contracts.proof.RetentionProof;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;

/**
 * The agent's half of the marketplace link, one {@link #tick()} at a time (the bean calls it on a timer; tests
 * call it directly): register until accepted, heartbeat, poll for work, take on deals (pin, fetch, report),
 * answer audits, and deliver queued reports. Nothing here stops serving or fetching while the marketplace is
 * away: reports wait in the {@link Outbox}, registration and heartbeats are simply tried again. Without a usable
 * operator login the state says so, and tells the operator to run {@code distributor-agent login}.
 */
public final class MarketAgent {

    private static final Logger LOG = Logger.getLogger(MarketAgent.class);
    private static final int KEEP = 50;

    /** Starts fetching a deal's content; calls back with whether every segment arrived. */
    public interface DealFetcher {
        void fetch(SignedManifest manifest, List<String> sources, Consumer<Boolean> done);
    }

    public record Offer(String endpoint, long capacityBytes, BigInteger pricePerGbMonthUnits, String region) {
    }

    private final MarketplaceApi marketplace;
    private final String marketplaceUrl;
    private final SigningKey key;
    private final DiskStore store;
    private final ContentCatalog catalog;
    private final DealFetcher fetcher;
    private final Outbox outbox;
    private final Clock clock;
    private final Offer offer;
    private final Duration heartbeatInterval;
    private final Map<String, MarketView.DealView> deals = new ConcurrentHashMap<>();
    private final Deque<MarketView.AuditView> audits = new ConcurrentLinkedDeque<>();
    private final Map<String, Boolean> answered = new ConcurrentHashMap<>();
    private volatile boolean registered;
    private volatile String state = "registering";
    private volatile Long lastHeartbeat;
    private volatile AgentEarnings earnings;
    private volatile String earningsState = "not asked yet";
    private Long earningsAsked;
    private long sequence;

    public MarketAgent(MarketplaceApi marketplace, String marketplaceUrl, SigningKey key, DiskStore store, ContentCatalog catalog,
                       DealFetcher fetcher, Outbox outbox, Clock clock, Offer offer, Duration heartbeatInterval) {
        this.marketplace = marketplace;
        this.marketplaceUrl = marketplaceUrl;
        this.key = key;
        this.store = store;
        this.catalog = catalog;
        this.fetcher = fetcher;
        this.outbox = outbox;
        this.clock = clock;
        this.offer = offer;
        this.heartbeatInterval = heartbeatInterval;
    }

    public String agent() {
        return key.address().toString();
    }

    /** One round; never throws for a marketplace that is down. */
    public synchronized void tick() {
        try {
            if (!registered) {
                AgentRegistration reg = AgentRegistration.signPerMonth(key, offer.endpoint(), store.quotaBytes(),
                        offer.pricePerGbMonthUnits(), offer.region(), clock);
                marketplace.register(reg);
                registered = true;
                LOG.infof("registered with %s as %s", marketplaceUrl, agent());
            }
            if (lastHeartbeat == null || clock.millis() - lastHeartbeat >= heartbeatInterval.toMillis()) {
                heartbeat();
            }
            AgentWork work = marketplace.work(agent());
            for (AuditChallenge a : work.audits()) {
                answer(a);
            }
            for (DealOffer d : work.deals()) {
                takeOn(d);
            }
            outbox.deliver(marketplace, agent());
            state = "registered";
        } catch (RuntimeException e) {
            Optional<LoginRequiredException> login = loginRequired(e);
            if (login.isPresent()) {
                if (!state.startsWith("login required")) {
                    LOG.warnf("the marketplace needs the operator's login: %s", login.get().getMessage());
                }
                state = "login required: " + login.get().getMessage();
            } else {
                state = "unreachable: " + e.getMessage();
                LOG.debugf("marketplace round failed: %s", e.toString());
            }
            return;
        }
        if (earningsAsked == null || clock.millis() - earningsAsked >= heartbeatInterval.toMillis()) {
            refreshEarnings();
        }
    }

    /** As often as heartbeats: the figures move once per settled epoch, and reading them costs the marketplace chain calls. */
    private void refreshEarnings() {
        earningsAsked = clock.millis();
        try {
            earnings = marketplace.earnings(agent());
            earningsState = "as of " + java.time.Instant.ofEpochMilli(earningsAsked);
        } catch (RuntimeException e) {
            earningsState = "unavailable: " + e.getMessage(); // the last figures, if any, stay shown
            LOG.debugf("reading earnings failed: %s", e.toString());
        }
    }

    private void heartbeat() {
        DiskStore.Stats s = store.stats();
        List<String> complete = new ArrayList<>();
        for (SignedManifest m : catalog.manifests()) {
            if (catalog.holding(m.contentId(), store).complete()) {
                complete.add(m.contentId().hex());
            }
        }
        Heartbeat hb = Heartbeat.sign(key, ++sequence, s.quotaBytes(), s.usedBytes(), s.pinnedBytes(), complete, clock);
        marketplace.heartbeat(agent(), hb);
        lastHeartbeat = clock.millis();
    }

    /** Answers at once (the deadline is the marketplace's to judge); the answer waits in the outbox if need be. */
    void answer(AuditChallenge a) {
        if (answered.putIfAbsent(a.auditId(), true) != null) {
            return;
        }
        long begin = clock.millis();
        AuditAnswer answer;
        String outcome;
        try {
            SignedManifest m = catalog.manifest(Sha256.fromHex(a.contentId())).orElseThrow(
                    () -> new ContentException.SegmentMissing("-", -1, a.contentId(), "this agent holds no manifest for it"));
            RetentionProof proof = new Prover(m.manifest(), store::read).answer(a.challenge(), key);
            answer = AuditAnswer.of(a.auditId(), proof);
            outcome = "answered";
        } catch (ContentException e) {
            answer = AuditAnswer.failed(a.auditId(), e.code());
            outcome = "cannot answer: " + e.code();
            LOG.warnf("audit %s of %s: %s", a.auditId(), a.contentId(), e.getMessage());
        }
        outbox.add(Outbox.Kind.AUDIT_ANSWER, a.auditId(), answer);
        audits.addFirst(new MarketView.AuditView(a.auditId(), a.contentId(), outcome, clock.millis(), clock.millis() - begin));
        while (audits.size() > KEEP) {
            audits.pollLast();
        }
    }

    void takeOn(DealOffer d) {
        if (deals.containsKey(d.dealId())) {
            return;
        }
        SignedManifest m;
        try {
            m = SignedManifest.fromJson(d.manifest());
            if (!m.contentId().hex().equalsIgnoreCase(d.contentId())) {
                throw new ContentException.ManifestMalformed("the deal names content " + d.contentId()
                        + " but its manifest is " + m.contentId());
            }
        } catch (ContentException e) {
            record(d, m(d), DealReport.FAILED, e.code() + ": " + e.getMessage());
            return;
        }
        catalog.add(m);
        catalog.pin(m.contentId(), ContentCatalog.Pin.deal(d.dealId(), d.pinUntilMillis()));
        record(d, m.contentId().hex(), DealReport.TRANSFERRING, "");
        try {
            fetcher.fetch(m, d.sources(), ok -> {
                if (ok) {
                    record(d, d.contentId(), DealReport.ACTIVE, "");
                } else {
                    catalog.unpinDeal(m.contentId(), d.dealId());
                    record(d, d.contentId(), DealReport.FAILED, "the content could not be fetched intact from its sources");
                }
            });
        } catch (RuntimeException e) {
            catalog.unpinDeal(m.contentId(), d.dealId());
            record(d, d.contentId(), DealReport.FAILED, String.valueOf(e.getMessage()));
        }
    }

    private static String m(DealOffer d) {
        return d.contentId();
    }

    private void record(DealOffer d, String contentId, String dealState, String detail) {
        deals.put(d.dealId(), new MarketView.DealView(d.dealId(), contentId, dealState, d.pinUntilMillis(), detail));
        DealReport report = DealReport.sign(key, d.dealId(), dealState, detail, clock);
        outbox.add(Outbox.Kind.DEAL_REPORT, d.dealId(), report);
        try {
            outbox.deliver(marketplace, agent());
        } catch (RuntimeException e) {
            // next tick
        }
    }

    public MarketView view() {
        List<MarketView.DealView> ds = new ArrayList<>(deals.values());
        return new MarketView(marketplaceUrl, state, lastHeartbeat, ds, List.copyOf(audits), outbox.size(), earnings,
                earningsState);
    }

    /** The login problem behind a failed call, however the REST client wrapped it. */
    static Optional<LoginRequiredException> loginRequired(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof LoginRequiredException login) {
                return Optional.of(login);
            }
        }
        return Optional.empty();
    }
}
