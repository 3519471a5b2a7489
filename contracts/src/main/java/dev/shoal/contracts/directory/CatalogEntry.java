package dev.shoal.contracts.directory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A published content, as the marketplace's catalog answers it. The signed manifest is the creator's own statement
 * of every segment's hash, so it is public by nature; whoever reads it verifies it before trusting a byte.
 *
 * @param creator         the address that signed the manifest
 * @param manifest        the signed manifest's JSON form, as the creator registered it
 * @param origins         the creator's own servers and mirrors, tried after the replicas the locator returns
 * @param registeredAt    ISO-8601
 * @param creatorName     the name people know the creator by (the account's name when it registered the content; the
 *                        address for contents registered before names were kept); absent from older marketplaces
 * @param durationSeconds the longest rendition's length
 * @param poster          path of the content's poster image on the marketplace (a generated placeholder when the
 *                        creator gave none)
 * @param forkOf          for an ad fork, its original's content id; absent otherwise
 * @param forkState       for an ad fork, {@code CONSENTED} while the creator's consent runs, {@code LAPSED} once its term
 *                        has ended (gateways no longer play it: the fork's own answer, {@code /api/contents/{fork}/fork},
 *                        says why); absent otherwise
 */
public record CatalogEntry(int version, String contentId, String title, String creator, long totalBytes, String manifest,
                           List<String> origins, String registeredAt, String creatorName, double durationSeconds,
                           String poster, @JsonInclude(JsonInclude.Include.NON_NULL) String forkOf,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String forkState) {

    public static CatalogEntry of(String contentId, String title, String creator, long totalBytes, String manifest,
                                  List<String> origins, String registeredAt, String creatorName, double durationSeconds) {
        return new CatalogEntry(DirectoryFormat.VERSION, contentId, title, creator, totalBytes, manifest, origins, registeredAt,
                creatorName, durationSeconds, CatalogItem.posterPath(contentId), null, null);
    }

    /** The same entry marked as an ad fork of {@code original} in {@code state} (CONSENTED or LAPSED). */
    public CatalogEntry fork(String original, String state) {
        return new CatalogEntry(version, contentId, title, creator, totalBytes, manifest, origins, registeredAt, creatorName,
                durationSeconds, poster, original, state);
    }

    /** An ad fork whose consent has ended: listed for what it was, not to be played. */
    public boolean lapsed() {
        return "LAPSED".equals(forkState);
    }

    /** This entry, once its version is one this build reads. */
    public CatalogEntry known() {
        return DirectoryFormat.requireKnown("catalog entry", version, this);
    }

    /** The creator's name, or the address when the marketplace sent none. */
    public String creatorShown() {
        return creatorName == null || creatorName.isBlank() ? creator : creatorName;
    }
}
