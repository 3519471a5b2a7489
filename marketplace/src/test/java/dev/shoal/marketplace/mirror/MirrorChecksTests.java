package dev.shoal.marketplace.mirror;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.mirror.MirrorRegistration;
import dev.shoal.contracts.mirror.MirrorTemplate;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MirrorChecksTests {

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Duration FRESH = Duration.ofMinutes(10);
    static final Sha256 CONTENT = Sha256.of("content".getBytes());

    static MirrorRegistration signed(SigningKey key, String action, String url, Instant at) {
        return MirrorRegistration.sign(key, action, CONTENT, MirrorTemplate.parse(url), Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void aFreshRegistrationSignedByItsRegistrantPasses() {
        MirrorRegistration r = signed(DemoKeys.creator(), "add", "https://cdn.example/v/segments/{sha256}.{ext}", NOW.minusSeconds(30));
        MirrorChecks.Checked c = MirrorChecks.check(CONTENT.hex(), "add", r, NOW, FRESH);
        assertThat(c.registrant()).isEqualTo(DemoKeys.creator().address());
        assertThat(c.template().template()).isEqualTo("https://cdn.example/v/segments/{sha256}.{ext}");
        assertThat(c.digest()).isEqualTo(r.digest());
    }

    @Test
    void aForgedSignatureIsRefused() {
        MirrorRegistration r = signed(DemoKeys.creator(), "add", "https://cdn.example/v", NOW);
        MirrorRegistration forged = new MirrorRegistration(1, "add", r.contentId(), "https://other.example/v/segments/{sha256}",
                r.registrant(), r.issuedAtMillis(), r.signature());
        refused(() -> MirrorChecks.check(CONTENT.hex(), "add", forged, NOW, FRESH), ProblemType.SIGNATURE_INVALID);
        MirrorRegistration garbage = new MirrorRegistration(1, "add", r.contentId(), r.url(), r.registrant(), r.issuedAtMillis(), "0x1234");
        refused(() -> MirrorChecks.check(CONTENT.hex(), "add", garbage, NOW, FRESH), ProblemType.SIGNATURE_INVALID);
    }

    @Test
    void aStaleOrFutureRegistrationIsAReplay() {
        refused(() -> MirrorChecks.check(CONTENT.hex(), "add", signed(DemoKeys.creator(), "add", "https://cdn.example/v", NOW.minus(Duration.ofMinutes(11))),
                NOW, FRESH), ProblemType.REPLAYED);
        refused(() -> MirrorChecks.check(CONTENT.hex(), "add", signed(DemoKeys.creator(), "add", "https://cdn.example/v", NOW.plus(Duration.ofMinutes(11))),
                NOW, FRESH), ProblemType.REPLAYED);
    }

    @Test
    void aNonHttpUrlAnotherContentOrTheWrongActionIsAnInvalidRequest() {
        MirrorRegistration r = signed(DemoKeys.creator(), "add", "https://cdn.example/v", NOW);
        for (String bad : new String[]{"ftp://cdn.example/{sha256}", "file:///etc/{sha256}", "gopher://x/{sha256}"}) {
            MirrorRegistration notHttp = new MirrorRegistration(1, "add", r.contentId(), bad, r.registrant(), r.issuedAtMillis(), r.signature());
            refused(() -> MirrorChecks.check(CONTENT.hex(), "add", notHttp, NOW, FRESH), ProblemType.INVALID_REQUEST);
        }
        refused(() -> MirrorChecks.check(Sha256.of("other".getBytes()).hex(), "add", r, NOW, FRESH), ProblemType.INVALID_REQUEST);
        refused(() -> MirrorChecks.check(CONTENT.hex(), "remove", r, NOW, FRESH), ProblemType.INVALID_REQUEST);
        refused(() -> MirrorChecks.check(CONTENT.hex(), "add", null, NOW, FRESH), ProblemType.INVALID_REQUEST);
    }

    @Test
    void privateLoopbackAndLinkLocalHostsAreRefusedLoopbackOnlyWhereAllowed() {
        for (String host : new String[]{"10.1.2.3", "192.168.0.10", "172.16.5.5", "169.254.169.254", "100.64.0.1", "0.0.0.0",
                "[fd00::1]", "[fe80::1]", "127.0.0.1", "[::1]", "localhost"}) {
            refused(() -> MirrorChecks.requirePublicHost(host(host), false), ProblemType.MIRROR_PRIVATE_ADDRESS);
        }
        for (String host : new String[]{"10.1.2.3", "169.254.169.254", "[fd00::1]"}) {
            refused(() -> MirrorChecks.requirePublicHost(host(host), true), ProblemType.MIRROR_PRIVATE_ADDRESS);
        }
        assertThatCode(() -> MirrorChecks.requirePublicHost("127.0.0.1", true)).doesNotThrowAnyException();
        assertThatCode(() -> MirrorChecks.requirePublicHost("localhost", true)).doesNotThrowAnyException();
        assertThatCode(() -> MirrorChecks.requirePublicHost("93.184.215.14", false)).doesNotThrowAnyException();
        assertThatCode(() -> MirrorChecks.requirePublicHost("[2606:4700::1]", false)).doesNotThrowAnyException();
    }

    /** The host as a URL carries it ([::1]), as MirrorTemplate.host() returns it. */
    private static String host(String inUrl) {
        return MirrorTemplate.parse("http://" + inUrl + "/v").host();
    }

    static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ProblemType type) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(type));
    }
}
