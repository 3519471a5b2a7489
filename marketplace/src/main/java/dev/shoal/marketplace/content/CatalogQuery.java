package dev.shoal.marketplace.content;

import dev.shoal.contracts.directory.CatalogPage;
import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A search of the public catalog, checked: words to find in titles and creator names (each a prefix: "sam" finds
 * "Sample"), an optional creator (address or name), an order, and a page.
 *
 * @param words   the words, lowercase letters and digits only, so they are safe inside a tsquery
 * @param creator "" for every creator
 * @param notOwner an account whose contents are left out ("" for none): an advertiser looking for originals to fork
 */
public record CatalogQuery(String query, String words, String creator, CatalogPage.Sort sort, int page, int size, String notOwner) {

    static final int MAX_TEXT = 200;
    /** Deep pages cost the database an offset scan; nobody pages 10,000 deep by hand. */
    static final int MAX_PAGE = 10_000;

    /** The query parameters as given (any may be null); a bad one is 400 {@code invalid-request} naming its {@code field}. */
    public static CatalogQuery of(String q, String creator, String sort, String page, String size) {
        String query = text("q", q);
        String who = text("creator", creator);
        CatalogPage.Sort order = sort == null || sort.isBlank() ? CatalogPage.Sort.NEWEST : CatalogPage.Sort.named(sort)
                .orElseThrow(() -> invalid("sort", "sort is one of " + Arrays.stream(CatalogPage.Sort.values())
                        .map(CatalogPage.Sort::wireName).collect(Collectors.joining(", "))));
        int p = number("page", page, 0, 0, MAX_PAGE);
        int s = number("size", size, CatalogPage.DEFAULT_SIZE, 1, CatalogPage.MAX_SIZE);
        return new CatalogQuery(query, words(query), who, order, p, s, "");
    }

    /** The same search without {@code owner}'s contents (an advertiser's own ads are no originals for it to fork). */
    public CatalogQuery notOf(String owner) {
        return new CatalogQuery(query, words, creator, sort, page, size, owner == null ? "" : owner);
    }

    /** The tsquery of the words, each a prefix, all required; "" when there are none. */
    public String tsquery() {
        return words.isEmpty() ? "" : Arrays.stream(words.split(" ")).map(w -> w + ":*").collect(Collectors.joining(" & "));
    }

    static String words(String query) {
        return Arrays.stream(query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty())
                .collect(Collectors.joining(" "));
    }

    private static String text(String field, String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_TEXT) {
            throw invalid(field, field + " is longer than " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    private static int number(String field, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(field, field + " is a whole number from " + min + " to " + max + ", not '" + value + "'");
        }
        if (n < min || n > max) {
            throw invalid(field, field + " is from " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail, Map.of("field", field));
    }
}
