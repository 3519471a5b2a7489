package dev.shoal.marketplace.upload;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.Signature;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.manifest.ManifestBuilder;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.marketplace.MarketplaceConfig;
import dev.shoal.marketplace.content.ContentService;
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
import java.io.OutputStream;
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
 * Creators' uploads: resumable chunks staged on disk per upload (only the uploader may add to, read or remove one),
 * probed with ffprobe once whole (a file that is not a video, or a damaged one, is refused and its staging removed),
 * transcoded with the same ladder and {@link Transcoder} as {@code shoal publish}, its manifest built for the
 * creator's wallet to sign, and registered with this marketplace as the content's origin until agents hold it.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    private final MarketplaceConfig.Uploads config;
    private final ContentService contents;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    /** Registered contents' segments by hash, for agents fetching from this origin. */
    private final Map<Sha256, Path> segments = new ConcurrentHashMap<>();
    private final ExecutorService transcoding = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shoal-upload-transcoder");
        t.setDaemon(true);
        return t;
    });
    private final Path root;

    public UploadService(MarketplaceConfig config, ContentService contents) {
        this.config = config.uploads();
        this.contents = contents;
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
        String id = UUID.randomUUID().toString();
        Path dir = root.resolve(id);
        try {
            Files.createDirectories(dir);
            Files.createFile(dir.resolve(name));
        } catch (IOException e) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "cannot stage the upload: " + e.getMessage());
        }
        Upload upload = new Upload(id, owner, name, title, request.size(), dir);
        uploads.put(id, upload);
        return upload;
    }

    /** The upload if it is {@code owner}'s: 404 when there is none, 403 when it is another creator's. */
    Upload owned(String owner, String id) {
        Upload upload = uploads.get(id);
        if (upload == null) {
            throw new ProblemException(ProblemType.UPLOAD_NOT_FOUND, "no upload " + id + " (finished with, removed, or never started)");
        }
        if (!upload.owner.equals(owner)) {
            throw new ProblemException(ProblemType.UPLOAD_NOT_YOURS, "upload " + id + " is another creator's: only its uploader can resume, read or remove it");
        }
        return upload;
    }

    /**
     * Appends the chunk at {@code offset} (where the upload stands, else 409 with the offset to resume from). The last
     * chunk has the file probed: a refusal removes everything staged, a video starts transcoding.
     */
    Upload append(String owner, String id, long offset, InputStream body) {
        Upload upload = owned(owner, id);
        synchronized (upload) {
            if (upload.state != Upload.State.RECEIVING) {
                throw new ProblemException(ProblemType.CONFLICT, "upload " + id + " is whole already (" + upload.state + ")");
            }
            if (offset != upload.offset) {
                throw new ProblemException(ProblemType.UPLOAD_OFFSET_MISMATCH, "the chunk starts at byte " + offset + " but the upload holds "
                        + upload.offset + ": resume from there", Map.of("offset", upload.offset));
            }
            long room = upload.size - upload.offset;
            long written = 0;
            try (OutputStream out = Files.newOutputStream(upload.video, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    if (written + n > room) {
                        remove(upload);
                        throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "more bytes than the " + upload.size
                                + " announced for " + upload.name + ": the upload is removed", Map.of("maxBytes", config.maxBytes()));
                    }
                    out.write(buffer, 0, n);
                    written += n;
                }
            } catch (IOException e) {
                // a cut connection keeps what arrived whole: the page resumes from the offset it asks for
                LOG.debugf("upload %s cut after %d bytes of a chunk: %s", id, written, e.getMessage());
            } finally {
                upload.offset += written;
                upload.received += written;
            }
            if (upload.offset == upload.size) {
                probe(upload);
            }
            return upload;
        }
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
        List<Rung> ladder = Ladder.of(source);
        ladder.forEach(r -> upload.renditions.put(r.name(), new Upload.Rendition(r.name(), r.width(), r.height(), 0, source.durationSeconds())));
        upload.state = Upload.State.TRANSCODING;
        transcoding.submit(() -> transcode(upload, tools, source, ladder));
    }

    private void transcode(Upload upload, Ffmpeg tools, VideoSource source, List<Rung> ladder) {
        try {
            new Transcoder(tools, config.preset()).run(upload.video, source, ladder, upload.hls(), Transcoder.Processes.ONE,
                    (rendition, seconds) -> upload.renditions.computeIfPresent(rendition,
                            (k, r) -> new Upload.Rendition(r.name(), r.width(), r.height(), Math.min(seconds, r.of()), r.of())));
            ladder.forEach(r -> upload.renditions.computeIfPresent(r.name(), (k, v) -> new Upload.Rendition(v.name(), v.width(), v.height(), v.of(), v.of())));
            Files.deleteIfExists(upload.video);
            synchronized (upload) {
                upload.state = Upload.State.TRANSCODED;
            }
        } catch (MediaException | IOException e) {
            LOG.warnf("upload %s: %s", upload.id, e.getMessage());
            deleteTree(upload.dir);
            upload.fail(ProblemType.VIDEO_CORRUPT, "ffmpeg could not transcode " + upload.name + ": " + e.getMessage());
        }
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
        synchronized (upload) {
            if (upload.state != Upload.State.TRANSCODED && upload.state != Upload.State.SIGNING) {
                throw new ProblemException(ProblemType.CONFLICT, "upload " + id + " is " + upload.state + ", not transcoded yet");
            }
            upload.manifest = ManifestBuilder.build(HlsFolder.open(upload.hls()), upload.title, address);
            upload.contentId = upload.manifest.contentId().hex();
            upload.state = Upload.State.SIGNING;
            return upload;
        }
    }

    /**
     * Registers the content once the creator's wallet signed its manifest: the signature must recover to the manifest's
     * creator (422 signature-invalid otherwise, nothing registered); the origin is this marketplace.
     */
    Uni<Upload> register(String owner, String id, String signatureHex, String originBase) {
        Upload upload = owned(owner, id);
        SignedManifest signed;
        synchronized (upload) {
            if (upload.state != Upload.State.SIGNING || upload.manifest == null) {
                throw new ProblemException(ProblemType.CONFLICT, "upload " + id + " has no manifest to sign (" + upload.state + ")");
            }
            Signature signature;
            try {
                signature = Signature.fromHex(signatureHex);
            } catch (RuntimeException e) {
                throw new ProblemException(ProblemType.SIGNATURE_INVALID, "not a 65-byte hex signature: " + e.getMessage());
            }
            Address signer;
            try {
                signer = signature.recoverSigner(SignedManifest.signedText(upload.manifest.contentId()));
            } catch (RuntimeException e) {
                throw new ProblemException(ProblemType.SIGNATURE_INVALID, "the signature does not recover to any address: " + e.getMessage());
            }
            if (!signer.equals(upload.manifest.creator())) {
                throw new ProblemException(ProblemType.SIGNATURE_INVALID, "the manifest names creator " + upload.manifest.creator()
                        + " but the signature is by " + signer + ": sign with that wallet account");
            }
            signed = new SignedManifest(upload.manifest, signature);
        }
        String origin = config.publicUrl().orElse(originBase).replaceAll("/+$", "") + UploadOriginResource.PATH;
        return contents.register(owner, new ContentService.Registration(signed.toJson(), List.of(origin))).map(content -> {
            synchronized (upload) {
                index(upload);
                upload.state = Upload.State.REGISTERED;
            }
            return upload;
        });
    }

    private void index(Upload upload) {
        HlsFolder folder = HlsFolder.open(upload.hls());
        for (int i = 0; i < folder.renditions().size(); i++) {
            HlsFolder.HlsRendition files = folder.renditions().get(i);
            var records = upload.manifest.rendition(files.name()).segments();
            for (int j = 0; j < records.size(); j++) {
                segments.put(records.get(j).sha256(), files.segments().get(j).file());
            }
        }
    }

    /** A registered upload's segment file, for agents and players fetching from this origin. */
    Optional<Path> segment(Sha256 sha256) {
        return Optional.ofNullable(segments.get(sha256)).filter(Files::isRegularFile);
    }

    /** Drops the upload and everything staged for it (a registered content keeps its renditions: agents copy them). */
    void remove(String owner, String id) {
        Upload upload = owned(owner, id);
        synchronized (upload) {
            if (upload.state == Upload.State.REGISTERED) {
                throw new ProblemException(ProblemType.CONFLICT, "upload " + id + " is published; its renditions stay for the agents copying them");
            }
            remove(upload);
        }
    }

    private void remove(Upload upload) {
        uploads.remove(upload.id);
        deleteTree(upload.dir);
    }

    /** Whether anything is staged for the upload on disk (the tests check a refusal leaves nothing). */
    boolean staged(String id) {
        return Files.exists(root.resolve(id));
    }

    UploadView view(Upload u) {
        synchronized (u) {
            String watch = u.state == Upload.State.REGISTERED ? config.gatewayUrl().replaceAll("/+$", "") + "/watch/" + u.contentId : null;
            return new UploadView(u.id, u.name, u.title, u.size, u.offset, u.received, config.chunkBytes(), u.state.name(),
                    u.renditions.values().stream().sorted(Comparator.comparingInt(Upload.Rendition::height).reversed()).toList(),
                    u.errorType == null ? null : u.errorType.slug(), u.error, u.contentId,
                    u.manifest == null ? null : u.manifest.creator().toString(),
                    u.manifest == null ? null : SignedManifest.signedText(u.manifest.contentId()), watch,
                    watch == null ? null : "<iframe src=\"" + watch + "\" width=\"640\" height=\"360\" allow=\"autoplay; fullscreen\" allowfullscreen></iframe>");
        }
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
