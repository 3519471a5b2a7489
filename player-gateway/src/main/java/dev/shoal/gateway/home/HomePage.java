package dev.shoal.gateway.home;

import dev.shoal.gateway.live.RoomView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The gateway's home page ({@code templates/home/HomePage.html}): what is live now, then published contents with their
 * posters, searched and paged. Build it with {@link #of}.
 *
 * @param query        the words searched for ("" for all)
 * @param pageShown    1-based
 * @param pages        how many pages the search fills
 * @param totalShown   "1 video", "12 videos"
 * @param previousLink the newer page of the same search, or null on the first
 * @param nextLink     the older page, or null on the last
 * @param catalogError why the catalog could not be shown (the marketplace cannot be reached), else null
 */
@CheckedTemplate(basePath = "home")
public record HomePage(List<RoomView> rooms, String query, List<HomeItem> items, int pageShown, long pages, long total,
                       String totalShown, String previousLink, String nextLink, String catalogError) implements TemplateInstance {

    /** @param page 0-based */
    public static HomePage of(List<RoomView> rooms, String query, List<HomeItem> items, int page, long pages, long total, String catalogError) {
        return new HomePage(rooms, query, items, page + 1, pages, total, total == 1 ? "1 video" : total + " videos",
                page > 0 ? link(query, page - 1) : null, page + 1 < pages ? link(query, page + 1) : null, catalogError);
    }

    private static String link(String query, int page) {
        return "/?" + (query.isEmpty() ? "" : "q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&") + "page=" + page;
    }
}
