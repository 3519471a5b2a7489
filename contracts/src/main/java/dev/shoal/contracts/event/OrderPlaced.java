package dev.shoal.contracts.event;

/** A creator ordered replicas of a content ({@code OrderPlaced}). */
public record OrderPlaced(String orderId, String contentId, int replicas, int epochs, String maxPricePerGbEpochWei) {
}
