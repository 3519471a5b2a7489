package dev.shoal.contracts.directory;

/**
 * One published content in a {@link CatalogPage}: what a front end shows in a grid, names and titles first.
 *
 * @param creatorName     the name people know the creator by (the address for contents registered before names were kept)
 * @param creator         the address that signed the manifest
 * @param durationSeconds the longest rendition's length
 * @param totalBytes      every rendition's bytes
 * @param publishedAt     ISO-8601, when the creator registered it
 * @param poster          path of its poster on the marketplace ({@code /api/catalog/{id}/poster}); a generated placeholder
 *                        when the creator gave none, so it is always an image
 */
public record CatalogItem(String contentId, String title, String creatorName, String creator, double durationSeconds,
                          long totalBytes, String publishedAt, String poster) {

    public static String posterPath(String contentId) {
        return "/api/catalog/" + contentId + "/poster";
    }
}
