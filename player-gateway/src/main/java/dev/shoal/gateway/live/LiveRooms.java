package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.error.ContentException;
import dev.shoal.contracts.event.EventType;
import dev.shoal.contracts.event.LiveRelaysChosen;
import dev.shoal.contracts.event.LiveRoomStateChanged;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.live.Announcement;
import dev.shoal.contracts.live.AnnouncementVerifier;
import dev.shoal.contracts.live.AnnouncementsAccepted;
import dev.shoal.contracts.live.ArchiveTerms;
import dev.shoal.contracts.live.OriginClaim;
import dev.shoal.contracts.live.SignedAnnouncement;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.contracts.replay.InMemoryReplayStore;
import dev.shoal.contracts.replay.ReplayStore;
import dev.shoal.contracts.segment.SegmentRecord;
import dev.shoal.gateway.outbox.Outbox;
import dev.shoal.service.reactive.CallerContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Live rooms at the gateway (docs/live.md): opened by a creator, bound to an origin by a claim the creator's key
 * signed, fed with announcements that are verified (signature, chain, order) and stored in one transaction with their
 * events, ended by the origin's signed recording, whose chains must equal the announced ones.
 */
@ApplicationScoped
public class LiveRooms {

    public static final int MAX_TITLE_CHARS = 200;
    public static final int MAX_BATCH = 64;

    /**
     * @param archive      an optional archive preset, placed when the recording is archived
     * @param chosenRelays the relay agents (addresses) that may carry the room; null: any agent that opts in
     */
    public record OpenRequest(String title, String creator, Integer segmentSeconds, Integer maxDelaySeconds,
                              Boolean shieldOrigin, ArchiveTerms archive, List<String> chosenRelays) {
    }

    /** @param chosenRelays the relay agents (addresses) that may carry the room from now on; null: any agent that opts in */
    public record ChosenRelaysRequest(List<String> chosenRelays) {
    }


    private final LiveRoomRepository rooms;
    private final LiveRenditionRepository renditions;
    private final LiveAnnouncementRepository announcements;
    private final Outbox outbox;
    private final LiveFanOut fanOut;
    private final MarketplaceContents contents;
    private final MarketplaceOrders orders;
    private final Clock clock;
    private final LiveRelays liveRelays;

    public LiveRooms(LiveRoomRepository rooms, LiveRenditionRepository renditions, LiveAnnouncementRepository announcements,
                     Outbox outbox, LiveFanOut fanOut, @RestClient MarketplaceContents contents,
                     @RestClient MarketplaceOrders orders, Clock clock, LiveRelays liveRelays) {
        this.liveRelays = liveRelays;
        this.rooms = rooms;
        this.renditions = renditions;
        this.announcements = announcements;
        this.outbox = outbox;
        this.fanOut = fanOut;
        this.contents = contents;
        this.orders = orders;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<RoomView> open(String owner, String ownerName, OpenRequest request) {
        if (request == null || request.title() == null || request.title().isBlank() || request.title().length() > MAX_TITLE_CHARS) {
            return invalid("title is required, at most " + MAX_TITLE_CHARS + " characters");
        }
        Address creator;
        try {
            creator = Address.parse(request.creator());
        } catch (RuntimeException e) {
            // say why (a mixed-case address pasted with one letter's case changed fails its EIP-55 checksum)
            return invalid("creator must be the address (0x + 40 hex digits) whose key signs the room's announcements: " + e.getMessage());
        }
        int segment = request.segmentSeconds() == null ? 8 : request.segmentSeconds();
        if (segment < 2 || segment > 8) {
            return invalid("segmentSeconds must be 2 to 8");
        }
        int maxDelay = request.maxDelaySeconds() == null ? 3 * segment : request.maxDelaySeconds();
        if (maxDelay < 2 * segment || maxDelay > 600) {
            return invalid("maxDelaySeconds must be at least two segments (" + 2 * segment + " s) and at most 600");
        }
        ArchiveTerms archive = request.archive();
        String badPreset = archive == null ? null : archive.problem();
        if (badPreset != null) {
            return invalid("archive preset: " + badPreset);
        }
        List<String> chosen;
        try {
            chosen = ChosenRelays.parse(request.chosenRelays());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        LiveRoom room = new LiveRoom();
        room.roomId = UUID.randomUUID();
        room.owner = owner;
        room.ownerName = ownerName == null || ownerName.isBlank() ? null : ownerName.strip();
        room.creator = creator.toString();
        room.title = request.title().strip();
        room.segmentSeconds = segment;
        room.maxDelaySeconds = maxDelay;
        room.shielded = Boolean.TRUE.equals(request.shieldOrigin());
        room.chosenRelays = ChosenRelays.column(chosen);
        room.state = RoomState.SCHEDULED;
        room.stateVersion = 0;
        room.openedAt = now();
        if (archive != null) {
            room.archiveReplicas = archive.replicas();
            room.archiveMonths = archive.months();
            room.archiveEpochs = archive.epochs();
            room.archiveMaxPricePerGbMonth = archive.maxPricePerGbMonth();
        }
        return rooms.persist(room).chain(r -> view(r, List.of()));
    }

    @WithSession
    public Uni<RoomView> room(UUID id) {
        return existing(id).chain(r -> renditions.ofRoom(id).chain(rs -> view(r, rs)));
    }

    /** The room as its studio page shows it to its owner: 404 {@code room-not-found}, or 403 to any other account. */
    @WithSession
    public Uni<RoomView> ownRoom(UUID id, String owner) {
        return existing(id).map(r -> ownedBy(r, owner)).chain(r -> renditions.ofRoom(id).chain(rs -> view(r, rs)));
    }

    /**
     * Only the account that opened a room (its {@link LiveRoom#owner}) manages it: its studio page and sources, its
     * end, its relays, its archive.
     *
     * @throws ProblemException 403 {@code forbidden} for any other account
     */
    static LiveRoom ownedBy(LiveRoom room, String owner) {
        if (!room.owner.equals(owner)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "room " + room.roomId + " belongs to another creator");
        }
        return room;
    }

    @WithSession
    public Uni<LiveRoom> entity(UUID id) {
        return existing(id);
    }

    /**
     * The creator changes which relay agents may carry the room, while it has not ended: an agent no longer chosen is
     * dropped at once (its claim forgotten, so it is neither ranked nor listed to the origin) and its next claim refused;
     * the change goes out on the room's event stream ({@code event: relays}), on which the origin asks for the room's
     * relays at once and refuses the one removed.
     */
    @WithTransaction
    public Uni<RoomView> chooseRelays(UUID id, String owner, ChosenRelaysRequest request) {
        List<String> chosen;
        try {
            chosen = ChosenRelays.parse(request == null ? null : request.chosenRelays());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return rooms.locked(id).chain(room -> {
            if (room == null) {
                return notFound(id);
            }
            ownedBy(room, owner);
            if (room.state == RoomState.ENDED) {
                throw new ProblemException(ProblemType.ROOM_ENDED, "room " + id + " has ended");
            }
            room.chosenRelays = ChosenRelays.column(chosen);
            Uni<Long> dropped = chosen == null ? Uni.createFrom().item(0L)
                    : liveRelays.forgetAllBut(id, chosen);
            Instant at = clock.instant();
            String key = id.toString();
            return dropped.chain(() -> outbox.record(EventType.LIVE_RELAYS_CHOSEN, key, key + "/relays/" + at.toEpochMilli()
                            + "/" + room.chosenRelays, new LiveRelaysChosen(key, chosen, at.toString()), at))
                    .chain(() -> renditions.ofRoom(id)).chain(rs -> view(room, rs));
        });
    }

    /** The tracker's swarm of a room's viewers: the player names it so ({@code live.js}, the page's {@code data-swarm}). */
    public static final String SWARM_PREFIX = "live-";

    /** The room whose viewers' swarm this is, if the name is a live room's swarm at all. */
    public static java.util.Optional<UUID> roomOfSwarm(String swarm) {
        if (swarm == null || !swarm.startsWith(SWARM_PREFIX)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(UUID.fromString(swarm.substring(SWARM_PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** True while the room's viewers may meet in the tracker: it is LIVE, INTERRUPTED or ENDING (not before, not after). */
    @WithSession
    public Uni<Boolean> onAir(UUID id) {
        return rooms.findById(id).map(r -> r != null && (r.state == RoomState.LIVE || r.state == RoomState.INTERRUPTED
                || r.state == RoomState.ENDING));
    }

    @WithSession
    public Uni<List<RoomView>> inState(RoomState state) {
        return rooms.inState(state, 100).chain(list -> Multi.createFrom().iterable(list)
                .onItem().transformToUniAndConcatenate(r -> renditions.ofRoom(r.roomId).chain(rs -> view(r, rs)))
                .collect().asList());
    }

    /** The origin's claim, signed by the room's creator: binds (or moves) the room's origin. */
    @WithTransaction
    public Uni<AnnouncementsAccepted> claim(UUID id, OriginClaim claim) {
        if (claim == null || !id.toString().equals(claim.room())) {
            return invalid("the claim must name this room");
        }
        Address signer;
        try {
            signer = claim.verify();
            Address.parse(claim.agent());
            URI url = URI.create(claim.originUrl());
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                return invalid("originUrl must be an http(s) URL");
            }
        } catch (ContentException.SignatureMismatch e) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.SIGNATURE_INVALID, e.getMessage()));
        } catch (RuntimeException e) {
            return invalid("not a valid origin claim: " + e.getMessage());
        }
        return rooms.locked(id).chain(room -> {
            if (room == null) {
                return notFound(id);
            }
            if (!signer.toString().equalsIgnoreCase(room.creator)) {
                throw new ProblemException(ProblemType.SIGNATURE_INVALID, "the origin claim is signed by " + signer
                        + ", the room's creator is " + room.creator);
            }
            if (room.state == RoomState.ENDED) {
                throw new ProblemException(ProblemType.ROOM_ENDED, "room " + id + " has ended");
            }
            if (room.originAgent != null && !room.originAgent.equalsIgnoreCase(claim.agent()) && room.state == RoomState.LIVE) {
                throw new ProblemException(ProblemType.ORIGIN_CONFLICT, "room " + id + " is live from origin " + room.originAgent
                        + "; another origin may take over only while it is scheduled or interrupted");
            }
            room.originAgent = claim.agent();
            room.originUrl = claim.originUrl().replaceAll("/+$", "");
            room.shielded = room.shielded || claim.shielded();
            return renditions.ofRoom(id).map(rs -> accepted(id, rs));
        });
    }

    /**
     * An origin's ordered batch: each announcement signed by the room's creator, each the next of its rendition and
     * extending its chain; all of the batch is taken, or none.
     */
    @WithTransaction
    public Uni<AnnouncementsAccepted> announce(UUID id, List<JsonNode> batch) {
        if (batch == null || batch.isEmpty() || batch.size() > MAX_BATCH) {
            return invalid("a batch holds 1 to " + MAX_BATCH + " announcements");
        }
        List<SignedAnnouncement> signed = new ArrayList<>();
        for (JsonNode n : batch) {
            try {
                SignedAnnouncement a = SignedAnnouncement.fromJsonTree(n);
                if (!a.announcement().room().equals(id.toString())) {
                    return invalid("announcement for room " + a.announcement().room() + " sent to room " + id);
                }
                signed.add(a);
            } catch (ContentException e) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage()));
            }
        }
        return rooms.locked(id).chain(room -> {
            if (room == null) {
                return notFound(id);
            }
            if (room.state == RoomState.ENDED) {
                throw new ProblemException(ProblemType.ROOM_ENDED, "room " + id + " has ended");
            }
            return renditions.ofRoom(id).chain(tips -> accept(room, tips, signed));
        });
    }

    private Uni<AnnouncementsAccepted> accept(LiveRoom room, List<LiveRendition> tips, List<SignedAnnouncement> batch) {
        Address creator = Address.parse(room.creator);
        String room0 = room.roomId.toString();
        ReplayStore store = new InMemoryReplayStore();
        Map<String, LiveRendition> byName = new LinkedHashMap<>();
        for (LiveRendition r : tips) {
            byName.put(r.name, r);
            store.advance(scope(creator, room0, r.name), null, new ReplayStore.ChainTip(r.lastIndex, Sha256.fromHex(r.lastLink)));
        }
        AnnouncementVerifier verifier = new AnnouncementVerifier(store);
        Map<String, Object> cursor = Map.of("room", room0, "accepted", accepted(room.roomId, tips).accepted());
        List<Announcement> taken = new ArrayList<>();
        for (SignedAnnouncement a : batch) {
            try {
                taken.add(verifier.acceptNext(a, creator));
            } catch (ContentException.SignatureMismatch | ContentException.UnexpectedSigner | ContentException.SignatureMalformed e) {
                throw new ProblemException(ProblemType.SIGNATURE_INVALID, e.getMessage(), cursor);
            } catch (ContentException.ChainLinkMismatch e) {
                throw new ProblemException(ProblemType.CHAIN_LINK_MISMATCH, e.getMessage(), cursor);
            } catch (ContentException.AnnouncementReplayed e) {
                throw new ProblemException(ProblemType.REPLAYED, e.getMessage(), cursor);
            } catch (ContentException.AnnouncementOutOfOrder e) {
                throw new ProblemException(ProblemType.ANNOUNCEMENT_OUT_OF_ORDER, e.getMessage(), cursor);
            } catch (ContentException e) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage(), cursor);
            }
        }
        Instant at = clock.instant();
        OffsetDateTime now = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        Uni<Void> writes = Uni.createFrom().voidItem();
        for (int i = 0; i < batch.size(); i++) {
            SignedAnnouncement s = batch.get(i);
            Announcement a = taken.get(i);
            LiveAnnouncement row = new LiveAnnouncement();
            row.roomId = room.roomId;
            row.rendition = a.rendition();
            row.index = a.index();
            row.sha256 = a.sha256().hex();
            row.discontinuity = a.discontinuity();
            row.init = a.format().init() == null ? null : a.format().init().hex();
            row.signed = s.toJson();
            row.acceptedAt = now;
            LiveRendition tip = byName.get(a.rendition());
            if (tip == null) {
                tip = new LiveRendition();
                tip.roomId = room.roomId;
                tip.name = a.rendition();
                byName.put(tip.name, tip);
                LiveRendition created = tip;
                writes = writes.chain(() -> renditions.persist(created)).replaceWithVoid();
            }
            tip.lastIndex = a.index();
            tip.lastLink = a.link().hex();
            writes = writes.chain(() -> announcements.persist(row))
                    .chain(() -> outbox.record(EventType.LIVE_SEGMENT_ANNOUNCED, room0, room0 + "/" + a.rendition() + "/" + a.index(), s, at))
                    .replaceWithVoid();
        }
        room.lastAnnouncedAt = now;
        if (room.state == RoomState.SCHEDULED || room.state == RoomState.INTERRUPTED) {
            writes = writes.chain(() -> transition(room, RoomState.LIVE, at));
        }
        return writes.replaceWith(() -> accepted(room.roomId, List.copyOf(byName.values())));
    }

    /**
     * The origin's signed manifest of the recording: signed by the room's creator, and each rendition's segments equal
     * to its announcements from the first to the last. The room ends; its playlists get their #EXT-X-ENDLIST.
     */
    @WithTransaction
    public Uni<RoomView> endWithRecording(UUID id, String manifestJson) {
        SignedManifest manifest;
        try {
            manifest = SignedManifest.fromJson(manifestJson);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.MANIFEST_REJECTED, "not a signed manifest: " + e.getMessage()));
        }
        return rooms.locked(id).chain(room -> {
            if (room == null) {
                return notFound(id);
            }
            if (room.state == RoomState.ENDED) {
                if (manifestJson.equals(room.recording)) {
                    return renditions.ofRoom(id).chain(rs -> view(room, rs));
                }
                throw new ProblemException(ProblemType.ROOM_ENDED, "room " + id + " has ended");
            }
            try {
                manifest.verify(Address.parse(room.creator));
            } catch (ContentException e) {
                throw new ProblemException(ProblemType.SIGNATURE_INVALID, "the recording is not signed by the room's creator: " + e.getMessage());
            }
            return renditions.ofRoom(id).chain(rs -> {
                Map<String, Long> announced = accepted(id, rs).accepted();
                Map<String, Long> recorded = new TreeMap<>();
                manifest.manifest().renditions().forEach(r -> recorded.put(r.name(), (long) r.segments().size() - 1));
                if (!recorded.equals(new TreeMap<>(announced))) {
                    throw new ProblemException(ProblemType.RECORDING_MISMATCH, "the recording has renditions " + recorded
                            + ", the room announced " + announced);
                }
                return Multi.createFrom().iterable(manifest.manifest().renditions())
                        .onItem().transformToUniAndConcatenate(r -> announcements.all(id, r.name()).invoke(list -> compare(r, list)))
                        .collect().asList()
                        .chain(() -> {
                            room.recording = manifestJson;
                            room.endedAt = now();
                            if (room.archiveState == null) {
                                // every recording is registered by the gateway itself (RecordingArchiver), whoever ended
                                // the room; with the preset's order, when the room has one (the owner's consent)
                                room.archiveState = LiveRoom.ArchiveState.PENDING;
                                room.archiveNextAttemptAt = room.endedAt;
                            }
                            return transition(room, RoomState.ENDED, clock.instant());
                        })
                        .chain(() -> view(room, rs));
            });
        });
    }

    private static void compare(Rendition recorded, List<LiveAnnouncement> announced) {
        for (int i = 0; i < announced.size(); i++) {
            Announcement a = announced.get(i).read().announcement();
            SegmentRecord s = recorded.segments().get(i);
            if (s.index() != a.index() || !s.sha256().equals(a.sha256()) || !s.link().equals(a.link()) || s.size() != a.size()
                    || s.durationMicros() != a.durationMicros() || s.discontinuity() != a.discontinuity()) {
                throw new ProblemException(ProblemType.RECORDING_MISMATCH, "segment " + recorded.name() + " #" + i
                        + " of the recording is not the one announced");
            }
        }
    }

    /**
     * The creator's end (the bearer API, {@code shoal live end}, the page's "End broadcast"): cancels a room that never
     * went live; a room on the air goes ENDING, which its origin follows (it stops its ingest and sends the recording);
     * an ended room's recording is registered with the marketplace (the creator's token passed on), outside any
     * transaction: the room is not held locked while the marketplace answers.
     */
    public Uni<RoomView> endByCreator(UUID id, String owner, String authorization) {
        Executor here = CallerContext.executor();
        return Panache.withTransaction(() -> rooms.locked(id).chain(room -> {
            if (room == null) {
                return notFound(id);
            }
            ownedBy(room, owner);
            if (room.state == RoomState.SCHEDULED) {
                room.endedAt = now();
                return transition(room, RoomState.ENDED, clock.instant()).replaceWith(room);
            }
            if (room.state == RoomState.LIVE || room.state == RoomState.INTERRUPTED) {
                // the origin follows the room's event stream ("end"): it stops its ingest and sends the recording
                return transition(room, RoomState.ENDING, clock.instant()).replaceWith(room);
            }
            return Uni.createFrom().item(room);
        })).chain(room -> {
            if (room.state != RoomState.ENDED || room.recording == null || room.contentId != null) {
                return Uni.createFrom().voidItem();
            }
            return contents.register(authorization, new MarketplaceContents.Registration(room.recording, recordingOrigins(room)))
                    .emitOn(here)
                    .onFailure().transform(e -> new ProblemException(ProblemType.UNAVAILABLE,
                            "the marketplace did not register the recording: " + e.getMessage()))
                    .chain(answer -> Panache.withTransaction(() -> rooms.update("contentId = ?1 where roomId = ?2",
                            answer.path("contentId").asText(), id)))
                    .replaceWithVoid();
        }).chain(() -> room(id));
    }

    /** @param order the marketplace's order, as it answered */
    public record Archived(String room, String contentId, JsonNode order) {
    }

    /**
     * "Archive with N replicas": the recording registered (if it is not yet) and the storage order placed, in one step;
     * funding then follows as for any order (docs/payments.md).
     */
    public Uni<Archived> archive(UUID id, String owner, String authorization, ArchiveTerms request) {
        Executor here = CallerContext.executor();
        return entity(id).chain(room -> {
            ownedBy(room, owner);
            if (room.state != RoomState.ENDED || room.recording == null) {
                throw new ProblemException(ProblemType.CONFLICT, "room " + id + " has no recording yet: it is archived once it ended");
            }
            ArchiveTerms terms = (request == null ? new ArchiveTerms(null, null, null, null) : request)
                    .over(room.archivePreset());
            String bad = terms.problem();
            if (bad != null) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, bad + " (given here, or in the room's archive preset)");
            }
            // terms checked first: a request that could never be placed is refused as such, archived or not
            if (room.archiveState == LiveRoom.ArchiveState.PLACED) {
                throw new ProblemException(ProblemType.CONFLICT, "room " + id + " is archived already: order " + room.archiveOrderId,
                        Map.of("order", room.archiveOrderId));
            }
            return endByCreator(id, owner, authorization).chain(view -> orders.place(authorization,
                            new MarketplaceOrders.OrderRequest(view.contentId(), terms.replicas(), terms.months(), terms.epochs(),
                                    terms.maxPricePerGbMonth()))
                    .emitOn(here)
                    .onFailure().transform(e -> e instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse().getStatus() < 500
                            ? new ProblemException(ProblemType.CONFLICT, "the marketplace refused the order: " + w.getMessage())
                            : new ProblemException(ProblemType.UNAVAILABLE, "the marketplace did not place the order: " + e.getMessage()))
                    .call(order -> Panache.withTransaction(() -> rooms.update("archiveState = ?1, archiveOrderId = ?2, archiveProblem = null"
                            + " where roomId = ?3 and (archiveState is null or archiveState <> ?1)", LiveRoom.ArchiveState.PLACED,
                            order.path("id").asText(), id)))
                    .map(order -> new Archived(id.toString(), view.contentId(), order)));
        });
    }

    /** A room's preset order to place, leased to this instance: the request for the marketplace is built from it. */
    public record PresetToPlace(UUID room, int attempt, dev.shoal.contracts.live.RecordingArchive request) {
    }

    /** How long an instance holds a preset's order before another may attempt it (it answers in far less). */
    static final java.time.Duration ARCHIVE_LEASE = java.time.Duration.ofMinutes(2);

    /**
     * The next ended room whose preset order is due, leased to this instance by a compare-and-set of its next attempt
     * (so instances running this at once take different rooms, or none), with what proves its recording: each
     * rendition's last announcement. Null when none is due.
     */
    @WithTransaction
    public Uni<PresetToPlace> leaseDuePreset() {
        OffsetDateTime now = now();
        return rooms.find("archiveState = ?1 and archiveNextAttemptAt <= ?2 order by archiveNextAttemptAt",
                        LiveRoom.ArchiveState.PENDING, now).firstResult()
                .chain(room -> room == null ? Uni.createFrom().<PresetToPlace>nullItem()
                        : rooms.update("archiveNextAttemptAt = ?1, archiveAttempts = archiveAttempts + 1 where roomId = ?2"
                                        + " and archiveState = ?3 and archiveNextAttemptAt = ?4", now.plus(ARCHIVE_LEASE), room.roomId,
                                LiveRoom.ArchiveState.PENDING, room.archiveNextAttemptAt)
                        .chain(won -> won == 0 ? Uni.createFrom().<PresetToPlace>nullItem()
                                : renditions.ofRoom(room.roomId).chain(rs -> Multi.createFrom().iterable(rs)
                                        .onItem().transformToUniAndConcatenate(r -> announcements.find(
                                                "roomId = ?1 and rendition = ?2 and index = ?3", room.roomId, r.name, r.lastIndex)
                                                .firstResult().map(LiveAnnouncement::read))
                                        .collect().asList()
                                        .map(last -> new PresetToPlace(room.roomId, room.archiveAttempts + 1, presetRequest(room, last))))));
    }

    /**
     * Where the recording's segments are served: the room's origin, shielded or not. The shield protects the broadcast;
     * once the room has ended its origin serves the recording to anyone, like any content it holds (docs/live.md).
     */
    static List<String> recordingOrigins(LiveRoom room) {
        return room.originUrl == null ? List.of() : List.of(room.originUrl);
    }

    private static dev.shoal.contracts.live.RecordingArchive presetRequest(LiveRoom room, List<SignedAnnouncement> last) {
        List<String> origins = recordingOrigins(room);
        return new dev.shoal.contracts.live.RecordingArchive(dev.shoal.contracts.live.RecordingArchive.VERSION, room.roomId.toString(),
                room.owner, room.ownerName == null ? room.owner : room.ownerName, room.recording, origins, last, room.archiveReplicas,
                room.archiveMonths, room.archiveEpochs, room.archiveMaxPricePerGbMonth);
    }

    /** The preset's order placed (or the owner's order for the recording answered again): the room shows it. */
    @WithTransaction
    public Uni<Integer> presetPlaced(UUID id, String contentId, String orderId) {
        return rooms.update("archiveState = ?1, archiveOrderId = ?2, archiveProblem = null, contentId = coalesce(contentId, ?3)"
                + " where roomId = ?4 and archiveState = ?5", LiveRoom.ArchiveState.PLACED, orderId, contentId, id, LiveRoom.ArchiveState.PENDING);
    }

    /** The recording registered, nothing to order (the room has no preset): the room shows its content. */
    @WithTransaction
    public Uni<Integer> recordingRegistered(UUID id, String contentId) {
        return rooms.update("archiveState = null, archiveProblem = null, contentId = coalesce(contentId, ?1) where roomId = ?2"
                + " and archiveState = ?3", contentId, id, LiveRoom.ArchiveState.PENDING);
    }

    /** The marketplace refused the preset's order (4xx): the room shows why; the creator may still archive by hand. */
    @WithTransaction
    public Uni<Integer> presetRefused(UUID id, String problem) {
        return rooms.update("archiveState = ?1, archiveProblem = ?2 where roomId = ?3 and archiveState = ?4",
                LiveRoom.ArchiveState.REFUSED, problem, id, LiveRoom.ArchiveState.PENDING);
    }

    /** The marketplace or Keycloak could not be asked: attempted again later (doubling from 2 s, at most 5 minutes). */
    @WithTransaction
    public Uni<Integer> presetLater(UUID id, int attempt, String why) {
        long seconds = Math.min(300, 1L << Math.min(attempt, 9));
        return rooms.update("archiveNextAttemptAt = ?1, archiveProblem = ?2 where roomId = ?3 and archiveState = ?4",
                now().plusSeconds(seconds), why, id, LiveRoom.ArchiveState.PENDING);
    }

    /**
     * Rooms whose origin has been silent past max(3 segments, 20 s) go INTERRUPTED: a conditional update per room (still
     * LIVE, nothing announced since it was read), so every instance may run it at once and a room moves once.
     */
    @WithTransaction
    public Uni<Integer> interruptSilent() {
        OffsetDateTime now = now();
        Instant at = clock.instant();
        return rooms.find("state = ?1 and lastAnnouncedAt < ?2", RoomState.LIVE, now.minusSeconds(20)).list()
                .chain(candidates -> {
                    Uni<Integer> done = Uni.createFrom().item(0);
                    for (LiveRoom r : candidates) {
                        long silentFor = java.time.Duration.between(r.lastAnnouncedAt, now).toSeconds();
                        if (silentFor < Math.max(3L * r.segmentSeconds, 20)) {
                            continue;
                        }
                        String id = r.roomId.toString();
                        int version = r.stateVersion + 1;
                        done = done.chain(n -> rooms.update("state = ?1, stateVersion = ?2 where roomId = ?3 and state = ?4"
                                        + " and lastAnnouncedAt = ?5", RoomState.INTERRUPTED, version, r.roomId, RoomState.LIVE, r.lastAnnouncedAt)
                                .chain(updated -> updated == 0 ? Uni.createFrom().item(n)
                                        : outbox.record(EventType.LIVE_ROOM_STATE_CHANGED, id, id + "/state/" + version,
                                        new LiveRoomStateChanged(id, RoomState.INTERRUPTED.name(), at.toString()), at).replaceWith(n + 1)));
                    }
                    return done;
                });
    }

    /** Within the caller's transaction: the new state, and its event. */
    private Uni<Void> transition(LiveRoom room, RoomState to, Instant at) {
        room.state = to;
        room.stateVersion++;
        String id = room.roomId.toString();
        return outbox.record(EventType.LIVE_ROOM_STATE_CHANGED, id, id + "/state/" + room.stateVersion,
                new LiveRoomStateChanged(id, to.name(), at.toString()), at).replaceWithVoid();
    }

    private Uni<LiveRoom> existing(UUID id) {
        return rooms.findById(id).onItem().ifNull().failWith(() -> new ProblemException(ProblemType.ROOM_NOT_FOUND, "no live room " + id));
    }

    private Uni<RoomView> view(LiveRoom r, List<LiveRendition> rs) {
        return liveRelays.sources(r).map(sources -> new RoomView(r.roomId.toString(), r.title, r.creator, r.state.name(),
                r.segmentSeconds, r.maxDelaySeconds, r.window(), accepted(r.roomId, rs).accepted(), fanOut.viewers(r.roomId.toString()),
                r.shielded ? null : r.originUrl, r.shielded, ChosenRelays.of(r.chosenRelays), sources, r.contentId,
                r.openedAt.toInstant().toString(), archive(r)));
    }

    /** The room's archive as shown: its preset, its order, or where the gateway stands in registering the recording. */
    static RoomView.Archive archive(LiveRoom r) {
        if (!r.hasArchivePreset() && r.archiveOrderId == null && r.archiveState == null) {
            return null;
        }
        return new RoomView.Archive(r.archivePreset(), r.archiveState == null ? null : r.archiveState.name(), r.archiveOrderId, r.archiveProblem);
    }

    private static AnnouncementsAccepted accepted(UUID room, List<LiveRendition> rs) {
        Map<String, Long> out = new TreeMap<>();
        rs.forEach(r -> out.put(r.name, r.lastIndex));
        return new AnnouncementsAccepted(AnnouncementsAccepted.VERSION, room.toString(), out);
    }

    private static String scope(Address creator, String room, String rendition) {
        // AnnouncementVerifier's scope for a rendition's chain
        return creator.lowerHex() + "/" + room + "/" + rendition;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static <T> Uni<T> invalid(String detail) {
        return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, detail));
    }

    private static <T> Uni<T> notFound(UUID id) {
        return Uni.createFrom().failure(new ProblemException(ProblemType.ROOM_NOT_FOUND, "no live room " + id));
    }
}
