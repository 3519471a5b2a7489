package dev.shoal.gateway.live;

import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.playlist.PlaylistWriter;
import dev.shoal.contracts.playlist.SegmentName;
import dev.shoal.contracts.playlist.SegmentUriTemplate;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What players read of a room, from verified announcements only (docs/live.md, "Live playlists"). */
@ApplicationScoped
public class LivePlaylists {

    private static final Pattern SEGMENT = Pattern.compile("([0-9a-f]{64})\\.(ts|m4s|mp4)");

    /** A room and, per rendition, its current window of announcements (oldest first). */
    /**
     * What a viewer's event stream starts with.
     *
     * @param wayMillis how long after its segment's end the median announcement of these reached the gateway (the
     *                  encoder's wall clock to acceptance), or -1 when none says: a page starts by it before it has
     *                  measured an announcement's way itself (docs/live.md, "In the browser")
     */
    public record Window(LiveRoom room, List<SignedAnnouncement> announcements, long wayMillis) {

        static Window of(LiveRoom room, List<LiveAnnouncement> rows) {
            List<Long> ways = new ArrayList<>();
            List<SignedAnnouncement> read = new ArrayList<>();
            for (LiveAnnouncement row : rows) {
                SignedAnnouncement a = row.read();
                read.add(a);
                long way = row.acceptedAt.toInstant().toEpochMilli()
                        - (a.announcement().startedAtMillis() + a.announcement().durationMicros() / 1000);
                if (way >= 0) {
                    ways.add(way);
                }
            }
            ways.sort(null);
            return new Window(room, List.copyOf(read), ways.isEmpty() ? -1 : ways.get(ways.size() / 2));
        }
    }

    private final LiveRoomRepository rooms;
    private final LiveRenditionRepository renditions;
    private final LiveAnnouncementRepository announcements;
    private final LiveRelays relays;

    public LivePlaylists(LiveRoomRepository rooms, LiveRenditionRepository renditions, LiveAnnouncementRepository announcements,
                         LiveRelays relays) {
        this.relays = relays;
        this.rooms = rooms;
        this.renditions = renditions;
        this.announcements = announcements;
    }

    @WithSession
    public Uni<Window> window(UUID id) {
        return room(id).chain(room -> renditions.ofRoom(id).chain(rs -> Multi.createFrom().iterable(rs)
                .onItem().transformToUniAndConcatenate(r -> announcements.window(id, r.name, room.window()))
                .collect().in(ArrayList<LiveAnnouncement>::new, ArrayList::addAll)
                .map(all -> Window.of(room, all))));
    }

    /** At most this many missed announcements are sent to a viewer who reconnects (the newest). */
    static final int RESUMED = 1024;

    /**
     * What a viewer's event stream starts with: when it reconnects with the id of the last announcement it got
     * ({@code Last-Event-ID: room/rendition/index}, as EventSource sends it), every announcement it missed since, so the
     * page's chain check goes on unbroken; otherwise (or when the id names no announcement of the room) the window.
     */
    @WithSession
    public Uni<Window> resume(UUID id, String lastEventId) {
        String[] cursor = lastEventId == null ? new String[0] : lastEventId.split("/");
        if (cursor.length != 3 || !cursor[0].equals(id.toString()) || !cursor[2].matches("[0-9]{1,18}")) {
            return window(id);
        }
        return room(id).chain(room -> announcements.since(id, cursor[1], Long.parseLong(cursor[2]), RESUMED).chain(missed ->
                missed == null ? window(id)
                        : Uni.createFrom().item(Window.of(room, missed))));
    }

    /**
     * The master playlist describes each rendition as its first announcement did, so that it is one and the same text
     * for every viewer of the room, whenever they join. Viewers' P2P swarms are named after what the master says of a
     * rendition (p2p-media-loader hashes its BANDWIDTH, CODECS and RESOLUTION into the swarm's id): a master that
     * changed as the room went on (ffmpeg writes its master after the first segments, so the origin's first
     * announcements carry no declared bandwidth and later ones do) split the viewers of one rendition into swarms that
     * never meet, and live segments went over HTTP to each.
     */
    @WithSession
    public Uni<String> master(UUID id) {
        return room(id).chain(room -> renditions.ofRoom(id).chain(rs -> {
            if (rs.isEmpty()) {
                throw new ProblemException(ProblemType.NOT_FOUND, "room " + id + " has no segment yet");
            }
            return Multi.createFrom().iterable(rs)
                    .onItem().transformToUniAndConcatenate(r -> announcements.first(id, r.name))
                    .filter(Objects::nonNull)
                    .map(a -> a.read().announcement())
                    .collect().asList()
                    .map(first -> PlaylistWriter.liveMaster(first, name -> name + ".m3u8"));
        }));
    }

    @WithSession
    public Uni<String> media(UUID id, String rendition) {
        return room(id).chain(room -> announcements.window(id, rendition, room.window()).chain(window -> {
            if (window.isEmpty()) {
                throw new ProblemException(ProblemType.NOT_FOUND, "room " + id + " has no rendition " + rendition + " yet");
            }
            List<Announcement> list = window.stream().map(a -> a.read().announcement()).toList();
            return announcements.discontinuitiesBefore(id, rendition, list.get(0).index())
                    .map(before -> PlaylistWriter.live(id.toString(), list, before,
                            SegmentUriTemplate.defaultAt("/live/" + id), room.state == RoomState.ENDED));
        }));
    }

    /**
     * Where a player gets an announced segment, or the init segment (.mp4) announced fMP4 segments name: the best-ranked
     * relay agent that reported holding it, else the origin unless the room shields it (docs/live.md, "Sources"); 503
     * while no source the room may name holds it yet, 404 for what the room never announced.
     */
    @WithSession
    public Uni<URI> segment(UUID id, String name) {
        Matcher m = SEGMENT.matcher(name);
        if (!m.matches()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_SEGMENT_ID,
                    "a segment is named by its lowercase hex SHA-256 and its extension (.ts, .m4s, .mp4)"));
        }
        boolean init = SegmentName.MP4.equals(m.group(2));
        return room(id).chain(room -> (init ? announcements.byInit(id, m.group(1))
                : announcements.bySha(id, m.group(1)).map(a -> a == null ? null : List.of(a, a))).chain(range -> {
            if (range == null) {
                throw new ProblemException(ProblemType.SEGMENT_NOT_FOUND, "room " + id + " announced no " + (init ? "init " : "")
                        + "segment " + m.group(1));
            }
            LiveAnnouncement first = range.get(0);
            return relays.sources(room).map(ranked -> LiveSources.pick(ranked, first.rendition, first.index, range.get(1).index, room.window())
                    .map(source -> URI.create(source.url() + "/segments/" + name))
                    .orElseThrow(() -> new ProblemException(ProblemType.SEGMENT_NOT_RELAYED_YET, "no source of room " + id
                            + " that may be named to viewers holds segment " + m.group(1) + " yet",
                            Map.of(ProblemException.RETRY_AFTER_SECONDS, 1))));
        }));
    }

    private Uni<LiveRoom> room(UUID id) {
        return rooms.findById(id).onItem().ifNull().failWith(() -> new ProblemException(ProblemType.ROOM_NOT_FOUND, "no live room " + id));
    }
}
