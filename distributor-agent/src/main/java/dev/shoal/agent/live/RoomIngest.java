package dev.shoal.agent.live;

import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.SigningKey;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.RenditionFormat;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.manifest.Container;
import dev.shoal.contracts.manifest.HlsFolder;
import dev.shoal.contracts.media.MediaFormat;
import dev.shoal.contracts.media.MediaProbe;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.segment.Chain;
import io.lindstrom.m3u8.model.KeyMethod;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One room's ingest state machine at the origin (docs/live.md, "Ingest at the creator's origin"): segment
 * uploads wait until a media playlist of their rendition names them; then, in playlist order, each is chained,
 * announced (signed with the creator's key), stored and logged through the {@link Sink}. Every check of a
 * playlist runs before the first segment it completes is stored, so a refused playlist leaves nothing behind.
 * Thread-safe (one lock per room).
 */
final class RoomIngest {

    record Limits(int maxRenditions, int maxPlaylistBytes, int maxUploaded, Duration takeoverAfter) {
    }

    /** A segment's bytes that arrived in full, not yet named by a playlist. */
    record Upload(IngestPath path, Sha256 sha256, long size, long arrivedAtMillis, java.nio.file.Path file) {
    }

    /** Where completed segments go. Any exception stops the playlist there; what was done before stays done. */
    interface Sink {
        /** The bytes of an upload that is waiting. */
        byte[] read(Upload upload);

        /** The bytes of a segment already stored. */
        byte[] stored(Sha256 sha256);

        /** Into the store, pinned, served at once. */
        void store(Upload upload, Container container, boolean init);

        /** Appended to the room's log and queued for the room at the gateway. */
        void announced(SignedAnnouncement announcement);

        /** The upload's file is no longer needed. */
        void discard(Upload upload);
    }

    /** One rendition: its chain tip (kept across restarts) and the current encoder session's view of it. */
    static final class Rendition {
        final String name;
        long nextIndex;
        Sha256 link = Chain.GENESIS;
        Container container;
        Sha256 init;
        IngestPath initPath;
        RenditionFormat format;
        boolean ended;
        int session = -1;
        final TreeMap<Long, IngestPath> sequence = new TreeMap<>();
        final Map<IngestPath, Sha256> completed = new LinkedHashMap<>();
        long completedUpTo = -1;
        /** Whether the current encoder session has announced a segment of this rendition yet. */
        boolean announcedInSession;

        Rendition(String name) {
            this.name = name;
        }
    }

    /** What the master playlist says of a rendition. */
    record Described(long bandwidth, String codecs, int width, int height) {
    }

    private static final long MAX_SEGMENT_MICROS = 60_000_000;
    private static final long CLOCK_TRUST_MILLIS = 3_600_000;
    private static final int KEEP_SEQUENCE = 2048;

    private final String room;
    private final SigningKey creator;
    private final Limits limits;
    private final Map<IngestPath, Upload> uploads = new LinkedHashMap<>();
    private final Map<String, Rendition> renditions = new LinkedHashMap<>();
    private final Map<String, Described> described = new LinkedHashMap<>();
    private long lastPutMillis = -1;
    private int session;
    private boolean ended;

    RoomIngest(String room, SigningKey creator, Limits limits) {
        this.room = room;
        this.creator = creator;
        this.limits = limits;
    }

    String room() {
        return room;
    }

    synchronized boolean ended() {
        return ended;
    }

    /**
     * The creator ended the room at the gateway (the page's "End broadcast", {@code shoal live end}): every rendition
     * ends where its last completed segment is, as if its playlist had carried #EXT-X-ENDLIST; the encoder's further
     * PUTs are refused. False when it had ended already.
     */
    synchronized boolean end() {
        if (ended) {
            return false;
        }
        renditions.values().forEach(r -> r.ended = true);
        ended = true;
        return true;
    }

    /** Picks a room up from its log after a restart: the chains continue from their last announcement. */
    synchronized void restore(SignedAnnouncement signed, boolean roomEnded) {
        Announcement a = signed.announcement();
        Rendition r = renditions.computeIfAbsent(a.rendition(), Rendition::new);
        r.nextIndex = a.index() + 1;
        r.link = a.link();
        r.container = a.format().container();
        r.init = a.format().init();
        r.format = a.format();
        ended = roomEnded;
    }

    /**
     * A PUT or DELETE reached the room: after {@code takeoverAfter} of silence this begins a new encoder session
     * (a restarted encoder, or another one taking over).
     */
    synchronized void touch(long nowMillis) {
        if (lastPutMillis >= 0 && nowMillis - lastPutMillis >= limits.takeoverAfter().toMillis()) {
            session++;
        }
        lastPutMillis = nowMillis;
    }

    /**
     * Keeps a segment's bytes until a playlist names them. Returns the upload this one replaces (the same bytes
     * sent again; its file is the caller's to delete), or the new upload itself when the same bytes were already
     * completed under that name. Other bytes under a name already taken in this session: another encoder.
     */
    synchronized Upload uploaded(Upload upload) {
        requireOpen();
        for (Rendition r : renditions.values()) {
            Sha256 done = r.session == session ? r.completed.get(upload.path()) : null;
            if (done == null && upload.path().equals(r.initPath) && r.session == session) {
                done = r.init;
            }
            if (done != null) {
                if (done.equals(upload.sha256())) {
                    return upload;
                }
                throw new ProblemException(ProblemType.SECOND_ENCODER, upload.path().path() + " was already"
                        + " completed with other bytes in this encoder session: another encoder is pushing to room "
                        + room + " (a new one may start after " + limits.takeoverAfter().toSeconds() + " s of silence)");
            }
        }
        Upload waiting = uploads.get(upload.path());
        if (waiting != null && !waiting.sha256().equals(upload.sha256())) {
            throw new ProblemException(ProblemType.SECOND_ENCODER, upload.path().path() + " arrived again with other"
                    + " bytes before a playlist named it: another encoder is pushing to room " + room);
        }
        if (waiting == null && uploads.size() >= limits.maxUploaded()) {
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, limits.maxUploaded() + " segments of room " + room
                    + " arrived that no playlist named yet; send the playlist first");
        }
        return uploads.put(upload.path(), upload);
    }

    /** A playlist PUT: a master (variants) or a rendition's media playlist. */
    synchronized List<SignedAnnouncement> playlist(IngestPath path, String text, long nowMillis, Sink sink) {
        requireOpen();
        if (!text.stripLeading().startsWith("#EXTM3U")) {
            throw new ProblemException(ProblemType.NOT_HLS, path.path() + " does not start with #EXTM3U");
        }
        if (text.contains("#EXT-X-STREAM-INF")) {
            master(path, text);
            return List.of();
        }
        return media(path, text, nowMillis, sink);
    }

    private void master(IngestPath path, String text) {
        MasterPlaylist mp;
        try {
            mp = new MasterPlaylistParser(ParsingMode.LENIENT).readPlaylist(text);
        } catch (java.io.IOException | RuntimeException e) {
            throw new ProblemException(ProblemType.PLAYLIST_REJECTED, path.path() + " is not a valid master playlist: "
                    + e.getMessage());
        }
        if (mp.alternativeRenditions().stream().anyMatch(a -> a.uri().isPresent())) {
            throw new ProblemException(ProblemType.PLAYLIST_REJECTED, path.path() + " has alternate renditions"
                    + " (#EXT-X-MEDIA with URI); only muxed variant streams are carried");
        }
        if (mp.variants().size() > limits.maxRenditions()) {
            throw new ProblemException(ProblemType.LIVE_LIMIT, path.path() + " lists " + mp.variants().size()
                    + " variants; a room has at most " + limits.maxRenditions());
        }
        Map<String, Described> next = new LinkedHashMap<>();
        for (Variant v : mp.variants()) {
            IngestPath media = IngestPath.ofUri(path, v.uri());
            if (media.kind() != IngestPath.Kind.PLAYLIST) {
                throw new ProblemException(ProblemType.PLAYLIST_REJECTED, path.path() + ": variant " + v.uri()
                        + " is not a media playlist");
            }
            next.put(HlsFolder.renditionName(media.path()), new Described(Math.max(0, v.bandwidth()),
                    String.join(",", v.codecs()), v.resolution().map(r -> r.width()).orElse(0),
                    v.resolution().map(r -> r.height()).orElse(0)));
        }
        described.putAll(next);
        // ffmpeg writes the master after the first segments: later announcements carry what it says
        next.keySet().stream().map(renditions::get).filter(java.util.Objects::nonNull).forEach(r -> r.format = null);
    }

    /** One entry of a media playlist, checked. */
    private record Entry(long sequence, IngestPath path, long durationMicros, boolean discontinuity, IngestPath init,
                         Long programDateTimeMillis) {
    }

    private List<SignedAnnouncement> media(IngestPath path, String text, long nowMillis, Sink sink) {
        MediaPlaylist mp;
        try {
            mp = new MediaPlaylistParser(ParsingMode.LENIENT).readPlaylist(text);
        } catch (java.io.IOException | RuntimeException e) {
            throw new ProblemException(ProblemType.PLAYLIST_REJECTED, path.path() + " is not a valid media playlist: "
                    + e.getMessage());
        }
        String name = HlsFolder.renditionName(path.path());
        Rendition r = renditions.get(name);
        if (r == null && renditions.size() >= limits.maxRenditions()) {
            throw new ProblemException(ProblemType.LIVE_LIMIT, "room " + room + " has " + renditions.size()
                    + " renditions, the most an origin takes; " + path.path() + " would be one more");
        }
        if (r == null) {
            r = new Rendition(name);
        }
        List<Entry> entries = entries(path, mp, r);
        boolean newSession = r.session != session;
        if (!newSession) {
            for (Entry e : entries) {
                IngestPath known = r.sequence.get(e.sequence());
                if (known != null && !known.equals(e.path())) {
                    throw new ProblemException(ProblemType.SECOND_ENCODER, path.path() + " names " + e.path().path()
                            + " at media sequence " + e.sequence() + ", where this encoder session had "
                            + known.path() + ": another encoder is pushing to room " + room);
                }
            }
        }
        if (!newSession && !entries.isEmpty() && !r.sequence.isEmpty()
                && entries.get(entries.size() - 1).sequence() < r.sequence.lastKey()) {
            throw new ProblemException(ProblemType.SECOND_ENCODER, path.path() + " ends at media sequence "
                    + entries.get(entries.size() - 1).sequence() + ", behind " + r.sequence.lastKey()
                    + " that this encoder session already reached: another encoder is pushing to room " + room);
        }
        long completedUpTo = newSession ? -1 : r.completedUpTo;
        boolean resuming = r.nextIndex > 0 && completedUpTo < 0;
        List<Entry> todo = new ArrayList<>();
        for (Entry e : entries) {
            if (e.sequence() <= completedUpTo) {
                continue;
            }
            boolean arrived = uploads.containsKey(e.path());
            if (!arrived && resuming && todo.isEmpty()) {
                continue; // named before this origin knew the session (a restart): not ours to announce
            }
            if (!arrived) {
                throw new ProblemException(ProblemType.SEGMENT_NOT_UPLOADED, path.path() + " names " + e.path().path()
                        + " (media sequence " + e.sequence() + "), whose bytes never arrived at this origin");
            }
            boolean initKnown = e.init() == null || e.init().equals(r.initPath) || uploads.containsKey(e.init())
                    || (resuming && r.init != null);
            if (!initKnown) {
                throw new ProblemException(ProblemType.SEGMENT_NOT_UPLOADED, path.path() + " names the init segment "
                        + e.init().path() + ", whose bytes never arrived at this origin");
            }
            todo.add(e);
        }

        // every check passed: from here on, complete in order
        if (!renditions.containsKey(name)) {
            renditions.put(name, r);
        }
        if (newSession) {
            r.session = session;
            r.sequence.clear();
            r.completed.clear();
            r.completedUpTo = -1;
            r.announcedInSession = false;
        }
        List<SignedAnnouncement> out = new ArrayList<>();
        for (Entry e : todo) {
            boolean initChanged = false;
            if (e.init() != null && uploads.containsKey(e.init())) {
                Upload init = uploads.get(e.init());
                if (!init.sha256().equals(r.init)) {
                    sink.store(init, Container.FMP4, true);
                    initChanged = r.init != null;
                    r.init = init.sha256();
                    r.format = null;
                }
                r.initPath = e.init();
                uploads.remove(e.init());
                sink.discard(init);
            } else if (e.init() != null) {
                r.initPath = e.init();
            }
            Upload upload = uploads.get(e.path());
            Container container = e.init() != null ? Container.FMP4 : Container.MPEG_TS;
            if (r.format == null || r.container != container) {
                r.container = container;
                r.format = format(name, container, r.init, upload, sink);
            }
            long startedAt = e.programDateTimeMillis() != null && Math.abs(e.programDateTimeMillis() - nowMillis) < CLOCK_TRUST_MILLIS
                    ? e.programDateTimeMillis() : Math.max(0, upload.arrivedAtMillis() - e.durationMicros() / 1000);
            // the first segment a session completes in a rendition that had segments before (a restarted encoder or
            // origin), whichever of the session's playlists brings it: the session's first playlists may name only
            // segments this origin never got, and announce nothing
            boolean discontinuity = e.discontinuity() || initChanged || (r.nextIndex > 0 && !r.announcedInSession);
            SignedAnnouncement signed = Announcement.next(room, name, r.nextIndex, e.durationMicros(), upload.size(),
                    upload.sha256(), r.link, startedAt, discontinuity, r.format).sign(creator);
            sink.store(upload, container, false);
            sink.announced(signed);
            r.nextIndex++;
            r.announcedInSession = true;
            r.link = signed.announcement().link();
            r.completedUpTo = e.sequence();
            r.completed.put(e.path(), upload.sha256());
            uploads.remove(e.path());
            sink.discard(upload);
            out.add(signed);
        }
        for (Entry e : entries) {
            r.sequence.put(e.sequence(), e.path());
            if (e.sequence() > r.completedUpTo && todo.isEmpty() && resuming) {
                r.completedUpTo = e.sequence();
            }
        }
        while (r.sequence.size() > KEEP_SEQUENCE) {
            r.sequence.pollFirstEntry();
        }
        if (!mp.ongoing()) {
            r.ended = true;
            ended = renditions.values().stream().allMatch(x -> x.ended);
        }
        return out;
    }

    private List<Entry> entries(IngestPath path, MediaPlaylist mp, Rendition r) {
        List<Entry> out = new ArrayList<>();
        long sequence = mp.mediaSequence();
        // #EXT-X-MAP applies to every segment after it until the next one; the parser attaches it to the first only
        IngestPath init = null;
        for (MediaSegment s : mp.mediaSegments()) {
            String where = path.path() + ", media sequence " + sequence;
            if (s.segmentKey().isPresent() && s.segmentKey().get().method() != KeyMethod.NONE) {
                throw new ProblemException(ProblemType.PLAYLIST_REJECTED, where + ": encrypted segments are not carried");
            }
            if (s.byteRange().isPresent()) {
                throw new ProblemException(ProblemType.PLAYLIST_REJECTED, where + ": byte-range segments are not"
                        + " carried live; write one file per segment");
            }
            double seconds = s.duration();
            long micros = Math.round(seconds * 1_000_000);
            if (!(seconds > 0) || micros > MAX_SEGMENT_MICROS) {
                throw new ProblemException(ProblemType.PLAYLIST_REJECTED, where + ": a segment lasts more than 0 and at"
                        + " most 60 s, not " + seconds);
            }
            IngestPath segment = IngestPath.ofUri(path, s.uri());
            if (s.segmentMap().isPresent()) {
                if (s.segmentMap().get().byteRange().isPresent()) {
                    throw new ProblemException(ProblemType.PLAYLIST_REJECTED, where + ": a byte-range init segment");
                }
                init = IngestPath.ofUri(path, s.segmentMap().get().uri());
                if (init.kind() != IngestPath.Kind.INIT) {
                    throw new ProblemException(ProblemType.PLAYLIST_REJECTED, where + ": the init segment "
                            + init.path() + " is not .mp4");
                }
            }
            IngestPath.Kind expected = init != null ? IngestPath.Kind.M4S : IngestPath.Kind.TS;
            if (segment.kind() != expected) {
                throw new ProblemException(ProblemType.PLAYLIST_REJECTED, where + ": " + segment.path() + " is not "
                        + (init != null ? "an fMP4 segment (.m4s) after #EXT-X-MAP" : "an MPEG-TS segment (.ts)"));
            }
            Long pdt = s.programDateTime().map(t -> t.toInstant().toEpochMilli()).orElse(null);
            out.add(new Entry(sequence, segment, micros, s.discontinuity(), init, pdt));
            sequence++;
        }
        return out;
    }

    /** What the master said, the media filling in the rest. */
    private RenditionFormat format(String name, Container container, Sha256 init, Upload first, Sink sink) {
        Described said = described.getOrDefault(name, new Described(0, "", 0, 0));
        MediaFormat probed = said.codecs().isEmpty() || said.width() == 0
                ? (container == Container.FMP4 ? MediaProbe.fragmentedMp4(init == null ? null : sink.stored(init))
                        : MediaProbe.transportStream(sink.read(first)))
                : MediaFormat.UNKNOWN;
        boolean size = said.width() > 0 && said.height() > 0;
        return new RenditionFormat(container, container == Container.FMP4 ? init : null,
                said.codecs().isEmpty() ? probed.codecs() : said.codecs(),
                size ? said.width() : probed.width(), size ? said.height() : probed.height(), said.bandwidth());
    }

    private void requireOpen() {
        if (ended) {
            throw new ProblemException(ProblemType.ROOM_ENDED, "room " + room + " ended (its playlists carried"
                    + " #EXT-X-ENDLIST, or its creator ended it); open a new room to broadcast again");
        }
    }

    /** The room as the local API shows it. */
    record RenditionView(String name, String container, long segments, String lastLink, String init, String codecs,
                         int width, int height, long bandwidth, boolean ended) {
    }

    synchronized List<RenditionView> renditions() {
        return renditions.values().stream().map(r -> new RenditionView(r.name,
                r.container == null ? null : r.container.jsonName(), r.nextIndex, r.link.hex(),
                r.init == null ? null : r.init.hex(), r.format == null ? "" : r.format.codecs(),
                r.format == null ? 0 : r.format.width(), r.format == null ? 0 : r.format.height(),
                r.format == null ? 0 : r.format.bandwidth(), r.ended)).toList();
    }

    synchronized int waitingUploads() {
        return uploads.size();
    }

    /** Files of uploads that will never complete (the room ended or closes): the caller deletes them. */
    synchronized List<Upload> drainUploads() {
        List<Upload> out = List.copyOf(uploads.values());
        uploads.clear();
        return out;
    }
}
