package dev.shoal.contracts.manifest;

import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.DemoKeys;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.segment.Chain;
import dev.shoal.contracts.segment.InitSegment;
import dev.shoal.contracts.segment.SegmentRecord;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ManifestCodecTests {

    private static final SigningKey CREATOR = DemoKeys.creator();

    @Provide
    Arbitrary<Manifest> manifests() {
        Arbitrary<Sha256> digests = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Sha256::wrap);
        Arbitrary<long[]> segmentFields = Arbitraries.longs().between(1, 50_000_000).array(long[].class).ofSize(2);
        Arbitrary<List<SegmentRecord>> segments = Combinators.combine(digests, digests, segmentFields,
                        Arbitraries.of(true, false))
                .as((sha, root, f, disc) -> new Object[]{sha, root, f, disc}).list().ofMinSize(1).ofMaxSize(12)
                .map(raw -> {
                    List<SegmentRecord> out = new ArrayList<>();
                    Sha256 link = Chain.GENESIS;
                    for (int i = 0; i < raw.size(); i++) {
                        Object[] o = raw.get(i);
                        Sha256 sha = (Sha256) o[0];
                        link = Chain.link(link, sha);
                        long[] f = (long[]) o[2];
                        out.add(new SegmentRecord(i, f[0], f[1], sha, link, (Sha256) o[1], (Boolean) o[3]));
                    }
                    return out;
                });
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        Arbitrary<Rendition> renditions = Combinators.combine(names, Arbitraries.of(Container.values()), segments,
                digests, digests, Arbitraries.integers().between(0, 4000), Arbitraries.longs().between(0, 20_000_000),
                Arbitraries.strings().ofMaxLength(20)).as((name, c, segs, initSha, initRoot, px, bw, codecs) ->
                new Rendition(name, c, codecs, bw, px, px * 9 / 16, px * 10, c == Container.FMP4
                        ? new InitSegment(700 + px, initSha, initRoot) : null, segs));
        return Combinators.combine(Arbitraries.strings().ofMaxLength(40), renditions.list().ofMinSize(1).ofMaxSize(3)
                        .uniqueElements(Rendition::name))
                .as((title, rs) -> new Manifest(title, CREATOR.address(), rs));
    }

    @Property(tries = 200)
    void canonicalEncodingRoundTrips(@ForAll("manifests") Manifest m) {
        Manifest decoded = Manifest.decode(m.encode());
        assertThat(decoded.contentId()).isEqualTo(m.contentId());
        assertThat(decoded.renditions()).isEqualTo(m.renditions());
        assertThat(decoded.title()).isEqualTo(m.title());
        assertThat(decoded.retentionRoot()).isEqualTo(m.retentionRoot());
    }

    @Property(tries = 100)
    void jsonAndSignedBinaryFormsRoundTrip(@ForAll("manifests") Manifest m) {
        SignedManifest signed = m.sign(CREATOR);
        SignedManifest fromJson = SignedManifest.fromJson(signed.toJson());
        assertThat(fromJson.contentId()).isEqualTo(m.contentId());
        assertThat(fromJson.signature()).isEqualTo(signed.signature());
        assertThat(SignedManifest.decode(signed.encode()).manifest().renditions()).isEqualTo(m.renditions());
    }

    @Property(tries = 200)
    void anyChangedByteIsRejectedOrChangesTheContentId(@ForAll("manifests") Manifest m,
                                                       @ForAll @IntRange(min = 0, max = 1 << 20) int where,
                                                       @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] bytes = m.encode();
        bytes[where % bytes.length] ^= (byte) xor;
        Throwable t = catchThrowable(() -> Manifest.decode(bytes));
        if (t == null) {
            assertThat(Manifest.decode(bytes).contentId()).isNotEqualTo(m.contentId());
        } else {
            assertThat(t).isInstanceOf(ContentException.class);
        }
    }

    @Property(tries = 100)
    void truncatedEncodingsAreMalformed(@ForAll("manifests") Manifest m, @ForAll @IntRange(min = 0, max = 1 << 20) int cut) {
        byte[] bytes = m.encode();
        byte[] shorter = java.util.Arrays.copyOf(bytes, cut % bytes.length);
        assertThatThrownBy(() -> Manifest.decode(shorter)).isInstanceOf(ContentException.ManifestMalformed.class);
    }

    @Property(tries = 30)
    void aSignatureByAnotherKeyIsASignatureMismatch(@ForAll("manifests") Manifest m) {
        Signature other = SigningKey.generate().sign(SignedManifest.signedText(m.contentId()));
        assertThatThrownBy(() -> new SignedManifest(m, other).verify())
                .isInstanceOfSatisfying(ContentException.SignatureMismatch.class,
                        e -> assertThat(e.code()).isEqualTo("manifest.signature-mismatch"));
    }

    @Property(tries = 30)
    void editingTheJsonIsDetected(@ForAll("manifests") Manifest m) {
        String json = m.sign(CREATOR).toJson();
        String edited = json.replaceFirst("\"size\" : (\\d+)", "\"size\" : 1$1");
        assertThatThrownBy(() -> SignedManifest.fromJson(edited)).isInstanceOf(ContentException.ManifestTampered.class);
        assertThatThrownBy(() -> SignedManifest.fromJson(json.substring(0, json.length() / 2)))
                .isInstanceOf(ContentException.ManifestMalformed.class);
    }
}
