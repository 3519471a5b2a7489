package dev.shoal.contracts.event;

/** An order ended ({@code OrderCancelled}, {@code OrderExpired}). {@code at}: ISO-8601. */
public record OrderEnded(String orderId, String contentId, String at) {
}
