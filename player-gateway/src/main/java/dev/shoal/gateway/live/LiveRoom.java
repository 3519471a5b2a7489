package dev.shoal.gateway.live;

import dev.shoal.contracts.live.ArchiveTerms;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One broadcast (V3__live.sql). */
@Entity
@Table(name = "live_room")
public class LiveRoom {

    @Id
    @Column(name = "room_id")
    public UUID roomId;

    /** The Keycloak subject that opened it. */
    @Column(nullable = false)
    public String owner;

    /** The address whose key signs the room's announcements, origin claims and recording. */
    @Column(nullable = false)
    public String creator;

    @Column(nullable = false)
    public String title;

    @Column(name = "segment_seconds", nullable = false)
    public int segmentSeconds;

    @Column(name = "max_delay_seconds", nullable = false)
    public int maxDelaySeconds;

    @Column(nullable = false)
    public boolean shielded;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RoomState state;

    @Column(name = "state_version", nullable = false)
    public int stateVersion;

    /** The relay agents the creator chose, a JSON array of addresses ({@link ChosenRelays}); null: any agent that opts in. */
    @Column(name = "chosen_relays")
    public String chosenRelays;

    @Column(name = "origin_agent")
    public String originAgent;

    @Column(name = "origin_url")
    public String originUrl;

    @Column(name = "archive_replicas")
    public Integer archiveReplicas;

    @Column(name = "archive_epochs")
    public Integer archiveEpochs;

    @Column(name = "archive_months")
    public Integer archiveMonths;

    /** sUSD per GB-month, as the marketplace's orders take it ("0.004"). */
    @Column(name = "archive_max_price_per_gb_month")
    public String archiveMaxPricePerGbMonth;

    @Column(name = "opened_at", nullable = false)
    public OffsetDateTime openedAt;

    @Column(name = "last_announced_at")
    public OffsetDateTime lastAnnouncedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    /** The origin's signed manifest of the recording (JSON), once the room ended. */
    public String recording;

    @Column(name = "content_id")
    public String contentId;

    /** The name the owner's contents are shown under (the token's name when the room was opened). */
    @Column(name = "owner_name")
    public String ownerName;

    /** Where the gateway stands in placing the archive preset's order itself (V5__live_archive_preset.sql); null: nothing to place. */
    @Enumerated(EnumType.STRING)
    @Column(name = "archive_state")
    public ArchiveState archiveState;

    @Column(name = "archive_order_id")
    public String archiveOrderId;

    @Column(name = "archive_attempts", nullable = false)
    public int archiveAttempts;

    /** When the preset's order may be attempted (again): also the lease of the instance attempting it. */
    @Column(name = "archive_next_attempt_at")
    public OffsetDateTime archiveNextAttemptAt;

    /** The marketplace's refusal of the preset's order (its problem detail). */
    @Column(name = "archive_problem")
    public String archiveProblem;

    /**
     * The recording registered (and the preset's order placed, if the room has a preset) by the gateway with its own
     * credential once the recording arrived: PENDING until then; a room without a preset goes back to null once registered.
     */
    public enum ArchiveState { PENDING, PLACED, REFUSED }

    public boolean hasArchivePreset() {
        return archiveReplicas != null;
    }

    /** The archive preset chosen when the room was opened, or null. */
    public ArchiveTerms archivePreset() {
        return hasArchivePreset() ? new ArchiveTerms(archiveReplicas, archiveMonths, archiveEpochs, archiveMaxPricePerGbMonth) : null;
    }

    /** Segments a live playlist lists: enough to cover the maximum delay, and at least 3. */
    public int window() {
        return Math.max(3, (maxDelaySeconds + segmentSeconds - 1) / segmentSeconds + 1);
    }
}
