package dev.shoal.marketplace.upload;

import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.media.ffmpeg.Rung;
import dev.shoal.media.ffmpeg.VideoSource;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.deploy.testing.MutableClock;
import dev.shoal.marketplace.content.ContentService;
import dev.shoal.marketplace.content.Posters;
import dev.shoal.service.scheduling.JobLease;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The upload's bookkeeping without a server: chunks at the offset, limits, owners, a cut connection (the real ffmpeg
 * refuses text), a restart and a second instance on the same rows and folder, the sweep of abandoned uploads.
 */
class UploadServiceTests {

    @TempDir
    Path dir;

    private UploadService uploads;
    private MarketplaceConfig config;
    private MarketplaceConfig.Uploads settings;
    private final MemoryUploads rows = new MemoryUploads();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @BeforeEach
    void service() {
        config = mock(MarketplaceConfig.class);
        settings = mock(MarketplaceConfig.Uploads.class);
        when(config.uploads()).thenReturn(settings);
        when(settings.dir()).thenReturn(Optional.of(dir.toString()));
        when(settings.maxBytes()).thenReturn(1000L);
        when(settings.chunkBytes()).thenReturn(100);
        when(settings.ffmpeg()).thenReturn(Optional.empty());
        when(settings.preset()).thenReturn("ultrafast");
        when(settings.gatewayUrl()).thenReturn("http://gateway");
        when(settings.abandonAfter()).thenReturn(Duration.ofHours(24));
        when(settings.stalledAfter()).thenReturn(Duration.ofMinutes(5));
        uploads = instance();
    }

    /** A marketplace instance: a new one on the same rows and folder is a restart, or another instance. */
    private UploadService instance() {
        return new UploadService(config, mock(ContentService.class), rows, mock(Posters.class), clock);
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
        assertThat(uploads.owned("ann", upload.id).offset).isEqualTo(200);
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
        assertThat(uploads.owned("ann", upload.id).offset).isEqualTo(60);
        uploads.append("ann", upload.id, 60, bytes(100));
        assertThat(uploads.owned("ann", upload.id).offset).isEqualTo(160);
        assertThat(uploads.owned("ann", upload.id).received).isEqualTo(160);
    }

    @Test
    void aRestartedMarketplaceResumesAnUnfinishedUploadFromItsOffset() throws IOException {
        Upload upload = uploads.create("ann", new UploadRequest("clip.mp4", 300L, null));
        uploads.append("ann", upload.id, 0, bytes(100, 1));
        uploads.stop();

        UploadService restarted = instance();
        Upload resumed = restarted.owned("ann", upload.id);
        assertThat(resumed.offset).isEqualTo(100);
        assertThat(resumed.name).isEqualTo("clip.mp4");
        assertThat(resumed.state).isEqualTo(Upload.State.RECEIVING);
        restarted.append("ann", upload.id, 100, bytes(100, 2));
        assertThat(restarted.owned("ann", upload.id).offset).isEqualTo(200);
        byte[] staged = Files.readAllBytes(upload.video);
        assertThat(staged).hasSize(200);
        assertThat(staged[99]).isEqualTo((byte) 1);
        assertThat(staged[100]).isEqualTo((byte) 2);
    }

    @Test
    void ofTwoInstancesTakingTheSameChunkOneWinsAndTheOtherSaysWhereToResume() {
        UploadService other = instance();
        Upload upload = uploads.create("ann", new UploadRequest("clip.mp4", 300L, null));
        uploads.append("ann", upload.id, 0, bytes(100));
        other.append("ann", upload.id, 100, bytes(100));
        assertThatThrownBy(() -> uploads.append("ann", upload.id, 100, bytes(100)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.UPLOAD_OFFSET_MISMATCH);
                    assertThat(e.extensions()).containsEntry("offset", 200L);
                });
        assertThat(uploads.owned("ann", upload.id).received).as("the refused chunk is not counted").isEqualTo(200);
    }

    @Test
    void theSweepRemovesUploadsUntouchedForTheAbandonPeriodOnlyOnTheJobsHolder() {
        JobLease lease = mock(JobLease.class);
        UploadSweep sweep = new UploadSweep(uploads, config, clock, lease);
        Upload abandoned = uploads.create("ann", new UploadRequest("old.mp4", 300L, null));
        uploads.append("ann", abandoned.id, 0, bytes(100));
        clock.advance(Duration.ofHours(20));
        Upload recent = uploads.create("ann", new UploadRequest("new.mp4", 300L, null));
        clock.advance(Duration.ofHours(4).plusSeconds(1));

        when(lease.heldNow()).thenReturn(false);
        assertThat(sweep.runIfHolding()).as("another instance holds the jobs' lease").isNull();
        assertThat(uploads.staged(abandoned.id)).isTrue();

        when(lease.heldNow()).thenReturn(true);
        assertThat(sweep.runIfHolding()).isEqualTo(new UploadSweep.Swept(0, 1));
        assertThat(uploads.staged(abandoned.id)).isFalse();
        assertThatThrownBy(() -> uploads.owned("ann", abandoned.id))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UPLOAD_NOT_FOUND));
        assertThat(uploads.owned("ann", recent.id).state).isEqualTo(Upload.State.RECEIVING);
        assertThat(uploads.staged(recent.id)).isTrue();
        assertThat(sweep.runIfHolding()).as("nothing more to remove").isEqualTo(new UploadSweep.Swept(0, 0));
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
    void anAdIsCutLikeItsOriginalAndAnUnknownOrMalformedOriginalIsRefusedBeforeAnythingIsStaged() throws IOException {
        SigningKey key = SigningKey.generate();
        Path fixture = Path.of(System.getProperty("shoal-root", "..")).resolve("contracts/src/test/resources/hls/ts");
        SignedManifest original = ManifestBuilder.build(HlsFolder.open(fixture), "Harbour", key.address()).sign(key);
        rows.originals.put(original.contentId().hex(), original.toJson());
        Upload ad = uploads.create("adv", new UploadRequest("ad.mp4", 150L, null, original.contentId().hex()));
        assertThat(uploads.owned("adv", ad.id).cutLike).as("kept with the upload, for any instance that transcodes it")
                .isEqualTo(original.contentId().hex());
        assertThat(UploadService.ladderLike(original.manifest(), new VideoSource(640, 360, 25, 6, true)))
                .as("the original's renditions, whatever the ad's own size")
                .extracting(Rung::name, Rung::width, Rung::height, Rung::audioKbps)
                .containsExactlyElementsOf(original.manifest().renditions().stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(r.name(), r.width(), r.height(), 128)).toList());

        try (var staged = Files.list(dir)) {
            assertThat(staged).hasSize(1);
        }
        String unknown = "ab".repeat(32);
        assertThatThrownBy(() -> uploads.create("adv", new UploadRequest("ad.mp4", 150L, null, unknown)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND);
                    assertThat(e.extensions()).containsEntry("field", "original");
                });
        assertThatThrownBy(() -> uploads.create("adv", new UploadRequest("ad.mp4", 150L, null, "not-an-id")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
                    assertThat(e.extensions()).containsEntry("field", "original");
                });
        try (var staged = Files.list(dir)) {
            assertThat(staged).as("nothing staged by a refusal").hasSize(1);
        }
    }

    @Test
    void theAdvertisersUploadMustNameTheOriginalTheCreatorsNeedNot() {
        UploadRequest bare = new UploadRequest("ad.mp4", 100L, null);
        assertThatThrownBy(() -> new UploadResource.Advertisers(uploads, null).checked(bare))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.INVALID_REQUEST);
                    assertThat(e.extensions()).containsEntry("field", "original");
                });
        assertThat(new UploadResource.Creators(uploads, null).checked(bare)).isSameAs(bare);
    }

    @Test
    void onlyTheUploaderCanResumeReadOrRemoveIt() {
        Upload upload = uploads.create("ann", new UploadRequest("clip.mp4", 300L, null));
        assertThatThrownBy(() -> uploads.append("bob", upload.id, 0, bytes(100)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UPLOAD_NOT_YOURS));
        assertThatThrownBy(() -> uploads.remove("bob", upload.id))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UPLOAD_NOT_YOURS));
        assertThat(uploads.owned("ann", upload.id).offset).isZero();
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

    private static InputStream bytes(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return new ByteArrayInputStream(b);
    }
}
