package dev.shoal.marketplace.deal;

import dev.shoal.contracts.event.EventType;
import java.util.EnumSet;
import java.util.Set;

/**
 * A replica's life: PROPOSED -> TRANSFERRING -> ACTIVE -> EXPIRED, or FAILED / CANCELLED on the way.
 * The same table is enforced by a trigger in the database (V3 migration).
 */
public enum DealState {
    PROPOSED, TRANSFERRING, ACTIVE, EXPIRED, FAILED, CANCELLED;

    /** The states a deal counts as a live replica in (placed and not ended). */
    public static final Set<DealState> LIVE = EnumSet.of(PROPOSED, TRANSFERRING, ACTIVE);

    public boolean canMoveTo(DealState next) {
        return switch (this) {
            case PROPOSED -> next == TRANSFERRING || next == FAILED || next == CANCELLED;
            case TRANSFERRING -> next == ACTIVE || next == FAILED || next == CANCELLED;
            case ACTIVE -> next == EXPIRED || next == FAILED || next == CANCELLED;
            case EXPIRED, FAILED, CANCELLED -> false;
        };
    }

    public boolean isLive() {
        return LIVE.contains(this);
    }

    /** The past-tense event published when a deal enters this state. */
    public EventType eventType() {
        return switch (this) {
            case PROPOSED -> EventType.DEAL_PROPOSED;
            case TRANSFERRING -> EventType.DEAL_TRANSFER_STARTED;
            case ACTIVE -> EventType.DEAL_ACTIVATED;
            case EXPIRED -> EventType.DEAL_EXPIRED;
            case FAILED -> EventType.DEAL_FAILED;
            case CANCELLED -> EventType.DEAL_CANCELLED;
        };
    }
}
