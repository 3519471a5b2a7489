package dev.shoal.agent.fetch;

import java.io.IOException;

/** Somewhere a segment's bytes can come from: another agent, a mirror, a local HLS folder. Never trusted. */
public interface Source {

    /** For logs, progress and reports. */
    String name();

    /**
     * Exactly {@code length} bytes of the segment from {@code offset}.
     *
     * @throws SourceLiedException the source broke the protocol in a way only a faulty or malicious one does
     *                             (more bytes than it announced or than asked for)
     * @throws IOException         the source is unreachable, slow, or answered with an error
     */
    byte[] read(SegmentRef segment, long offset, int length) throws IOException;

    /**
     * The whole segment, for one whose size nobody announced (a live fMP4 rendition's init segment: its announcements
     * name only its SHA-256); whoever calls checks the hash.
     *
     * @throws SourceLiedException more than {@code maxBytes}
     * @throws IOException         the source is unreachable, or cannot serve a segment of unknown size
     */
    default byte[] readWhole(SegmentRef segment, int maxBytes) throws IOException {
        throw new IOException(name() + " serves segments of a known size only");
    }
}
