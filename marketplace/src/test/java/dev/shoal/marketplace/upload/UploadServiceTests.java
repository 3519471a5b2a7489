package dev.shoal.marketplace.upload;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.content.ContentService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The upload's bookkeeping without a server: chunks at the offset, limits, owners, a cut connection (the real ffmpeg refuses text). */
class UploadServiceTests {

    @TempDir
    Path dir;

    private UploadService uploads;
    private MarketplaceConfig.Uploads settings;

    @BeforeEach
    void service() {
        MarketplaceConfig config = mock(MarketplaceConfig.class);
        settings = mock(MarketplaceConfig.Uploads.class);
        when(config.uploads()).thenReturn(settings);
        when(settings.dir()).thenReturn(Optional.of(dir.toString()));
        when(settings.maxBytes()).thenReturn(1000L);
        when(settings.chunkBytes()).thenReturn(100);
        when(settings.ffmpeg()).thenReturn(Optional.empty());
        when(settings.preset()).thenReturn("ultrafast");
        when(settings.gatewayUrl()).thenReturn("http://gateway");
        uploads = new UploadService(config, mock(ContentService.class));
    }

    @Test
    void chunksAppendAtTheOffsetAndAChunkElsewhereIsRefusedWithTheOffsetToResumeFrom() throws IOException {
        Upload upload = uploads.create("ann", new UploadRequest("clip.mp4", 300L, null));
        assertThat(upload.title).isEqualTo("clip");
        uploads.append("ann", upload.id, 0, bytes(100));
        assertThatThrownBy(() -> uploads.append("ann", upload.id, 0, bytes(100)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.UPLOAD_OFFSET_MISMATCH);
                    assertThat(e.extensions()).containsEntry("offset", 100L);
                });
        uploads.append("ann", upload.id, 100, bytes(100));
        assertThat(upload.offset).isEqualTo(200);
        assertThat(Files.size(upload.video)).isEqualTo(200);
    }

    @Test
    void aCutConnectionKeepsWhatArrivedAndTheUploadResumesFromThere() {
        Upload upload = uploads.create("ann", new UploadRequest("clip.mp4", 300L, null));
        InputStream cut = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent == 60) {
                    throw new IOException("connection reset");
                }
                sent++;
                return 7;
            }
        };
        uploads.append("ann", upload.id, 0, cut);
        assertThat(upload.offset).isEqualTo(60);
        uploads.append("ann", upload.id, 60, bytes(100));
        assertThat(upload.offset).isEqualTo(160);
        assertThat(upload.received).isEqualTo(160);
    }

    @Test
    void overTheLimitIsRefusedBeforeAnyByteAndMoreThanAnnouncedRemovesTheUpload() {
        assertThatThrownBy(() -> uploads.create("ann", new UploadRequest("big.mp4", 1001L, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
        Upload upload = uploads.create("ann", new UploadRequest("clip.mp4", 150L, null));
        uploads.append("ann", upload.id, 0, bytes(100));
        assertThatThrownBy(() -> uploads.append("ann", upload.id, 100, bytes(100)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
        assertThat(uploads.staged(upload.id)).isFalse();
    }

    @Test
    void onlyTheUploaderCanResumeReadOrRemoveIt() {
        Upload upload = uploads.create("ann", new UploadRequest("clip.mp4", 300L, null));
        assertThatThrownBy(() -> uploads.append("bob", upload.id, 0, bytes(100)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UPLOAD_NOT_YOURS));
        assertThatThrownBy(() -> uploads.remove("bob", upload.id))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UPLOAD_NOT_YOURS));
        assertThat(upload.offset).isZero();
        assertThatThrownBy(() -> uploads.owned("ann", "no-such"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UPLOAD_NOT_FOUND));
    }

    @Test
    void aNameCannotLeaveTheUploadsFolder() {
        Upload upload = uploads.create("ann", new UploadRequest("../../etc/passwd", 10L, null));
        assertThat(upload.video.getParent()).isEqualTo(dir.resolve(upload.id));
        assertThat(upload.name).isEqualTo("passwd");
        Upload dotted = uploads.create("ann", new UploadRequest("..", 10L, null));
        assertThat(dotted.video.getParent()).isEqualTo(dir.resolve(dotted.id));
    }

    @Test
    void aWholeFileThatIsNotAVideoIsRefusedByTheRealFfprobeAndNothingStays() {
        Upload upload = uploads.create("ann", new UploadRequest("notes.mp4", 100L, null));
        assertThatThrownBy(() -> uploads.append("ann", upload.id, 0, bytes(100)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.NOT_VIDEO);
                    assertThat(e.getMessage()).startsWith("notes.mp4 is not a video").endsWith("Nothing was kept.");
                });
        assertThat(uploads.staged(upload.id)).isFalse();
        assertThatThrownBy(() -> uploads.owned("ann", upload.id))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UPLOAD_NOT_FOUND));
    }

    @Test
    void withoutFfmpegANewUploadIsRefusedBeforeAnyByte() {
        when(settings.ffmpeg()).thenReturn(Optional.of(dir.resolve("no-ffmpeg-here").toString()));
        assertThatThrownBy(() -> uploads.create("ann", new UploadRequest("clip.mp4", 300L, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("install ffmpeg");
                });
        assertThat(dir).isEmptyDirectory();
    }

    private static InputStream bytes(int n) {
        return new ByteArrayInputStream(new byte[n]);
    }
}
