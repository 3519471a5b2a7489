package dev.shoal.contracts.event;

import dev.shoal.contracts.live.SignedAnnouncement;

import java.util.Arrays;
import java.util.Optional;

/**
 * The stable table of event types: the wire name (the code: it never changes), the version of its format that this
 * build writes and reads, its payload record and its topic. A new type is a new row; a changed payload is a new
 * version of its row.
 */
public enum EventType {

    AGENT_REGISTERED("AgentRegistered", 1, AgentOffered.class),
    AGENT_UPDATED("AgentUpdated", 1, AgentOffered.class),
    CONTENT_REGISTERED("ContentRegistered", 1, ContentRegistered.class),
    ORDER_PLACED("OrderPlaced", 1, OrderPlaced.class),
    ORDER_CANCELLED("OrderCancelled", 1, OrderEnded.class),
    ORDER_EXPIRED("OrderExpired", 1, OrderEnded.class),
    DEAL_PROPOSED("DealProposed", 1, DealTransitioned.class),
    DEAL_TRANSFER_STARTED("DealTransferStarted", 1, DealTransitioned.class),
    DEAL_ACTIVATED("DealActivated", 1, DealTransitioned.class),
    DEAL_EXPIRED("DealExpired", 1, DealTransitioned.class),
    DEAL_FAILED("DealFailed", 1, DealTransitioned.class),
    DEAL_CANCELLED("DealCancelled", 1, DealTransitioned.class),
    AUDIT_PASSED("AuditPassed", 1, AuditDecided.class),
    AUDIT_FAILED("AuditFailed", 1, AuditDecided.class),
    AUDIT_MISSED("AuditMissed", 1, AuditDecided.class),
    REPLICA_WARNED("ReplicaWarned", 1, ReplicaStruck.class),
    REPLICA_SUSPENDED("ReplicaSuspended", 1, ReplicaStruck.class),
    REPLICA_LOST("ReplicaLost", 1, ReplicaLost.class),
    /** An event of one of Shoal's contracts, read from a block buried under the confirmation depth. */
    CHAIN_EVENT_OBSERVED("ChainEventObserved", 1, ChainEventObserved.class),
    /** An announcement a live room accepted: the creator's signed announcement, unchanged (docs/live.md). */
    LIVE_SEGMENT_ANNOUNCED("LiveSegmentAnnounced", 1, SignedAnnouncement.class, Topic.LIVE_ANNOUNCEMENTS),
    LIVE_ROOM_STATE_CHANGED("LiveRoomStateChanged", 1, LiveRoomStateChanged.class, Topic.LIVE_ANNOUNCEMENTS),
    /** The creator changed which relay agents may carry a live room: its event stream tells the origin and the relays. */
    LIVE_RELAYS_CHOSEN("LiveRelaysChosen", 1, LiveRelaysChosen.class, Topic.LIVE_ANNOUNCEMENTS);

    private final String wireName;
    private final int version;
    private final Class<?> payload;
    private final Topic topic;

    EventType(String wireName, int version, Class<?> payload) {
        this(wireName, version, payload, Topic.EVENTS);
    }

    EventType(String wireName, int version, Class<?> payload, Topic topic) {
        this.wireName = wireName;
        this.version = version;
        this.payload = payload;
        this.topic = topic;
    }

    /** The name in the envelope's {@code type}. */
    public String wireName() {
        return wireName;
    }

    /** The version this build writes, and the only one it reads. */
    public int version() {
        return version;
    }

    public Class<?> payload() {
        return payload;
    }

    public Topic topic() {
        return topic;
    }

    public boolean reads(int version) {
        return version == this.version;
    }

    /** The type named so, or empty for a name this build does not know (a newer producer's, or another's). */
    public static Optional<EventType> named(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
