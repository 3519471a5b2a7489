package dev.shoal.marketplace.mirror;

/** A content's mirrors changed on this instance: the locator forgets what it kept of the content. */
public record MirrorsChanged(String contentId) {
}
