package dev.shoal.contracts.directory;

import java.util.List;

/**
 * One page of the public catalog's search ({@code GET /api/catalog?q=&creator=&sort=&page=&size=}). Pages are stable:
 * every order ends on the content id, so paging through a catalog that does not change lists each content once.
 *
 * @param query   the words searched for in titles and creator names ("" for all)
 * @param creator the creator filter, an address or a name ("" for all)
 * @param sort    {@link Sort#wireName()}
 * @param page    0-based
 * @param size    items per page asked (at most {@link #MAX_SIZE})
 * @param total   every content matching, over all pages
 */
public record CatalogPage(int version, String query, String creator, String sort, int page, int size, long total,
                          List<CatalogItem> items) {

    public static final int DEFAULT_SIZE = 24;
    public static final int MAX_SIZE = 100;

    public static CatalogPage of(String query, String creator, Sort sort, int page, int size, long total, List<CatalogItem> items) {
        return new CatalogPage(DirectoryFormat.VERSION, query, creator, sort.wireName(), page, size, total, List.copyOf(items));
    }

    /** This page, once its version is one this build reads. */
    public CatalogPage known() {
        return DirectoryFormat.requireKnown("catalog page", version, this);
    }

    /** How many pages {@code total} items fill. */
    public long pages() {
        return size <= 0 ? 0 : (total + size - 1) / size;
    }

    /** The catalog's orders. The wire names are stable; the constants may be renamed. */
    public enum Sort {
        /** Newest registration first. */
        NEWEST("newest"),
        /** Titles A to Z, ignoring case. */
        TITLE("title"),
        /** Shortest first. */
        DURATION("duration");

        private final String wireName;

        Sort(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The sort named so, or empty. */
        public static java.util.Optional<Sort> named(String name) {
            return java.util.Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
        }
    }
}
