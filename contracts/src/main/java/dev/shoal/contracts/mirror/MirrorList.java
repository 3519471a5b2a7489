package dev.shoal.contracts.mirror;

import java.util.List;

/** The mirrors registered for a content, as {@code GET /api/contents/{id}/mirrors} answers. */
public record MirrorList(int version, String contentId, List<Mirror> mirrors) {

    public MirrorList {
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    }

    public static MirrorList of(String contentId, List<Mirror> mirrors) {
        return new MirrorList(MirrorRegistration.VERSION, contentId, mirrors);
    }

    /** One mirror: its URL template, who registered it, when (ISO-8601). */
    public record Mirror(String url, String registrant, String registeredAt) {
    }
}
