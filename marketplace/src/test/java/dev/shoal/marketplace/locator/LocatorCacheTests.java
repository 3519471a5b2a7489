package dev.shoal.marketplace.locator;

import dev.shoal.deploy.testing.MutableClock;

import dev.shoal.contracts.directory.Source;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.market.LocatorTicket;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.agent.AgentHeartbeat;
import dev.shoal.marketplace.deal.DealMoved;
import dev.shoal.marketplace.deal.DealState;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The locator's hot path without a database: holders kept between locates, and tickets signed in batches. */
class LocatorCacheTests {

    private static final String CONTENT = "ab".repeat(32);
    private static final SigningKey LOCATOR = SigningKey.generate();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final MarketplaceConfig config = config();
    private final List<TicketSigner> signers = new ArrayList<>();

    private MarketplaceConfig config() {
        MarketplaceConfig c = mock(MarketplaceConfig.class, RETURNS_DEEP_STUBS);
        when(c.market().locatorCacheTtl()).thenReturn(Duration.ofSeconds(5));
        when(c.market().heartbeatTimeout()).thenReturn(Duration.ofMinutes(5));
        when(c.market().ticketLifetime()).thenReturn(Duration.ofMinutes(30));
        when(c.market().locatorKey()).thenReturn(LOCATOR.privateKeyHex());
        return c;
    }

    @AfterEach
    void stopSigners() {
        signers.forEach(TicketSigner::stop);
    }

    private TicketSigner signer() {
        TicketSigner s = new TicketSigner(config, clock);
        signers.add(s);
        return s;
    }

    private Holders.Holder holder(String address, String region, long used, Instant beat) {
        return new Holders.Holder(address, "http://" + address, region, used, 1000, OffsetDateTime.ofInstant(beat, ZoneOffset.UTC));
    }

    private final AtomicInteger loads = new AtomicInteger();

    private Uni<Holders.Known> load(List<Holders.Holder> holders) {
        loads.incrementAndGet();
        return Uni.createFrom().item(new Holders.Known(holders, List.of("http://origin")));
    }

    @Test
    void aContentsHoldersAreLoadedOnceUntilTheTtlOrADealMove() {
        Holders holders = new Holders(clock, config);
        List<Holders.Holder> two = List.of(holder("a1", "eu", 100, clock.instant()), holder("a2", "us", 900, clock.instant()));
        for (int i = 0; i < 10; i++) {
            assertThat(holders.of(CONTENT, () -> load(two)).await().indefinitely().holders()).hasSize(2);
        }
        assertThat(loads).as("ten locates, one query").hasValue(1);
        clock.advance(Duration.ofSeconds(6));
        holders.of(CONTENT, () -> load(two)).await().indefinitely();
        assertThat(loads).as("past the TTL the database is asked again").hasValue(2);
        holders.dealMoved(new DealMoved(UUID.randomUUID(), UUID.randomUUID(), "a3", DealState.ACTIVE));
        holders.of(CONTENT, () -> load(two)).await().indefinitely();
        assertThat(loads).as("a deal's move drops what was kept").hasValue(3);
        holders.of(CONTENT, () -> load(two)).await().indefinitely();
        assertThat(loads).as("right after a move (its transaction may not have committed) nothing is kept").hasValue(4);
        clock.advance(Duration.ofMillis(Holders.SETTLE_MILLIS + 1));
        holders.of(CONTENT, () -> load(two)).await().indefinitely();
        holders.of(CONTENT, () -> load(two)).await().indefinitely();
        assertThat(loads).as("once settled, kept again").hasValue(5);
    }

    @Test
    void aHeartbeatRefreshesLivenessAndLoadInPlaceAndTheLocatorRanksWithIt() {
        Holders holders = new Holders(clock, config);
        Instant old = clock.instant().minus(Duration.ofMinutes(4));
        List<Holders.Holder> two = List.of(holder("a1", "eu", 100, old), holder("a2", "eu", 900, old));
        holders.of(CONTENT, () -> load(two)).await().indefinitely();
        clock.advance(Duration.ofMinutes(2)); // a1 and a2 are past the heartbeat timeout as loaded
        holders.heartbeat(new AgentHeartbeat("a2", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), 10, 1000));
        clock.advance(Duration.ofSeconds(1));
        // the TTL has passed here too, so load again with the same (stale) rows: the heartbeat still wins
        LocatorService locator = new LocatorService(null, config, holders, signer(), clock);
        List<Holders.Holder> fresh = holders.of(CONTENT, () -> load(two)).await().indefinitely().holders();
        assertThat(fresh).filteredOn(h -> h.address().equals("a2")).singleElement()
                .satisfies(h -> assertThat(h.usedBytes()).isEqualTo(10));
        List<Source> ranked = LocatorService.rank(fresh, "eu");
        assertThat(ranked).extracting(Source::agent).first().isEqualTo("a2");
        assertThat(locator.locatorAddress()).isEqualTo(LOCATOR.address().toString());
    }

    @Test
    void mirrorsAreSourcesOfTheirOwnKindAndARegistrationDropsTheCachedEntry() {
        Holders holders = new Holders(clock, config);
        LocatorService locator = new LocatorService(null, config, holders, signer(), clock);
        List<Holders.Holder> one = List.of(holder("a1", "eu", 100, clock.instant()));
        String mirror = "https://cdn.example/v/segments/{sha256}.{ext}";
        List<String> registered = new ArrayList<>();
        java.util.function.Supplier<Uni<Holders.Known>> load = () -> {
            loads.incrementAndGet();
            return Uni.createFrom().item(new Holders.Known(one, List.of("http://origin"), List.copyOf(registered)));
        };
        assertThat(holders.of(CONTENT, load).await().indefinitely().mirrors()).isEmpty();
        registered.add(mirror);
        holders.mirrorsChanged(new dev.shoal.marketplace.mirror.MirrorsChanged(CONTENT));
        clock.advance(Duration.ofMillis(Holders.SETTLE_MILLIS + 1));
        assertThat(holders.of(CONTENT, load).await().indefinitely().mirrors()).containsExactly(mirror);
        List<Source> sources = locator.sources(CONTENT, "eu").await().indefinitely();
        assertThat(sources).extracting(Source::kind).containsExactly(dev.shoal.contracts.directory.SourceKind.AGENT,
                dev.shoal.contracts.directory.SourceKind.MIRROR, dev.shoal.contracts.directory.SourceKind.ORIGIN);
        assertThat(sources.get(1).url()).isEqualTo(mirror);
        assertThat(loads).hasValue(2);
    }

    @Test
    void ticketsAskedTogetherAreSignedTogetherAndEachVerifies() throws Exception {
        TicketSigner signer = signer();
        int n = 200;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<LocatorTicket>> asked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            asked.add(pool.submit(() -> {
                go.await();
                return signer.ticket(CONTENT).await().atMost(Duration.ofSeconds(30));
            }));
        }
        go.countDown();
        List<LocatorTicket> tickets = new ArrayList<>();
        for (Future<LocatorTicket> f : asked) {
            tickets.add(f.get());
        }
        pool.shutdown();
        assertThat(tickets).extracting(LocatorTicket::nonce).doesNotHaveDuplicates();
        for (LocatorTicket t : tickets) {
            assertThat(t.verify()).isEqualTo(LOCATOR.address());
            assertThat(t.contentId()).isEqualTo(CONTENT);
        }
        long signatures = tickets.stream().map(LocatorTicket::signature).distinct().count();
        assertThat(signatures).as("200 tickets asked at once need far fewer than 200 signatures").isLessThan(n);
    }

    @Test
    void aStoppedSignerRefusesClearly() {
        TicketSigner signer = signer();
        signer.stop();
        assertThatThrownBy(() -> signer.ticket(CONTENT).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
    }
}
