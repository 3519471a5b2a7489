package dev.shoal.contracts.directory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** What a source of a content is. The wire names are stable; the constants may be renamed. */
public enum SourceKind {

    /** A distributor agent holding a live replica. */
    AGENT("agent"),
    /** One of the creator's own servers. */
    ORIGIN("origin"),
    /**
     * An external mirror (a bucket, a CDN) registered by the content's creator: its {@code url} is a
     * {@link dev.shoal.contracts.mirror.MirrorTemplate}, not a base URL.
     */
    MIRROR("mirror");

    private final String wireName;

    SourceKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static SourceKind of(String wireName) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown source kind " + wireName));
    }
}
