package dev.shoal.marketplace.upload;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.content.ContentService;
import dev.shoal.marketplace.content.PosterImage;
import dev.shoal.marketplace.content.Posters;
import dev.shoal.media.ffmpeg.Ffmpeg;
import dev.shoal.media.ffmpeg.Ladder;
import dev.shoal.media.ffmpeg.MediaException;
import dev.shoal.media.ffmpeg.Rung;
import dev.shoal.media.ffmpeg.Transcoder;
import dev.shoal.media.ffmpeg.VideoSource;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Creators' uploads: resumable chunks staged per upload in the uploads' folder, shared by every instance, and their
 * state in PostgreSQL (V12), so any instance takes the next chunk and a restart resumes (only the uploader may add
 * to, read or remove one); probed with ffprobe once whole (a file that is not a video, or a damaged one, is refused
 * and its staging removed), transcoded with the same ladder and {@link Transcoder} as {@code shoal publish}, its
 * manifest built for the creator's wallet to sign, and registered with the marketplace as the content's origin until
 * agents hold it. Blocking methods: call them from worker threads.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);
    private static final Duration DB = Duration.ofSeconds(30);
    private static final String POSTER = "poster.jpg";

    private final MarketplaceConfig.Uploads config;
    private final ContentService contents;
    private final UploadRepository repository;
    private final Posters posters;
    private final Clock clock;
    /** Manifests built here, by upload: a miss (another instance built it, or a restart) rebuilds it from the files. */
    private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
    private final ExecutorService transcoding = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shoal-upload-transcoder");
        t.setDaemon(true);
        return t;
    });
    private final Path root;

    public UploadService(MarketplaceConfig config, ContentService contents, UploadRepository repository, Posters posters, Clock clock) {
        this.config = config.uploads();
        this.contents = contents;
        this.repository = repository;
        this.posters = posters;
        this.clock = clock;
        this.root = Path.of(this.config.dir().orElse(System.getProperty("java.io.tmpdir") + "/shoal-uploads"));
    }

    @PreDestroy
    void stop() {
        transcoding.shutdownNow();
    }

    public int chunkBytes() {
        return config.chunkBytes();
    }

    Upload create(String owner, UploadRequest request) {
        if (request == null || request.name() == null || request.name().isBlank() || request.size() == null || request.size() <= 0) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "name and size (bytes, more than 0) are required");
        }
        if (request.size() > config.maxBytes()) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, request.name() + " is " + request.size() + " bytes; this marketplace takes videos up to "
                    + config.maxBytes() + " bytes", Map.of("maxBytes", config.maxBytes()));
        }
        try {
            Ffmpeg.locate(config.ffmpeg().map(Path::of).orElse(null));
        } catch (MediaException e) {
            // before a byte is sent: this marketplace cannot transcode
            throw new ProblemException(ProblemType.UNAVAILABLE, "this marketplace cannot take videos now: " + e.getMessage());
        }
        String name = request.name().strip().replaceAll(".*[/\\\\]", "").replaceAll("[^\\p{L}\\p{N}._ ()-]", "_").replaceAll("^\\.", "_");
        if (name.isEmpty()) {
            name = "video";
        }
        String title = request.title() == null || request.title().isBlank() ? stem(name) : request.title().strip();
        Manifest cutLike = null;
        if (request.original() != null) {
            cutLike = original(request.original());
        }
        String id = UUID.randomUUID().toString();
        Path dir = root.resolve(id);
        try {
            Files.createDirectories(dir);
            Files.createFile(dir.resolve(name));
        } catch (IOException e) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "cannot stage the upload: " + e.getMessage());
        }
        Upload upload = new Upload(id, owner, name, title, request.size(), dir);
        upload.cutLike = cutLike == null ? null : cutLike.contentId().hex();
        try {
            sync(repository.insert(upload, clock.instant()));
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
        return upload;
    }

    /** The original an ad is cut like: a published content that is not a fork (400 for no content id, 404 for none). */
    private Manifest original(String contentId) {
        if (!contentId.matches("[0-9a-f]{64}")) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "original is a content id: 64 lowercase hex digits", Map.of("field", "original"));
        }
        String manifest = sync(repository.originalManifest(contentId));
        if (manifest == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no original content " + contentId + " to cut the ad like", Map.of("field", "original"));
        }
        return SignedManifest.fromJson(manifest).manifest();
    }

    /**
     * An ad's ladder: the original's renditions (name and picture size, its segment length being every transcoding's), so
     * Fork.splice finds the ad's rendition of each; bitrates near the original's measured ones.
     */
    static List<Rung> ladderLike(Manifest original, VideoSource source) {
        return original.renditions().stream().map(r -> {
            int audio = source.hasAudio() ? 128 : 0;
            int video = (int) Math.max(200, r.bandwidth() * 3 / 4 / 1000 - audio);
            return new Rung(r.name(), r.width(), r.height(), video, audio);
        }).toList();
    }

    /** The upload if it is {@code owner}'s: 404 when there is none, 403 when it is another creator's. */
    Upload owned(String owner, String id) {
        Upload upload = sync(repository.find(id, root));
        if (upload == null) {
            throw new ProblemException(ProblemType.UPLOAD_NOT_FOUND, "no upload " + id + " (finished with, removed, or never started)");
        }
        if (!upload.owner.equals(owner)) {
            throw new ProblemException(ProblemType.UPLOAD_NOT_YOURS, "upload " + id + " is another creator's: only its uploader can resume, read or remove it");
        }
        return upload;
    }

    /**
     * Writes the chunk at {@code offset} (where the upload stands, else 409 with the offset to resume from) and advances
     * the upload only if it still stands there: of two instances taking the same chunk, one wins and the other answers
     * 409. The last chunk has the file probed: a refusal removes everything staged, a video starts transcoding.
     */
    Upload append(String owner, String id, long offset, InputStream body) {
        Upload upload = owned(owner, id);
        if (upload.state != Upload.State.RECEIVING) {
            throw new ProblemException(ProblemType.CONFLICT, "upload " + id + " is whole already (" + upload.state + ")");
        }
        if (offset != upload.offset) {
            throw mismatch(offset, upload.offset);
        }
        long room = upload.size - upload.offset;
        long written = 0;
        try (FileChannel out = FileChannel.open(upload.video, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                if (written + n > room) {
                    remove(upload);
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "more bytes than the " + upload.size
                            + " announced for " + upload.name + ": the upload is removed", Map.of("maxBytes", config.maxBytes()));
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk, offset + written + (chunk.position()));
                }
                written += n;
            }
        } catch (IOException e) {
            // a cut connection keeps what arrived whole: the page resumes from the offset it asks for
            LOG.debugf("upload %s cut after %d bytes of a chunk: %s", id, written, e.getMessage());
        }
        if (written > 0 && !sync(repository.advance(id, offset, written, clock.instant()))) {
            Upload now = owned(owner, id);
            throw mismatch(offset, now.offset);
        }
        upload.offset += written;
        upload.received += written;
        if (upload.offset == upload.size) {
            probe(upload);
        }
        return upload;
    }

    private static ProblemException mismatch(long offset, long holds) {
        return new ProblemException(ProblemType.UPLOAD_OFFSET_MISMATCH, "the chunk starts at byte " + offset + " but the upload holds "
                + holds + ": resume from there", Map.of("offset", holds));
    }

    private void probe(Upload upload) {
        Ffmpeg tools;
        VideoSource source;
        try {
            tools = Ffmpeg.locate(config.ffmpeg().map(Path::of).orElse(null));
            source = tools.probe(upload.video);
        } catch (MediaException e) {
            remove(upload);
            throw new ProblemException(switch (e.kind()) {
                case NOT_VIDEO -> ProblemType.NOT_VIDEO;
                case CORRUPT -> ProblemType.VIDEO_CORRUPT;
                case NO_FFMPEG -> ProblemType.UNAVAILABLE;
                case FAILED -> ProblemType.INTERNAL;
            }, e.getMessage().replace(upload.video + ": ", "").replace(upload.dir.toString(), upload.name) + ". Nothing was kept.");
        }
        if (!sync(repository.move(upload.id, Upload.State.RECEIVING, Upload.State.TRANSCODING, clock.instant()))) {
            return; // another instance took the last chunk as well and transcodes it
        }
        upload.state = Upload.State.TRANSCODING;
        startTranscoding(upload, tools, source);
    }

    private void startTranscoding(Upload upload, Ffmpeg tools, VideoSource source) {
        List<Rung> ladder = upload.cutLike == null ? Ladder.of(source) : ladderLike(original(upload.cutLike), source);
        upload.renditions.clear();
        ladder.forEach(r -> upload.renditions.put(r.name(), new Upload.Rendition(r.name(), r.width(), r.height(), 0, source.durationSeconds())));
        sync(repository.progress(upload.id, upload.renditions.values(), clock.instant()));
        transcoding.submit(() -> transcode(upload, tools, source, ladder));
    }

    private void transcode(Upload upload, Ffmpeg tools, VideoSource source, List<Rung> ladder) {
        try {
            deleteTree(upload.hls()); // what a transcoding cut off left
            new Transcoder(tools, config.preset()).run(upload.video, source, ladder, upload.hls(), Transcoder.Processes.ONE,
                    (rendition, seconds) -> {
                        upload.renditions.computeIfPresent(rendition,
                                (k, r) -> new Upload.Rendition(r.name(), r.width(), r.height(), Math.min(seconds, r.of()), r.of()));
                        saveProgress(upload);
                    });
            ladder.forEach(r -> upload.renditions.computeIfPresent(r.name(), (k, v) -> new Upload.Rendition(v.name(), v.width(), v.height(), v.of(), v.of())));
            saveProgress(upload);
            takePoster(upload, tools, source);
            if (sync(repository.move(upload.id, Upload.State.TRANSCODING, Upload.State.TRANSCODED, clock.instant()))) {
                Files.deleteIfExists(upload.video);
            }
        } catch (MediaException | IOException e) {
            LOG.warnf("upload %s: %s", upload.id, e.getMessage());
            deleteTree(upload.dir);
            sync(repository.fail(upload.id, ProblemType.VIDEO_CORRUPT, "ffmpeg could not transcode " + upload.name + ": " + e.getMessage(), clock.instant()));
        } catch (RuntimeException e) {
            // the database went away: the upload stays TRANSCODING, untouched, and the jobs' holder transcodes it again
            LOG.warnf("upload %s: transcoding not recorded: %s", upload.id, e.getMessage());
        }
    }

    /** A frame a tenth of the way in (at most 10 s), as {@code shoal publish} takes it; without one the catalog shows its placeholder. */
    private void takePoster(Upload upload, Ffmpeg tools, VideoSource source) {
        try {
            tools.poster(upload.video, Math.min(10, source.durationSeconds() / 10), upload.dir.resolve(POSTER));
        } catch (MediaException e) {
            LOG.warnf("upload %s: no poster frame (%s): the catalog shows a placeholder", upload.id, e.getMessage());
        }
    }

    private void saveProgress(Upload upload) {
        try {
            sync(repository.progress(upload.id, upload.renditions.values(), clock.instant()));
        } catch (RuntimeException e) {
            LOG.debugf("upload %s: progress not saved: %s", upload.id, e.getMessage());
        }
    }

    /**
     * Transcodes again, here, the uploads whose transcoding nothing advanced since {@code before} (its instance went
     * away mid-way); each claimed by one caller. Returns how many.
     */
    int resumeStalledTranscodings(Instant before) {
        int resumed = 0;
        for (String id : sync(repository.inStateUntouchedSince(Upload.State.TRANSCODING, before))) {
            if (!sync(repository.claimUntouched(id, Upload.State.TRANSCODING, before, clock.instant()))) {
                continue;
            }
            Upload upload = sync(repository.find(id, root));
            try {
                Ffmpeg tools = Ffmpeg.locate(config.ffmpeg().map(Path::of).orElse(null));
                startTranscoding(upload, tools, tools.probe(upload.video));
                resumed++;
            } catch (MediaException e) {
                deleteTree(upload.dir);
                sync(repository.fail(id, ProblemType.VIDEO_CORRUPT, "the transcoding of " + upload.name + " cannot resume: "
                        + e.getMessage().replace(upload.dir.toString(), upload.name), clock.instant()));
            }
        }
        return resumed;
    }

    /** Removes the unfinished uploads (failed ones included) untouched since {@code before}, rows and files. Returns how many. */
    int removeAbandoned(Instant before) {
        int removed = 0;
        for (String id : sync(repository.untouchedSince(before))) {
            deleteTree(root.resolve(id));
            manifests.remove(id);
            if (sync(repository.delete(id))) {
                removed++;
            }
        }
        return removed;
    }

    /** Builds the manifest of the transcoded renditions for {@code creator} (the wallet's address); the page has the wallet sign its text. */
    Upload manifest(String owner, String id, String creator) {
        Upload upload = owned(owner, id);
        Address address;
        try {
            address = Address.parse(creator);
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "creator must be the wallet's 0x address, not " + creator);
        }
        if (upload.state != Upload.State.TRANSCODED && upload.state != Upload.State.SIGNING) {
            throw new ProblemException(ProblemType.CONFLICT, "upload " + id + " is " + upload.state + ", not transcoded yet");
        }
        Manifest manifest = ManifestBuilder.build(HlsFolder.open(upload.hls()), upload.title, address);
        if (!sync(repository.signing(id, address.toString(), manifest.contentId().hex(), clock.instant()))) {
            throw new ProblemException(ProblemType.CONFLICT, "upload " + id + " moved on meanwhile");
        }
        manifests.put(id, manifest);
        upload.manifest = manifest;
        upload.creator = address.toString();
        upload.contentId = manifest.contentId().hex();
        upload.state = Upload.State.SIGNING;
        return upload;
    }

    /** The manifest the creator's wallet signs: built here before, else rebuilt from the same files. */
    Manifest manifestOf(Upload upload) {
        return manifests.computeIfAbsent(upload.id, k -> ManifestBuilder.build(HlsFolder.open(upload.hls()), upload.title, Address.parse(upload.creator)));
    }

    /** A manifest the creator's wallet signed, and the poster frame taken while transcoding (null if none). */
    record Signed(SignedManifest manifest, byte[] poster, PosterImage posterImage) {
    }

    /**
     * Checks the creator's wallet signed the upload's manifest: the signature must recover to the manifest's creator
     * (422 signature-invalid otherwise, nothing registered). Blocking.
     */
    Signed signed(String owner, String id, String signatureHex) {
        Upload upload = owned(owner, id);
        if (upload.state != Upload.State.SIGNING || upload.creator == null) {
            throw new ProblemException(ProblemType.CONFLICT, "upload " + id + " has no manifest to sign (" + upload.state + ")");
        }
        Manifest manifest = manifestOf(upload);
        Signature signature;
        try {
            signature = Signature.fromHex(signatureHex);
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.SIGNATURE_INVALID, "not a 65-byte hex signature: " + e.getMessage());
        }
        Address signer;
        try {
            signer = signature.recoverSigner(SignedManifest.signedText(manifest.contentId()));
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.SIGNATURE_INVALID, "the signature does not recover to any address: " + e.getMessage());
        }
        if (!signer.equals(manifest.creator())) {
            throw new ProblemException(ProblemType.SIGNATURE_INVALID, "the manifest names creator " + manifest.creator()
                    + " but the signature is by " + signer + ": sign with that wallet account");
        }
        byte[] poster = null;
        PosterImage image = null;
        try {
            poster = Files.readAllBytes(upload.dir.resolve(POSTER));
            image = PosterImage.read(poster);
        } catch (IOException | ProblemException e) {
            poster = null;
        }
        return new Signed(new SignedManifest(manifest, signature), poster, image);
    }

    /**
     * Registers the signed content (on the caller's Vert.x context) with the marketplace as its origin, sets its poster
     * and records its segments for the origin.
     */
    Uni<Upload> register(String owner, String creatorName, String id, Signed signed, String originBase) {
        String origin = config.publicUrl().orElse(originBase).replaceAll("/+$", "") + UploadOriginResource.PATH;
        Path hls = root.resolve(id).resolve("hls");
        String contentId = signed.manifest().contentId().hex();
        return contents.register(owner, creatorName, new ContentService.Registration(signed.manifest().toJson(), List.of(origin)))
                .call(content -> signed.poster() == null ? Uni.createFrom().voidItem()
                        // the content is registered by now: a poster that fails leaves the placeholder, as shoal publish does
                        : posters.put(owner, contentId, signed.posterImage(), signed.poster())
                        .onFailure().invoke(e -> LOG.warnf("upload %s: the poster was not stored: %s", id, e.getMessage()))
                        .onFailure().recoverWithNull())
                .chain(content -> repository.registered(id, segmentFiles(signed.manifest().manifest(), hls), clock.instant()))
                .chain(() -> repository.find(id, root))
                .invoke(u -> u.manifest = signed.manifest().manifest());
    }

    /** Each segment's file relative to the upload's folder, by the SHA-256 the manifest gives it. */
    private static Map<String, String> segmentFiles(Manifest manifest, Path hls) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        HlsFolder folder = HlsFolder.open(hls);
        for (HlsFolder.HlsRendition rendition : folder.renditions()) {
            var records = manifest.rendition(rendition.name()).segments();
            for (int j = 0; j < records.size(); j++) {
                files.put(records.get(j).sha256().hex(), hls.getParent().relativize(rendition.segments().get(j).file()).toString());
            }
        }
        return files;
    }

    /** A registered upload's segment file, for agents and players fetching from this origin. Blocking. */
    Optional<Path> segment(Sha256 sha256) {
        UploadRepository.SegmentFile found = sync(repository.segment(sha256.hex()));
        return Optional.ofNullable(found).map(f -> root.resolve(f.uploadId()).resolve(f.file())).filter(Files::isRegularFile);
    }

    /** Whether this origin serves the segment (a registered upload's). Blocking. */
    public boolean holds(Sha256 sha256) {
        return segment(sha256).isPresent();
    }

    /** Drops the upload and everything staged for it (a registered content keeps its renditions: agents copy them). */
    void remove(String owner, String id) {
        Upload upload = owned(owner, id);
        if (upload.state == Upload.State.REGISTERED) {
            throw new ProblemException(ProblemType.CONFLICT, "upload " + id + " is published; its renditions stay for the agents copying them");
        }
        remove(upload);
    }

    private void remove(Upload upload) {
        manifests.remove(upload.id);
        deleteTree(upload.dir);
        sync(repository.delete(upload.id));
    }

    /** Whether anything is staged for the upload on disk (the tests check a refusal leaves nothing). */
    boolean staged(String id) {
        return Files.exists(root.resolve(id));
    }

    UploadView view(Upload u) {
        String watch = u.state == Upload.State.REGISTERED ? config.gatewayUrl().replaceAll("/+$", "") + "/watch/" + u.contentId : null;
        return new UploadView(u.id, u.name, u.title, u.size, u.offset, u.received, config.chunkBytes(), u.state.name(),
                u.renditions.values().stream().sorted(Comparator.comparingInt(Upload.Rendition::height).reversed()).toList(),
                u.errorType == null ? null : u.errorType.slug(), u.error, u.contentId, u.creator,
                u.contentId == null ? null : SignedManifest.signedText(Sha256.fromHex(u.contentId)), watch,
                watch == null ? null : "<iframe src=\"" + watch + "\" width=\"640\" height=\"360\" allow=\"autoplay; fullscreen\" allowfullscreen></iframe>");
    }

    private static <T> T sync(Uni<T> step) {
        return step.await().atMost(DB);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warnf("cannot delete %s: %s", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", dir, e.getMessage());
        }
    }
}
