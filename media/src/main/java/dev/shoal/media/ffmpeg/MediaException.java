package dev.shoal.media.ffmpeg;

/**
 * A video cannot be probed or transcoded; the message says why and what to do, the {@link Kind} lets a service map it
 * to a stable error (a command line prints the message).
 */
public class MediaException extends RuntimeException {

    /** What went wrong, for the callers that answer differently. */
    public enum Kind {
        /** The file holds no moving picture: not a media file at all, sound alone, a still image. */
        NOT_VIDEO,
        /** A video container ffmpeg cannot read through: cut short, damaged. */
        CORRUPT,
        /** ffmpeg or ffprobe is not installed where looked for. */
        NO_FFMPEG,
        /** Anything else: the file missing, ffmpeg failing, the disk. */
        FAILED
    }

    private final Kind kind;

    public MediaException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public MediaException(String message) {
        this(Kind.FAILED, message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
        this.kind = Kind.FAILED;
    }

    public Kind kind() {
        return kind;
    }
}
