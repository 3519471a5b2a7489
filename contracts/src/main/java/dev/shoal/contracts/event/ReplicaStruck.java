package dev.shoal.contracts.event;

/** A replica earned a strike ({@code ReplicaWarned}, or {@code ReplicaSuspended} once it has enough). */
public record ReplicaStruck(String dealId, String agent, int strikes, String reason) {
}
