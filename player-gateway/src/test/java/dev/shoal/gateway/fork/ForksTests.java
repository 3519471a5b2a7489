package dev.shoal.gateway.fork;

import dev.shoal.contracts.fork.AdDeliveryBatch;
import dev.shoal.contracts.fork.AdSpan;
import dev.shoal.contracts.fork.ForkView;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.playlist.PlaylistWriter;
import dev.shoal.contracts.playlist.SegmentUriTemplate;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.catalog.MarketplaceUnavailableException;
import dev.shoal.gateway.catalog.NotInCatalogException;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static dev.shoal.gateway.fork.ForkFixtures.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForksTests {

    private final ForkFixtures f = new ForkFixtures();
    private final Instant now = Instant.now();
    private final Instant later = now.plus(30, ChronoUnit.DAYS);

    private SponsoredFork check(ForkView view) {
        return Forks.check(published(f.fork), published(f.original), published(f.ad), view, now);
    }

    @Test
    void aConsentedForkPlaysWithItsAdsWhereThePlanPutsThem() {
        SponsoredFork fork = check(f.view(f.consent(f.original, f.fork, ForkFixtures.CREATOR, later), List.of(ForkFixtures.CUE), 0, true));
        String rendition = f.fork.renditions().getFirst().name();
        List<AdSpan> spans = fork.spans(rendition);
        assertThat(spans).hasSize(1);
        assertThat(spans.getFirst().startMicros()).isEqualTo(ForkFixtures.CUE);
        assertThat(fork.ads()).extracting(SponsoredFork.Ad::id, SponsoredFork.Ad::startSeconds, SponsoredFork.Ad::cueSeconds)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ad-1", 1.0, 1.0));
        assertThat(fork.advertiserName()).isEqualTo("Sea Tea Ltd");
        String playlist = PlaylistWriter.media(f.fork, f.fork.renditions().getFirst(), SegmentUriTemplate.defaultAt(""), spans);
        assertThat(playlist).contains("#EXT-X-DATERANGE:ID=\"ad-1\",CLASS=\"dev.shoal.ad\"", "#EXT-X-DISCONTINUITY");
    }

    @Test
    void aLapsedConsentIsRefusedWithWhyAndWhereTheOriginalIs() {
        ForkView view = f.view(f.consent(f.original, f.fork, ForkFixtures.CREATOR, now.minusSeconds(60)), List.of(ForkFixtures.CUE), 0, true);
        assertThatThrownBy(() -> check(view)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.CONSENT_LAPSED);
            assertThat(e.getMessage()).contains("no longer shown", "consent ended", "/watch/" + f.original.contentId().hex());
        });
    }

    @Test
    void aConsentSignedByAnyoneButTheCreatorIsRefused() {
        ForkView view = f.view(f.consent(f.original, f.fork, SigningKey.generate(), later), List.of(ForkFixtures.CUE), 0, true);
        assertThatThrownBy(() -> check(view)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.CONSENT_REJECTED));
    }

    @Test
    void aConsentForAnotherForkIsRefused() {
        ForkView view = f.view(f.consent(f.original, f.ad, ForkFixtures.CREATOR, later), List.of(ForkFixtures.CUE), 0, true);
        assertThatThrownBy(() -> check(view)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.CONSENT_REJECTED);
            assertThat(e.getMessage()).contains("is for fork");
        });
    }

    @Test
    void noConsentNoFork() {
        assertThatThrownBy(() -> check(f.view(null, List.of(ForkFixtures.CUE), 0, true))).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.CONSENT_REJECTED));
    }

    @Test
    void aPlanThatDoesNotMakeThisForkIsRefused() {
        ForkView view = f.view(f.consent(f.original, f.fork, ForkFixtures.CREATOR, later), List.of(0L), 0, true);
        assertThatThrownBy(() -> check(view)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.FORK_MISMATCH));
    }

    @Test
    void receiptsAreForwardedToTheMarketplaceAsTheViewerSentThem() {
        Stub marketplace = new Stub(Uni.createFrom().item(new AdDeliveryBatch.Counted(2)));
        Forks forks = new Forks(marketplace.api, null, null, null);
        AdDeliveryBatch delivery = new AdDeliveryBatch("session-1", List.of("r1", "r2"));
        assertThat(forks.deliver("ab".repeat(32), delivery).await().indefinitely().counted()).isEqualTo(2);
        assertThat(marketplace.calls).containsExactly("ab".repeat(32) + " " + delivery);
    }

    @Test
    void theMarketplacesAnswersBecomeTheViewersProblems() {
        assertThatThrownBy(() -> new Forks(new Stub(Uni.createFrom().failure(new NotInCatalogException("x"))).api, null, null, null)
                .deliver("ab".repeat(32), new AdDeliveryBatch("s", List.of("r"))).await().indefinitely())
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
        assertThatThrownBy(() -> new Forks(new Stub(Uni.createFrom().failure(new MarketplaceUnavailableException("503"))).api, null, null, null)
                .deliver("ab".repeat(32), new AdDeliveryBatch("s", List.of("r"))).await().indefinitely())
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UNAVAILABLE));
        ProblemException known = ForkAnswers.refusal(409, "{\"type\":\"https://shoal.dev/problems/replayed\",\"detail\":\"receipt used\"}");
        assertThat(known.type()).isEqualTo(ProblemType.REPLAYED);
        assertThat(known.getMessage()).contains("receipt used");
        assertThat(ForkAnswers.refusal(422, "{\"type\":\"https://shoal.dev/problems/some-new-type\"}").type()).isEqualTo(ProblemType.RECEIPT_REJECTED);
        assertThat(ForkAnswers.refusal(400, "not json").type()).as("no problem body: the status's type").isEqualTo(ProblemType.MALFORMED_REQUEST);
    }

    @Test
    void aReportIsCheckedBeforeAnythingIsForwarded() {
        String fork = "ab".repeat(32);
        assertField(() -> AdDeliveryResource.checked("ABC", new AdDeliveryBatch("s", List.of("r"))), "forkId");
        assertField(() -> AdDeliveryResource.checked(fork, null), "body");
        assertField(() -> AdDeliveryResource.checked(fork, new AdDeliveryBatch(" ", List.of("r"))), "session");
        assertField(() -> AdDeliveryResource.checked(fork, new AdDeliveryBatch("s", List.of())), "receipts");
        assertField(() -> AdDeliveryResource.checked(fork, new AdDeliveryBatch("s", java.util.Collections.nCopies(AdDeliveryBatch.MAX_RECEIPTS + 1, "r"))),
                "receipts");
        assertField(() -> AdDeliveryResource.checked(fork, new AdDeliveryBatch("s", List.of("x".repeat(5000)))), "receipts");
        assertThat(AdDeliveryResource.checked(fork, new AdDeliveryBatch("s", List.of("r1", "r1", "r2"))).receipts())
                .as("each receipt once").containsExactly("r1", "r2");
    }

    private static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
            assertThat(e.extensions()).containsEntry("field", field);
        });
    }

    /**
     * The marketplace's fork API answering deliveries with {@code answer}: a dynamic proxy, not a class, so the Quarkus
     * tests' application does not take it for a resource of its own.
     */
    private static final class Stub {
        final List<String> calls = new ArrayList<>();
        final MarketplaceForks api;

        Stub(Uni<AdDeliveryBatch.Counted> answer) {
            api = (MarketplaceForks) java.lang.reflect.Proxy.newProxyInstance(MarketplaceForks.class.getClassLoader(),
                    new Class<?>[]{MarketplaceForks.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("deliveries")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        calls.add(args[0] + " " + args[1]);
                        return answer;
                    });
        }
    }
}
