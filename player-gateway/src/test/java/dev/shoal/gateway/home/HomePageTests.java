package dev.shoal.gateway.home;

import dev.shoal.contracts.directory.CatalogItem;
import dev.shoal.deploy.testing.Pages;
import dev.shoal.gateway.live.RoomView;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's home page, rendered from sample data: live rooms, the grid of published contents, search and pages. */
class HomePageTests {

    private static final String ROOM = "5b0d7f3a-1c2e-4d5f-8a9b-0c1d2e3f4a5b";
    private static final String ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    /** Markup, a quote that would end an attribute, and what looks like a template expression. */
    private static final String TITLE = "film <script>alert('x')</script> \" data-out=\"1 {title} & co";
    private static final String ID = "ab".repeat(32);

    private static Document render(HomePage page) {
        String html = Pages.render(page);
        assertThat(html).doesNotContain("script>alert");
        return Jsoup.parse(html);
    }

    private static HomeItem item(String id, String name, double seconds) {
        return HomeItem.of(new CatalogItem(id, TITLE, name, ADDRESS, seconds, 1000, "2026-12-04T12:10:00Z", CatalogItem.posterPath(id)));
    }

    @Test
    void theHomePageListsTheRoomsLiveNowAndSaysWhenNothingIs() {
        RoomView r = new RoomView(ROOM, TITLE, ADDRESS, "LIVE", 2, 6, 4, Map.of("hi", 7L), 3, null, false, null, java.util.List.of(), null, "2026-12-05T10:00:00Z", null);
        Document page = render(HomePage.of(List.of(r), "", List.of(), 0, 0, 0, null));
        assertThat(page.selectFirst("[data-live-rooms]").attr("data-live-rooms")).isEqualTo("1");
        assertThat(page.selectFirst("li[data-room] a").attr("href")).isEqualTo("/live/" + ROOM);
        assertThat(page.selectFirst("li[data-room] a").text()).contains(TITLE);
        assertThat(page.selectFirst("li[data-room] .address").text()).as("the creator as people read an address").isEqualTo("0xf39F…2266");
        assertThat(page.selectFirst("li[data-room] .address").attr("title")).isEqualTo(ADDRESS);
        Document none = render(HomePage.of(List.of(), "", List.of(), 0, 0, 0, null));
        assertThat(none.selectFirst("[data-live-rooms]").text()).isEqualTo("Nothing is live right now.");
        assertThat(none.selectFirst("[data-contents]").text()).isEqualTo("Nothing is published yet.");
    }

    @Test
    void eachContentIsAPosterLinkToItsWatchPageWithTitleNameLengthAndDay() {
        String old = "cd".repeat(32);
        Document page = render(HomePage.of(List.of(), "film", List.of(item(ID, "Ada Creator", 3725), item(old, ADDRESS, 64)), 1, 3, 50, null));
        assertThat(page.select("[data-out]")).as("no attribute broke out of its quotes").isEmpty();
        assertThat(page.selectFirst("[data-search-input]").val()).isEqualTo("film");
        assertThat(page.selectFirst("[data-total]").text()).isEqualTo("50 videos matching “film”");
        Element first = page.selectFirst("li[data-content-id=" + ID + "]");
        assertThat(first.selectFirst("a[data-watch]").attr("href")).isEqualTo("/watch/" + ID);
        assertThat(first.selectFirst("img").attr("src")).isEqualTo("/posters/" + ID);
        assertThat(first.selectFirst("[data-title]").text()).isEqualTo(TITLE);
        assertThat(first.selectFirst(".who").text()).as("the name, then the address").isEqualTo("Ada Creator 0xf39F…2266");
        assertThat(first.selectFirst("[data-duration]").text()).isEqualTo("1:02:05");
        assertThat(first.selectFirst("time").text()).isEqualTo("2026-12-04");
        Element second = page.selectFirst("li[data-content-id=" + old + "]");
        assertThat(second.selectFirst(".who").text()).as("no name kept: the address, once").isEqualTo("0xf39F…2266");
        assertThat(second.selectFirst("[data-duration]").text()).isEqualTo("1:04");
        assertThat(page.selectFirst("[data-previous]").attr("href")).isEqualTo("/?q=film&page=0");
        assertThat(page.selectFirst("[data-next]").attr("href")).isEqualTo("/?q=film&page=2");
        assertThat(page.selectFirst("nav.pages span").text()).isEqualTo("Page 2 of 3");
        Document last = render(HomePage.of(List.of(), "", List.of(item(ID, "Ada", 1)), 2, 3, 49, null));
        assertThat(last.select("[data-next]")).isEmpty();
        assertThat(last.selectFirst("[data-previous]").attr("href")).isEqualTo("/?page=1");
    }

    @Test
    void aSearchWithoutResultsAndACatalogThatCannotBeReachedSaySo() {
        Document none = render(HomePage.of(List.of(), "zebra", List.of(), 0, 0, 0, null));
        assertThat(none.selectFirst("[data-contents]").text()).isEqualTo("Nothing published matches “zebra”.");
        Document down = render(HomePage.of(List.of(), "", List.of(), 0, 0, 0, "The catalog cannot be reached right now: x"));
        assertThat(down.selectFirst("[data-catalog-error]").text()).startsWith("The catalog cannot be reached");
        assertThat(HomeResource.pageNumber("-3")).isZero();
        assertThat(HomeResource.pageNumber("two")).isZero();
        assertThat(HomeResource.pageNumber("4")).isEqualTo(4);
    }
}
