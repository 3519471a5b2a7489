package dev.shoal.marketplace.fork;

import dev.shoal.contracts.fork.AdQuartile;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.receipt.ServingReceipt;
import dev.shoal.contracts.receipt.SignedReceipt;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdDeliveryChecksTests {

    private static final Path FIXTURE = Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts");
    private static final String FORK = "ab".repeat(32);
    private static final Duration MAX_AGE = Duration.ofHours(1);

    private final SigningKey agent = SigningKey.generate();
    private final Manifest ad = ManifestBuilder.build(HlsFolder.open(FIXTURE), "ad", agent.address());
    private final Set<String> known = Set.of(agent.address().toString().toLowerCase(Locale.ROOT));

    private String receipt(SigningKey key, String content, int segment, String session) {
        return ServingReceipt.issue(Sha256.fromHex(content), ad.rendition("hi").segments().get(segment).sha256(), 10, session,
                Clock.systemUTC(), key).header();
    }

    private List<AdDeliveryChecks.Delivered> check(String session, String... receipts) {
        return AdDeliveryChecks.check(AdDeliveryChecks.decode(List.of(receipts)), FORK, session, ad, known, MAX_AGE, Instant.now());
    }

    private static void refused(Runnable call, ProblemType type, int index) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.extensions()).containsEntry("receipt", index);
        });
    }

    @Test
    void eachReceiptReachesItsSegmentsPointsAndARepeatInTheBatchCountsOnce() {
        String first = receipt(agent, FORK, 0, "s");
        List<AdDeliveryChecks.Delivered> delivered = check("s", first, receipt(agent, FORK, 2, "s"), first);
        assertThat(delivered).hasSize(2);
        assertThat(delivered.get(0).reached()).containsExactly(AdQuartile.IMPRESSION, AdQuartile.FIRST_QUARTILE);
        assertThat(delivered.get(1).reached()).containsExactly(AdQuartile.THIRD_QUARTILE, AdQuartile.COMPLETE);
    }

    @Test
    void aForgedForeignOrUnknownReceiptRefusesTheBatchNamingIt() {
        String good = receipt(agent, FORK, 0, "s");
        ServingReceipt claimed = new ServingReceipt("cd".repeat(16), Sha256.fromHex(FORK), ad.rendition("hi").segments().get(1).sha256(), 10, "s",
                System.currentTimeMillis(), agent.address());
        String forged = new SignedReceipt(claimed, SigningKey.generate().sign(claimed.signedText())).header();
        refused(() -> check("s", good, forged), ProblemType.RECEIPT_REJECTED, 1);
        refused(() -> check("s", good, receipt(SigningKey.generate(), FORK, 1, "s")), ProblemType.RECEIPT_REJECTED, 1);
        refused(() -> check("s", good, receipt(agent, "cd".repeat(32), 1, "s")), ProblemType.RECEIPT_REJECTED, 1);
        refused(() -> check("s", good, receipt(agent, FORK, 1, "other")), ProblemType.RECEIPT_REJECTED, 1);
        String notAnAdSegment = ServingReceipt.issue(Sha256.fromHex(FORK), Sha256.of(new byte[] {7}), 10, "s", Clock.systemUTC(), agent).header();
        refused(() -> check("s", good, notAnAdSegment), ProblemType.RECEIPT_REJECTED, 1);
        refused(() -> check("s", good, "%%%"), ProblemType.RECEIPT_REJECTED, 1);
        assertThatThrownBy(() -> check("s")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST));
        assertThatThrownBy(() -> check(" ", good)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST));
    }

    @Test
    void aReceiptOlderThanTheConfiguredAgeRefusesTheBatchNamingIt() {
        String good = receipt(agent, FORK, 0, "s");
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String stale = ServingReceipt.issue(Sha256.fromHex(FORK), ad.rendition("hi").segments().get(1).sha256(), 10, "s", twoHoursAgo, agent).header();
        assertThatThrownBy(() -> check("s", good, stale)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.RECEIPT_REJECTED);
            assertThat(e.extensions()).containsEntry("receipt", 1);
            assertThat(e.getMessage()).contains("too old to count");
        });
        String fresh = ServingReceipt.issue(Sha256.fromHex(FORK), ad.rendition("hi").segments().get(1).sha256(), 10, "s",
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(50)), ZoneOffset.UTC), agent).header();
        assertThat(check("s", good, fresh)).as("within the age").hasSize(2);
    }

    @Test
    void aReceiptSignedByAnotherKeyThanItsAgentsIsNamedForgedByTheSharedCheck() {
        ServingReceipt claimed = new ServingReceipt("ef".repeat(16), Sha256.fromHex(FORK), ad.rendition("hi").segments().get(1).sha256(), 10, "s",
                System.currentTimeMillis(), agent.address());
        SigningKey forger = SigningKey.generate();
        String forged = new SignedReceipt(claimed, forger.sign(claimed.signedText())).header();
        assertThatThrownBy(() -> check("s", forged)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.getMessage()).contains("signed by " + forger.address(), "forged or altered"));
    }
}
