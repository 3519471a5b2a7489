package dev.shoal.contracts.mirror;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.wire.Golden;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MirrorRegistrationTests {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Clock AT = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    private static final Sha256 CONTENT = Sha256.of("a content".getBytes());

    @Test
    void theGoldenRegistrationReadsVerifiesAndIsWrittenBackTheSame() throws Exception {
        MirrorRegistration golden = JSON.readValue(Golden.text(Golden.MIRROR_REGISTRATION), MirrorRegistration.class);
        assertThat(golden.verify()).isEqualTo(DemoKeys.creator().address());
        assertThat(JSON.readTree(JSON.writeValueAsString(golden))).isEqualTo(Golden.tree(Golden.MIRROR_REGISTRATION));
        // signing the same fields again gives the very same body: the encoding is pinned
        MirrorRegistration again = MirrorRegistration.sign(DemoKeys.creator(), MirrorRegistration.ADD, CONTENT,
                MirrorTemplate.parse("https://bucket.example/shoal/segments/{sha256}.{ext}"), AT);
        assertThat(again).isEqualTo(golden);
    }

    @Test
    void theGoldenListReadsAndIsWrittenBackTheSame() throws Exception {
        MirrorList list = JSON.readValue(Golden.text(Golden.MIRROR_LIST), MirrorList.class);
        assertThat(list.mirrors()).extracting(MirrorList.Mirror::url).containsExactly("https://bucket.example/shoal/segments/{sha256}.{ext}");
        assertThat(JSON.readTree(JSON.writeValueAsString(list))).isEqualTo(Golden.tree(Golden.MIRROR_LIST));
    }

    @Test
    void aChangedFieldOrAnotherKeyDoesNotVerify() {
        MirrorRegistration r = MirrorRegistration.sign(DemoKeys.creator(), MirrorRegistration.ADD, CONTENT,
                MirrorTemplate.parse("https://bucket.example/x/segments/{sha256}"), AT);
        MirrorRegistration otherUrl = new MirrorRegistration(r.version(), r.action(), r.contentId(),
                "https://evil.example/x/segments/{sha256}", r.registrant(), r.issuedAtMillis(), r.signature());
        assertThatThrownBy(otherUrl::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        MirrorRegistration removal = new MirrorRegistration(r.version(), MirrorRegistration.REMOVE, r.contentId(), r.url(),
                r.registrant(), r.issuedAtMillis(), r.signature());
        assertThatThrownBy(removal::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        SigningKey stranger = SigningKey.generate();
        MirrorRegistration claimed = new MirrorRegistration(r.version(), r.action(), r.contentId(), r.url(),
                stranger.address().toString(), r.issuedAtMillis(), r.signature());
        assertThatThrownBy(claimed::verify).isInstanceOf(ContentException.SignatureMismatch.class);
        MirrorRegistration unsigned = new MirrorRegistration(1, "add", r.contentId(), r.url(), r.registrant(), r.issuedAtMillis(), null);
        assertThatThrownBy(unsigned::verify).isInstanceOf(ContentException.SignatureMismatch.class);
    }

    @Test
    void templatesNameTheSegmentAndAreHttp() {
        assertThat(MirrorTemplate.parse("https://cdn.example/v/").template()).isEqualTo("https://cdn.example/v/segments/{sha256}");
        MirrorTemplate t = MirrorTemplate.parse("http://127.0.0.1:9000/videos/segments/{sha256}.{ext}");
        assertThat(t.url("ab".repeat(32), "m4s")).isEqualTo("http://127.0.0.1:9000/videos/segments/" + "ab".repeat(32) + ".m4s");
        assertThat(t.host()).isEqualTo("127.0.0.1");
        for (String bad : new String[]{"ftp://host/{sha256}", "file:///tmp/{sha256}", "https://h/{sha256}/{name}",
                "https://user:pw@h/{sha256}", "https://h/{ext}", "javascript:alert(1)//{sha256}", ""}) {
            assertThatThrownBy(() -> MirrorTemplate.parse(bad)).as(bad).isInstanceOf(ContentException.MalformedValue.class);
        }
    }

    @Test
    void anUnknownVersionOrActionIsRefused() {
        MirrorRegistration r = MirrorRegistration.sign(DemoKeys.creator(), MirrorRegistration.ADD, CONTENT,
                MirrorTemplate.parse("https://cdn.example/v"), AT);
        assertThatThrownBy(() -> new MirrorRegistration(2, r.action(), r.contentId(), r.url(), r.registrant(), r.issuedAtMillis(), r.signature()).verify())
                .isInstanceOf(ContentException.MalformedValue.class);
        assertThatThrownBy(() -> new MirrorRegistration(1, "replace", r.contentId(), r.url(), r.registrant(), r.issuedAtMillis(), r.signature()).verify())
                .isInstanceOf(ContentException.MalformedValue.class);
    }
}
