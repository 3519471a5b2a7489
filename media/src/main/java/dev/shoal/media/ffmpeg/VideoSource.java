package dev.shoal.media.ffmpeg;

/**
 * What ffprobe says of a video file: its picture, frame rate, length and whether it has sound.
 *
 * @param frameRate frames per second (0 when ffprobe could not tell)
 */
public record VideoSource(int width, int height, double frameRate, double durationSeconds, boolean hasAudio) {
}
