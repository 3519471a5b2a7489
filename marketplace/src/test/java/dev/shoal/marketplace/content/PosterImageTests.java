package dev.shoal.marketplace.content;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PosterImageTests {

    @Test
    void jpegAndPngAreKnownByTheirBytesAndDecoded() throws Exception {
        assertThat(PosterImage.read(CatalogIT.png(64, 36))).isEqualTo(new PosterImage("image/png", 64, 36));
        assertThat(PosterImage.read(CatalogIT.jpeg(320, 180))).isEqualTo(new PosterImage("image/jpeg", 320, 180));
    }

    @Test
    void webpSizesComeFromEachKindOfFrameHeader() {
        assertThat(PosterImage.read(webp("VP8X", 0, 0, 0, 0, 0x3F, 0x01, 0, 0xB3, 0, 0)))
                .isEqualTo(new PosterImage("image/webp", 320, 180));
        assertThat(PosterImage.read(webp("VP8 ", 0, 0, 0, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xB4, 0x00)))
                .isEqualTo(new PosterImage("image/webp", 320, 180));
        long bits = 319 | 179L << 14;
        assertThat(PosterImage.read(webp("VP8L", 0x2F, (int) (bits & 0xFF), (int) (bits >> 8 & 0xFF),
                (int) (bits >> 16 & 0xFF), (int) (bits >> 24 & 0xFF), 0, 0, 0, 0, 0, 0))).isEqualTo(new PosterImage("image/webp", 320, 180));
    }

    @Test
    void anythingElseIsRefusedPrecisely() throws Exception {
        assertRefused("<html>not an image</html>".getBytes(), ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertRefused(new byte[0], ProblemType.UNSUPPORTED_MEDIA_TYPE);
        byte[] jpeg = CatalogIT.jpeg(320, 180);
        assertRefused(Arrays.copyOf(jpeg, jpeg.length / 2), ProblemType.UNSUPPORTED_MEDIA_TYPE);
        byte[] png = CatalogIT.png(320, 180);
        assertRefused(Arrays.copyOf(png, png.length / 2), ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertRefused(CatalogIT.png(8, 200), ProblemType.POSTER_REJECTED);
        assertRefused(CatalogIT.png(5000, 20), ProblemType.POSTER_REJECTED);
        assertRefused(Arrays.copyOf(png, PosterImage.MAX_BYTES + 1), ProblemType.PAYLOAD_TOO_LARGE);
        byte[] cut = webp("VP8X", 0, 0, 0, 0, 0x3F, 0x01, 0, 0xB3, 0, 0);
        cut[4] = (byte) 0xFF;
        assertRefused(cut, ProblemType.UNSUPPORTED_MEDIA_TYPE);
    }

    /** The shipped template, rendered by a Qute engine of the test's own. */
    private static final Template PLACEHOLDER = placeholderTemplate();

    private static Template placeholderTemplate() {
        try (var in = PosterImageTests.class.getResourceAsStream("/templates/content/placeholder.svg")) {
            return Engine.builder().addDefaults().build().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void thePlaceholderIsTheTitlesInitialOnAColourOfTheId() {
        Posters.Image a = Posters.placeholder(PLACEHOLDER, "00ff" + "0".repeat(60), "élan vital");
        assertThat(a.mediaType()).isEqualTo("image/svg+xml");
        assertThat(new String(a.bytes())).contains("data-initial=\"É\"", "hsl(255,");
        assertThat(new String(Posters.placeholder(PLACEHOLDER, "0001" + "0".repeat(60), "<b>").bytes())).contains("data-initial=\"B\"", "hsl(1,");
        assertThat(new String(Posters.placeholder(PLACEHOLDER, "0001" + "0".repeat(60), "!!!").bytes())).contains("data-initial=\"?\"");
    }

    private static void assertRefused(byte[] bytes, ProblemType type) {
        assertThatThrownBy(() -> PosterImage.read(bytes)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).type()).isEqualTo(type));
    }

    /** A RIFF/WEBP file whose first chunk is {@code chunk}, then a 4-byte size, then {@code header} (from offset 20). */
    private static byte[] webp(String chunk, int... header) {
        byte[] b = new byte[20 + header.length + 2];
        System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
        int size = b.length - 8;
        b[4] = (byte) size;
        b[5] = (byte) (size >> 8);
        System.arraycopy("WEBP".getBytes(), 0, b, 8, 4);
        System.arraycopy(chunk.getBytes(), 0, b, 12, 4);
        for (int i = 0; i < header.length; i++) {
            b[20 + i] = (byte) header[i];
        }
        return b;
    }
}
