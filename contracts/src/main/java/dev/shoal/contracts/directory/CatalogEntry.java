package dev.shoal.contracts.directory;

import java.util.List;

/**
 * A published content, as the marketplace's catalog answers it. The signed manifest is the creator's own statement
 * of every segment's hash, so it is public by nature; whoever reads it verifies it before trusting a byte.
 *
 * @param manifest     the signed manifest's JSON form, as the creator registered it
 * @param origins      the creator's own servers and mirrors, tried after the replicas the locator returns
 * @param registeredAt ISO-8601
 */
public record CatalogEntry(int version, String contentId, String title, String creator, long totalBytes, String manifest,
                           List<String> origins, String registeredAt) {

    public static CatalogEntry of(String contentId, String title, String creator, long totalBytes, String manifest,
                                  List<String> origins, String registeredAt) {
        return new CatalogEntry(DirectoryFormat.VERSION, contentId, title, creator, totalBytes, manifest, origins, registeredAt);
    }

    /** This entry, once its version is one this build reads. */
    public CatalogEntry known() {
        return DirectoryFormat.requireKnown("catalog entry", version, this);
    }
}
