package dev.shoal.contracts.event;

/** A creator registered a content's signed manifest ({@code ContentRegistered}). */
public record ContentRegistered(String contentId, String creator, String title, long totalBytes) {
}
