package dev.shoal.media.ffmpeg;

/**
 * One rendition of a ladder: its name (the folder and the manifest's rendition name), picture size and the bitrates
 * the encoder aims at. {@code audioKbps} is 0 for a source without sound.
 */
public record Rung(String name, int width, int height, int videoKbps, int audioKbps) {
}
