package dev.shoal.agent.fetch;

import dev.shoal.agent.store.DiskStore;
import dev.shoal.agent.support.FakeSegmentServer;
import dev.shoal.agent.support.FakeSegmentServer.Behaviour;
import dev.shoal.deploy.testing.MutableClock;
import dev.shoal.agent.support.Segments;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FetcherTests {

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final AtomicInteger shared = new AtomicInteger();
    final AtomicInteger sharedMax = new AtomicInteger();
    final List<FakeSegmentServer> servers = new ArrayList<>();
    final Map<Sha256, byte[]> content = new LinkedHashMap<>();
    final List<SegmentRef> refs = new ArrayList<>();
    DiskStore store;

    @AfterEach
    void stop() {
        servers.forEach(FakeSegmentServer::close);
    }

    void makeContent(int segments, int minSize, int maxSize) {
        for (int i = 0; i < segments; i++) {
            int size = minSize + (int) ((long) (maxSize - minSize) * i / Math.max(1, segments - 1));
            byte[] b = Segments.random(size, i);
            content.put(Sha256.of(b), b);
            refs.add(new SegmentRef(Sha256.of(b), size, "hi", i, "video/mp2t"));
        }
        store = DiskStore.open(dir.resolve("store"), 1L << 32, Duration.ofDays(1), new MutableClock(), false);
    }

    FakeSegmentServer server(long bytesPerSecond) throws IOException {
        FakeSegmentServer s = new FakeSegmentServer(content, shared, sharedMax, bytesPerSecond);
        servers.add(s);
        return s;
    }

    Source http(FakeSegmentServer s) {
        return new HttpSource(s.url(), http, Duration.ofSeconds(10));
    }

    Fetcher.Result fetch(List<Source> sources) {
        return new Fetcher(store, Fetcher.Options.defaults()).fetch(refs, sources, (s, stored) -> {
        }, new AtomicBoolean());
    }

    void assertEverySegmentStoredIntact() {
        for (Map.Entry<Sha256, byte[]> e : content.entrySet()) {
            assertThat(store.read(e.getKey())).as("segment %s", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void noSourceEverSeesMoreThanEightConcurrentRequestsFromOneFetch() throws IOException {
        makeContent(60, 50_000, 1_500_000);
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sources.add(http(server(0).delay(15)));
        }
        Fetcher.Result r = fetch(sources);
        assertThat(r.complete()).as(r.failures().toString()).isTrue();
        assertThat(r.stored()).isEqualTo(60);
        assertThat(sharedMax.get()).as("requests in flight over all sources, counted at the sources").isLessThanOrEqualTo(8);
        assertThat(sharedMax.get()).as("the fetch did use its 8").isEqualTo(8);
        assertThat(servers).allSatisfy(s -> assertThat(s.maxInFlight()).isLessThanOrEqualTo(8));
        assertThat(servers.stream().filter(s -> s.requests() > 0).count()).as("sources used").isGreaterThanOrEqualTo(8);
        assertEverySegmentStoredIntact();
    }

    @Test
    void largeSegmentsAreSplitIntoRangesAcrossSourcesAndReassembledByteExact() throws IOException {
        makeContent(4, 3_000_000, 3_100_000);
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sources.add(http(server(0).delay(5)));
        }
        Fetcher.Result r = fetch(sources);
        assertThat(r.complete()).isTrue();
        assertThat(servers).allSatisfy(s -> assertThat(s.requests()).isGreaterThan(1));
        assertThat(servers.stream().mapToInt(FakeSegmentServer::requests).sum()).isGreaterThanOrEqualTo(4 * 6);
        assertEverySegmentStoredIntact();
    }

    @Test
    void mirrorsAtTheirUrlTemplatesAreSourcesAndOneThatServesAWrongByteIsDropped() throws IOException {
        makeContent(12, 200_000, 1_200_000);
        FakeSegmentServer liar = server(0).behave(Behaviour.FLIPS_A_BYTE);
        FakeSegmentServer honest = server(0).delay(5);
        Source lyingMirror = new HttpSource(liar.url() + "/segments/{sha256}", http, Duration.ofSeconds(10));
        Source mirror = new HttpSource(honest.url() + "/segments/{sha256}", http, Duration.ofSeconds(10));
        Fetcher.Result r = fetch(List.of(lyingMirror, mirror));
        assertThat(r.complete()).as(r.failures().toString()).isTrue();
        assertThat(r.stored()).isEqualTo(12);
        assertThat(r.sources().get(0).droppedBecause()).containsAnyOf("wrong bytes", "do not hash");
        assertThat(r.sources().get(1).droppedBecause()).isNull();
        assertThat(honest.requests()).isPositive();
        assertEverySegmentStoredIntact();
    }

    @Test
    void aMirrorsTemplateNamesEachSegmentAsShoalMirrorPushStoresIt() {
        HttpSource m = new HttpSource("https://cdn.example/v/segments/{sha256}.{ext}", http, Duration.ofSeconds(1));
        Sha256 sha = Sha256.of(new byte[]{1});
        assertThat(m.url(new SegmentRef(sha, 1, "hi", -1, "video/mp4"))).isEqualTo("https://cdn.example/v/segments/" + sha.hex() + ".mp4");
        assertThat(m.url(new SegmentRef(sha, 1, "hi", 0, "video/mp4"))).isEqualTo("https://cdn.example/v/segments/" + sha.hex() + ".m4s");
        assertThat(m.url(new SegmentRef(sha, 1, "hi", 0, "video/mp2t"))).isEqualTo("https://cdn.example/v/segments/" + sha.hex() + ".ts");
        assertThat(new HttpSource("http://agent:8701/", http, Duration.ofSeconds(1)).url(new SegmentRef(sha, 1, "hi", 0, "video/mp2t")))
                .isEqualTo("http://agent:8701/segments/" + sha.hex());
    }

    @Test
    void aLyingSourceIsDroppedAndTheContentStillArrivesIntactFromTheOthers() throws IOException {
        makeContent(30, 200_000, 2_000_000);
        FakeSegmentServer liar = server(0).behave(Behaviour.FLIPS_A_BYTE);
        List<Source> sources = new ArrayList<>(List.of(http(liar)));
        for (int i = 0; i < 3; i++) {
            sources.add(http(server(0).delay(5)));
        }
        Fetcher.Result r = fetch(sources);
        assertThat(r.complete()).as(r.failures().toString()).isTrue();
        assertThat(r.stored()).isEqualTo(30);
        assertThat(r.sources().get(0).droppedBecause()).containsAnyOf("wrong bytes", "do not hash");
        assertThat(r.sources().subList(1, 4)).allSatisfy(s -> assertThat(s.droppedBecause()).isNull());
        assertThat(liar.requests()).as("the liar was asked only until caught").isLessThan(10);
        assertEverySegmentStoredIntact();
    }

    @Test
    void aSourceLyingAboutWholeSmallSegmentsIsDroppedToo() throws IOException {
        makeContent(20, 10_000, 100_000);
        List<Source> sources = new ArrayList<>(List.of(http(server(0).behave(Behaviour.FLIPS_A_BYTE))));
        sources.add(http(server(0).delay(20)));
        Fetcher.Result r = fetch(sources);
        assertThat(r.complete()).isTrue();
        assertThat(r.sources().get(0).droppedBecause()).contains("do not hash");
        assertEverySegmentStoredIntact();
    }

    @Test
    void sourcesSendingMoreThanTheyAnnounceAreDroppedAndNothingPartialIsKept() throws IOException {
        makeContent(12, 600_000, 1_200_000);
        List<Source> sources = new ArrayList<>(List.of(http(server(0).behave(Behaviour.SENDS_TOO_MUCH)),
                http(server(0).behave(Behaviour.ANNOUNCES_WRONG_LENGTH))));
        sources.add(http(server(0).delay(10)));
        Fetcher.Result r = fetch(sources);
        assertThat(r.complete()).isTrue();
        assertThat(r.sources().get(0).droppedBecause()).contains("more bytes");
        assertThat(r.sources().get(1).droppedBecause()).contains("announced");
        assertEverySegmentStoredIntact();
    }

    @Test
    void anUnreachableSourceIsRetriedElsewhereThenDropped() throws IOException {
        makeContent(10, 100_000, 300_000);
        FakeSegmentServer gone = server(0);
        gone.close();
        Fetcher.Result r = fetch(List.of(http(gone), http(server(0))));
        assertThat(r.complete()).isTrue();
        assertThat(r.sources().get(0).droppedBecause()).contains("in a row");
        assertEverySegmentStoredIntact();
    }

    @Test
    void fasterSourcesGetMoreOfTheWork() throws IOException {
        makeContent(40, 100_000, 400_000);
        FakeSegmentServer fast = server(40_000_000);
        FakeSegmentServer slow = server(1_000_000);
        Fetcher.Result r = fetch(List.of(http(slow), http(fast)));
        assertThat(r.complete()).isTrue();
        assertThat(fast.bytesSent()).isGreaterThan(5 * slow.bytesSent());
    }

    @Test
    void aSourceWhoseFirstRequestWasSlowIsNotLeftIdleForTheRestOfTheFetch() throws IOException {
        makeContent(30, 100_000, 100_000);
        FakeSegmentServer coldStart = server(0).delayFirst(400);
        FakeSegmentServer steady = server(0).delay(10);
        // one request at a time, so the slow first request is the cold source's only sample when it is rated
        Fetcher.Result r = new Fetcher(store, new Fetcher.Options(1, 512 * 1024)).fetch(refs,
                List.of(http(coldStart), http(steady)), (s, stored) -> {
                }, new AtomicBoolean());
        assertThat(r.complete()).isTrue();
        assertThat(coldStart.requests()).as("asked again after its first answer").isGreaterThan(1);
        assertEverySegmentStoredIntact();
    }

    @Test
    void theLastPartsOfAFetchAreCutIntoRangesSoEveryWorkerHasOne() throws IOException {
        makeContent(1, 512 * 1024, 512 * 1024); // one part: alone, it would be one request to one source
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sources.add(http(server(0).delay(20)));
        }
        Fetcher.Result r = fetch(sources);
        assertThat(r.complete()).isTrue();
        assertThat(servers.stream().mapToInt(FakeSegmentServer::requests).sum())
                .as("8 ranges of %d bytes", Fetcher.TAIL_PIECE).isEqualTo(8);
        assertThat(sharedMax.get()).isLessThanOrEqualTo(8);
        assertEverySegmentStoredIntact();
    }

    @Test
    void whenEverySourceLiesNothingIsStoredAndTheFailureSaysWhy() throws IOException {
        makeContent(3, 10_000, 20_000);
        Fetcher.Result r = fetch(List.of(http(server(0).behave(Behaviour.FLIPS_A_BYTE)),
                http(server(0).behave(Behaviour.FLIPS_A_BYTE))));
        assertThat(r.complete()).isFalse();
        assertThat(r.stored()).isZero();
        assertThat(store.stats().segments()).isZero();
        assertThat(r.failures()).isNotEmpty();
    }

    @Test
    void aLocalHlsFolderIsASource() throws Exception {
        Path folder = Path.of(getClass().getResource("/hls/ts").toURI());
        SignedManifest signed = ManifestBuilder.build(HlsFolder.open(folder), "fixture", DemoKeys.creator().address())
                .sign(DemoKeys.creator());
        store = DiskStore.open(dir.resolve("store"), 1L << 30, Duration.ofDays(1), new MutableClock(), false);
        List<SegmentRef> all = ManifestSegments.all(signed);
        Fetcher.Result r = new Fetcher(store, Fetcher.Options.defaults()).fetch(all,
                List.of(new FolderSource(HlsFolder.open(folder))), (s, stored) -> {
                }, new AtomicBoolean());
        assertThat(r.complete()).isTrue();
        assertThat(r.stored()).isEqualTo(6);
        assertThat(store.stats().segments()).isEqualTo(6);
    }
}
