package dev.shoal.gateway.watch;

import dev.shoal.deploy.testing.Pages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatchPageTests {

    private static final String ID = "ab".repeat(32);
    private static final String CREATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    /** Markup, a quote that would end an attribute, and what looks like a template expression. */
    private static final String TITLE = "title <script>alert('x')</script> \" data-out=\"1 {title} {#include shoal/page /} & co";

    private static Document render(boolean embed) {
        String html = Pages.render(new WatchPage(ID, TITLE, CREATOR, "Ada <b>Creator</b>", embed, "http://127.0.0.1:8082/embed/" + ID, null, null, 0, java.util.List.of(), null));
        assertThat(html).doesNotContain("script>alert");
        return Jsoup.parse(html);
    }

    @Test
    void thePlayerPageNamesTheContentAndLoadsThePlayer() {
        Document page = render(false);
        assertThat(page.title()).isEqualTo(TITLE + " · Shoal");
        assertThat(page.selectFirst("[data-content]").attr("data-content")).isEqualTo(ID);
        assertThat(page.selectFirst("[data-content] h1").text()).isEqualTo(TITLE);
        assertThat(page.selectFirst(".creator").text()).isEqualTo(CREATOR);
        assertThat(page.selectFirst("[data-creator-name]").text()).as("the name first, then the address").isEqualTo("Ada <b>Creator</b>");
        assertThat(page.selectFirst(".about p").text()).startsWith("by Ada <b>Creator</b> " + CREATOR);
        assertThat(page.select("[data-out]")).as("no attribute broke out of its quotes").isEmpty();
        assertThat(page.select("[data-content] video, [data-content] [data-peers], [data-content] [data-sources], [data-content] [data-replicas],"
                + " [data-content] [data-tip-open], [data-content] [data-tip-form], [data-content] [data-share-bar]")).hasSize(7);
        assertThat(page.select("script").eachAttr("src")).containsExactly("/player/player.js");
        assertThat(page.select("link[rel=stylesheet]").eachAttr("href")).containsExactly("/shoal/shoal.css", "/player/player.css");
        assertThat(page.body().className()).isEqualTo("page");
        assertThat(page.select("header.bar a[href=/tips/]")).hasSize(1);
        // the snippet to copy is text in the input, an iframe of the embeddable page
        Element iframe = Jsoup.parseBodyFragment(page.selectFirst(".embed-code input").val()).selectFirst("iframe");
        assertThat(iframe.attr("src")).isEqualTo("http://127.0.0.1:8082/embed/" + ID);
        assertThat(iframe.attributes().asList()).extracting(a -> a.getKey() + "=" + a.getValue())
                .containsExactly("src=http://127.0.0.1:8082/embed/" + ID, "width=640", "height=400", "allow=autoplay");
        assertThat(page.select("iframe")).isEmpty();
    }

    @Test
    void theEmbeddableFormIsThePlayerWithoutTheBar() {
        Document page = render(true);
        assertThat(page.body().className()).isEqualTo("embed");
        assertThat(page.select("header.bar")).isEmpty();
        assertThat(page.selectFirst("[data-content]").attr("data-content")).isEqualTo(ID);
        assertThat(page.select("script").eachAttr("src")).containsExactly("/player/player.js");
    }

    private static final String FORK = "cd".repeat(32);

    private static Document page(WatchPage page) {
        return Jsoup.parse(Pages.render(page));
    }

    private static WatchPage plain() {
        return new WatchPage(ID, "Harbour", CREATOR, "Ada", false, "http://127.0.0.1:8082/embed/" + ID, null, null, 0, java.util.List.of(), null);
    }

    @Test
    void anOriginalsPageListsItselfAndItsForksWithTheirSeeding() {
        Document page = page(plain().offering(3, java.util.List.of(
                new dev.shoal.gateway.fork.ForkOffer(FORK, "Harbour, sponsored by <Sea Tea>", "Sea <Tea>", 2, 1, false))));
        assertThat(page.selectFirst("[data-version=" + ID + "]").text()).contains("Harbour", "the original", "3 replicas");
        Element fork = page.selectFirst("[data-fork=" + FORK + "]");
        assertThat(fork.attr("data-fork-replicas")).isEqualTo("2");
        assertThat(fork.attr("data-fork-peers")).isEqualTo("1");
        assertThat(fork.text()).contains("Harbour, sponsored by <Sea Tea>", "sponsored by Sea <Tea>, contains ads", "2 replicas", "1 viewer now");
        assertThat(fork.selectFirst("a").attr("href")).isEqualTo("/watch/" + FORK);
        assertThat(page.select("[data-offer-first]")).as("not much better seeded: not offered first").isEmpty();
        assertThat(page.select("script").eachAttr("src")).containsExactly("/player/player.js");
    }

    @Test
    void aMuchBetterSeededForkIsOfferedFirstWithAChoiceNotARedirect() {
        Document page = page(plain().offering(2, java.util.List.of(new dev.shoal.gateway.fork.ForkOffer(FORK, "Harbour+", "Sea Tea", 7, 0, true))));
        Element offer = page.selectFirst("[data-offer-first=" + FORK + "]");
        assertThat(offer.text()).contains("7 replicas", "this one on 2", "Sponsored by Sea Tea — contains ads", "keep watching the original");
        assertThat(offer.selectFirst("a").attr("href")).isEqualTo("/watch/" + FORK);
        assertThat(page.select("meta[http-equiv=refresh]")).isEmpty();
        assertThat(page.select("video")).as("the original still plays here").hasSize(1);
    }

    @Test
    void aForksPageNamesItsSponsorAndLinksTheOriginal() {
        Document page = page(plain().sponsored(new WatchResource.ForkInfo(FORK, "The <original>", "Sea Tea", java.util.List.of())));
        assertThat(page.selectFirst("[data-sponsor]").text()).contains("Sponsored by Sea Tea — contains ads", "Watch the original, “The <original>”");
        assertThat(page.selectFirst("[data-sponsor] a").attr("href")).isEqualTo("/watch/" + FORK);
        assertThat(page.select("[data-ad-label][hidden], [data-ad-track][hidden]")).as("shown by the player while an ad plays").hasSize(2);
        assertThat(page.select("[data-forks]")).isEmpty();
    }

    @Test
    void aRefusedForkSaysWhyAndHasNoPlayer() {
        Document page = page(plain().refused("this sponsored version is no longer shown: the creator's consent ended"));
        assertThat(page.selectFirst("[data-refusal]").text()).contains("no longer shown", "consent ended");
        assertThat(page.select("video")).isEmpty();
        assertThat(page.select("script[src=/player/player.js]")).isEmpty();
    }
}
