package dev.shoal.agent.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.agent.AgentConfig;
import dev.shoal.agent.AgentRuntime;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.RenditionFormat;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.merkle.Merkle;
import dev.shoal.contracts.segment.InitSegment;
import dev.shoal.contracts.segment.SegmentRecord;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.media.MediaProbe;
import dev.shoal.contracts.playlist.SegmentName;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The live rooms this agent is the origin of: each one's stream key (hashed), its ingest state, its signed
 * announcements (an append-only log, {@code DATA/live/<room>/announcements.jsonl}) and its segments, which
 * stay pinned in the store for the recording. Rooms survive a restart: the chains continue from the log.
 */
@Singleton
public class LiveRooms {

    private static final Logger LOG = Logger.getLogger(LiveRooms.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOM_FILE = "room.json";
    private static final String LOG_FILE = "announcements.jsonl";

    /** A room at this origin. {@code gateway} is where its announcements go (none: kept locally only). */
    public static final class Room {
        final String id;
        final Sha256 streamKey;
        final String gateway;
        final Path dir;
        final RoomIngest ingest;
        final List<SignedAnnouncement> announced = new CopyOnWriteArrayList<>();
        /** The origin is shielded: its segments go to the room's relay agents only (set at open, or learnt from the gateway). */
        volatile boolean shielded;
        /** The room's playlists are applied in the order their requests began (an encoder does not wait for answers). */
        private CompletableFuture<?> turn = CompletableFuture.completedFuture(null);

        Room(String id, Sha256 streamKey, String gateway, Path dir, RoomIngest ingest) {
            this.id = id;
            this.streamKey = streamKey;
            this.gateway = gateway;
            this.dir = dir;
            this.ingest = ingest;
        }

        public String id() {
            return id;
        }

        public Optional<String> gateway() {
            return Optional.ofNullable(gateway);
        }

        public boolean shielded() {
            return shielded;
        }

        public List<SignedAnnouncement> announced() {
            return List.copyOf(announced);
        }

        /** Runs {@code work} on the body once it has arrived and every earlier playlist of the room is done. */
        synchronized <T> CompletableFuture<T> inTurn(CompletableFuture<byte[]> body, Function<byte[], CompletableFuture<T>> work) {
            CompletableFuture<T> mine = turn.handle((ignored, failure) -> null).thenCompose(ignored -> body).thenCompose(work);
            turn = mine;
            return mine;
        }
    }

    /** What opening a room answers, once: the stream key is never shown again. */
    public record Opened(String room, String streamKey, String ingestPath, String creator, String gateway) {
    }

    private final AgentRuntime runtime;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Set<Sha256> segments = ConcurrentHashMap.newKeySet();
    /**
     * Which rooms each live segment is of (a shielded origin serves a room's segments to its relays only). Several when
     * rooms carried identical bytes (segments are content-addressed: the same test pattern pushed to two rooms).
     */
    private final Map<Sha256, Set<Room>> roomsOfSegment = new ConcurrentHashMap<>();
    private volatile SigningKey creatorKey;
    /** Told of each new announcement, on the ingest's thread: the sender sends it at once (docs/live.md, "Origin -> gateway"). */
    private final List<Consumer<Room>> onAnnounced = new CopyOnWriteArrayList<>();

    public LiveRooms(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    /** {@code listener} hears of each announcement the moment it is logged; it must not block. */
    void onAnnounced(Consumer<Room> listener) {
        onAnnounced.add(listener);
    }

    /** Tells the listeners that {@code room} has logged a new announcement. */
    void announced(Room room) {
        onAnnounced.forEach(listener -> listener.accept(room));
    }

    void start(@Observes StartupEvent event) {
        load();
    }

    synchronized void load() {
        if (!rooms.isEmpty()) {
            return;
        }
        runtime.store().pinnedAlsoBy(segments::contains);
        Path root = root();
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(ROOM_FILE))).toList()) {
                try {
                    reopen(dir);
                } catch (IOException | RuntimeException e) {
                    LOG.warnf("live room in %s cannot be reopened: %s", dir, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private void reopen(Path dir) throws IOException {
        JsonNode room = JSON.readTree(dir.resolve(ROOM_FILE).toFile());
        String id = room.path("room").asText();
        boolean ended = room.path("ended").asBoolean(false);
        Room r = new Room(id, Sha256.fromHex(room.path("streamKeySha256").asText()),
                room.path("gateway").isTextual() ? room.path("gateway").asText() : null, dir,
                new RoomIngest(id, creatorKey(), limits()));
        r.shielded = room.path("shielded").asBoolean(false);
        Path log = dir.resolve(LOG_FILE);
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                SignedAnnouncement a = SignedAnnouncement.fromJson(line);
                r.ingest.restore(a, ended);
                r.announced.add(a);
                segments.add(a.announcement().sha256());
                addSegment(r, a.announcement().sha256());
                if (a.announcement().format().init() != null) {
                    segments.add(a.announcement().format().init());
                    addSegment(r, a.announcement().format().init());
                }
            }
        }
        rooms.put(id, r);
        deleteTree(dir.resolve("incoming"));
        LOG.infof("live room %s reopened: %d announcements", id, r.announced.size());
    }

    /** Opens a room at this origin with a fresh stream key. */
    public synchronized Opened open(String room, String gateway) {
        return open(room, gateway, false);
    }

    /** @param shielded only the room's relay agents (as its gateway lists them) may fetch its segments here */
    public synchronized Opened open(String room, String gateway, boolean shielded) {
        load();
        if (room == null || !room.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "a room id is 1 to 64 letters, digits, '-' or '_'"
                    + " (the gateway's room id)");
        }
        if (gateway != null && !gateway.matches("https?://[^\\s]+")) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the gateway is an http(s) URL");
        }
        if (rooms.containsKey(room)) {
            throw new ProblemException(ProblemType.CONFLICT, "room " + room + " is already open at this origin");
        }
        SigningKey key = creatorKey();
        String streamKey = StreamKey.generate();
        Path dir = root().resolve(room);
        ObjectNode json = JSON.createObjectNode().put("room", room).put("streamKeySha256", StreamKey.hash(streamKey).hex())
                .put("gateway", gateway).put("creator", key.address().toString())
                .put("openedAtMillis", runtime.clock().millis()).put("ended", false).put("shielded", shielded);
        writeAtomically(dir.resolve(ROOM_FILE), json.toString());
        Room opened = new Room(room, StreamKey.hash(streamKey), gateway, dir, new RoomIngest(room, key, limits()));
        opened.shielded = shielded;
        rooms.put(room, opened);
        LOG.infof("live room %s opened at this origin (announcements %s)", room, gateway == null ? "kept locally" : "to " + gateway);
        return new Opened(room, streamKey, "/ingest/" + room + "/" + streamKey + "/", key.address().toString(), gateway);
    }

    public Room room(String id) {
        load();
        Room r = rooms.get(id);
        if (r == null) {
            throw new ProblemException(ProblemType.ROOM_NOT_FOUND, "this origin has no live room " + IngestPath.shown(id));
        }
        return r;
    }

    /** The live room a segment at this origin is of, if any. */
    /** The rooms whose segment this is (none: not a live segment here). */
    public List<Room> roomsOfSegment(Sha256 segment) {
        Set<Room> of = roomsOfSegment.get(segment);
        return of == null ? List.of() : List.copyOf(of);
    }

    private void addSegment(Room room, Sha256 segment) {
        roomsOfSegment.computeIfAbsent(segment, s -> ConcurrentHashMap.newKeySet()).add(room);
    }

    public List<Room> rooms() {
        load();
        return List.copyOf(rooms.values());
    }

    /** The room, once the presented stream key is checked (missing: 401; wrong: 403). */
    Room authorised(String id, String presentedKey) {
        if (!StreamKey.looksLikeKey(presentedKey)) {
            throw new ProblemException(ProblemType.STREAM_KEY_MISSING, "the ingest URL is /ingest/{room}/{streamKey}/..."
                    + " with the stream key shown when the room was opened");
        }
        Room r = room(id);
        if (!StreamKey.matches(r.streamKey, presentedKey)) {
            throw new ProblemException(ProblemType.STREAM_KEY_REJECTED, "wrong stream key for room " + id);
        }
        return r;
    }

    /**
     * A PUT from the encoder, once its body arrived (the caller checked the key and the path): a playlist is
     * applied, a segment kept until a playlist names it.
     */
    Object put(Room room, IngestPath path, byte[] body) throws IOException {
        long now = runtime.clock().millis();
        room.ingest.touch(now);
        if (room.ingest.ended()) {
            throw new ProblemException(ProblemType.ROOM_ENDED, "room " + room.id + " has ended");
        }
        if (path.kind() == IngestPath.Kind.PLAYLIST) {
            String text = playlistText(path, body, limits().maxPlaylistBytes());
            List<SignedAnnouncement> done = room.ingest.playlist(path, text, now, sink(room));
            if (room.ingest.ended()) {
                ended(room);
            }
            return new PlaylistApplied(path.path(), done.stream().map(a -> new Announced(a.announcement().rendition(),
                    a.announcement().index(), SegmentName.media(a.announcement().sha256(), a.announcement().format().container()))).toList());
        }
        RoomIngest.Upload upload = receive(room, path, body, now);
        RoomIngest.Upload drop;
        try {
            drop = room.ingest.uploaded(upload);
        } catch (RuntimeException e) {
            Files.deleteIfExists(upload.file());
            throw e;
        }
        if (drop != null) {
            Files.deleteIfExists(drop.file());
        }
        return new SegmentReceived(path.path(), upload.sha256().hex(), upload.size());
    }

    public record Announced(String rendition, long index, String segment) {
        Announced(String rendition, long index, SegmentName name) {
            this(rendition, index, name.toString());
        }
    }

    public record PlaylistApplied(String playlist, List<Announced> announced) {
    }

    public record SegmentReceived(String path, String sha256, long size) {
    }

    /** A DELETE from the encoder (ffmpeg's {@code delete_segments}): accepted and ignored, the origin keeps all. */
    void delete(Room room) {
        room.ingest.touch(runtime.clock().millis());
    }

    private RoomIngest.Upload receive(Room room, IngestPath path, byte[] bytes, long now) throws IOException {
        long max = maxSegmentBytes();
        if (bytes.length > max) {
            throw tooLarge(path, max);
        }
        if (bytes.length == 0 || !(path.kind() == IngestPath.Kind.TS ? MediaProbe.isTransportStream(bytes) : MediaProbe.isIsoBmff(bytes))) {
            throw new ProblemException(ProblemType.NOT_HLS, path.path() + " is not "
                    + (path.kind() == IngestPath.Kind.TS ? "MPEG-TS (188-byte packets, each starting with 0x47)"
                    : "ISO BMFF (fMP4 boxes)"));
        }
        Path incoming = room.dir.resolve("incoming");
        Files.createDirectories(incoming);
        Path part = incoming.resolve(UUID.randomUUID() + ".part");
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(bytes);
            while (bb.hasRemaining()) {
                out.write(bb);
            }
            out.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        return new RoomIngest.Upload(path, Sha256.of(bytes), bytes.length, now, part);
    }

    long maxSegmentBytes() {
        return runtime.config().agent().maxSegmentBytes();
    }

    static ProblemException tooLarge(IngestPath path, long max) {
        return new ProblemException(ProblemType.SEGMENT_TOO_LARGE, path.path() + ": more than " + max
                + " bytes (shoal.agent.max-segment-bytes); nothing was kept");
    }

    private static String playlistText(IngestPath path, byte[] bytes, int max) {
        if (bytes.length > max) {
            throw new ProblemException(ProblemType.PLAYLIST_REJECTED, path.path() + " is larger than " + max
                    + " bytes (shoal.agent.live.max-playlist-bytes)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(ProblemType.NOT_HLS, path.path() + " is not UTF-8 text");
        }
    }

    private RoomIngest.Sink sink(Room room) {
        return new RoomIngest.Sink() {
            @Override
            public byte[] read(RoomIngest.Upload upload) {
                try {
                    return Files.readAllBytes(upload.file());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public byte[] stored(Sha256 sha256) {
                return runtime.store().read(sha256);
            }

            @Override
            public void store(RoomIngest.Upload upload, Container container, boolean init) {
                segments.add(upload.sha256());
                addSegment(room, upload.sha256()); // before the store has it: never served unchecked
                String type = init || container == Container.FMP4 ? "video/mp4" : "video/mp2t";
                try (InputStream in = Files.newInputStream(upload.file())) {
                    runtime.store().put(upload.sha256(), in, runtime.config().agent().maxSegmentBytes(), type);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void announced(SignedAnnouncement a) {
                try (FileChannel out = FileChannel.open(room.dir.resolve(LOG_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    out.write(java.nio.ByteBuffer.wrap((a.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
                    out.force(true);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot log announcement " + a.announcement().index() + " of room "
                            + room.id + ": " + e.getMessage(), e);
                }
                room.announced.add(a);
                LiveRooms.this.announced(room);
            }

            @Override
            public void discard(RoomIngest.Upload upload) {
                try {
                    Files.deleteIfExists(upload.file());
                } catch (IOException e) {
                    LOG.debugf("cannot delete %s: %s", upload.file(), e.getMessage());
                }
            }
        };
    }

    private void ended(Room room) throws IOException {
        ended(room, "every rendition's playlist carried #EXT-X-ENDLIST");
    }

    /**
     * The gateway says the creator ended the room ({@code event: end} on its stream, or the room already ENDING or
     * ENDED when the stream opens): the ingest stops as on the encoder's #EXT-X-ENDLIST, and the sender sends the
     * recording once the gateway acknowledged every announcement. False when the room had ended already.
     */
    public boolean endedAtGateway(Room room) {
        if (!room.ingest.end()) {
            return false;
        }
        try {
            ended(room, "its creator ended it at the gateway");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the end of room " + room.id + ": " + e.getMessage(), e);
        }
        return true;
    }

    private void ended(Room room, String why) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(room.dir.resolve(ROOM_FILE).toFile());
        writeAtomically(room.dir.resolve(ROOM_FILE), json.put("ended", true).toString());
        for (RoomIngest.Upload u : room.ingest.drainUploads()) {
            Files.deleteIfExists(u.file());
        }
        LOG.infof("live room %s ended: %s", room.id, why);
    }

    /** The creator's key from {@code shoal.agent.live.creator-key-file}; rooms cannot open without one. */
    SigningKey creatorKey() {
        SigningKey k = creatorKey;
        if (k == null) {
            Path file = runtime.config().agent().live().creatorKeyFile().orElseThrow(() -> new ProblemException(
                    ProblemType.CONFLICT, "this agent holds no creator key: set shoal.agent.live.creator-key-file to the"
                    + " creator's key file to make it an origin of live rooms"));
            k = SigningKey.fromFile(file);
            creatorKey = k;
        }
        return k;
    }

    RoomIngest.Limits limits() {
        AgentConfig.Live live = runtime.config().agent().live();
        return new RoomIngest.Limits(live.maxRenditions(), live.maxPlaylistBytes(), live.maxUploadedSegments(),
                live.takeoverAfter());
    }

    private Path root() {
        return runtime.config().agent().dataDir().resolve("live");
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path part = file.resolveSibling(file.getFileName() + ".part");
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Every segment of every room this origin holds, for eviction to leave alone. */
    boolean holds(Sha256 segment) {
        return segments.contains(segment);
    }

    /**
     * The recording of an ended room: a manifest over the stored segments in announcement order, renditions named as
     * announced, signed with the creator's key. Its chains are the announced ones, or it is refused here.
     */
    SignedManifest recording(Room room, String title) {
        Map<String, List<Announcement>> byRendition = new LinkedHashMap<>();
        for (SignedAnnouncement s : room.announced) {
            byRendition.computeIfAbsent(s.announcement().rendition(), k -> new ArrayList<>()).add(s.announcement());
        }
        MessageDigest md = Sha256.newDigest();
        List<Rendition> renditions = new ArrayList<>();
        for (Map.Entry<String, List<Announcement>> e : byRendition.entrySet()) {
            List<SegmentRecord> records = new ArrayList<>();
            Announcement first = e.getValue().get(0);
            for (Announcement a : e.getValue()) {
                byte[] bytes = runtime.store().read(a.sha256());
                records.add(new SegmentRecord((int) a.index(), a.durationMicros(), a.size(), a.sha256(), a.link(),
                        Merkle.chunkRoot(md, bytes, 0, bytes.length).hash(), a.discontinuity()));
            }
            RenditionFormat f = first.format();
            InitSegment init = null;
            if (f.init() != null) {
                byte[] bytes = runtime.store().read(f.init());
                init = new InitSegment(bytes.length, f.init(), Merkle.chunkRoot(md, bytes, 0, bytes.length).hash());
            }
            renditions.add(new Rendition(e.getKey(), f.container(), f.codecs(), f.bandwidth(), f.width(), f.height(), 0,
                    init, records));
        }
        return new Manifest(title, creatorKey().address(), renditions).sign(creatorKey());
    }

    List<SignedAnnouncement> announcements(String room) {
        return new ArrayList<>(room(room).announced);
    }
}
