package dev.shoal.contracts.event;

/** A replica was declared lost and its repair begins ({@code ReplicaLost}). */
public record ReplicaLost(String dealId, String orderId, String agent, String reason) {
}
