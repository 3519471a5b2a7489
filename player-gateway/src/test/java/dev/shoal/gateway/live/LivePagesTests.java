package dev.shoal.gateway.live;

import dev.shoal.deploy.testing.Pages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live page and its embed, rendered from sample data (the home page: home.HomePageTests). */
class LivePagesTests {

    private static final String ROOM = "5b0d7f3a-1c2e-4d5f-8a9b-0c1d2e3f4a5b";
    private static final String CREATOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    /** Markup, a quote that would end an attribute, and what looks like a template expression. */
    private static final String TITLE = "live <script>alert('x')</script> \" data-out=\"1 {title} & co";

    private static Document live(String state, boolean embed) {
        return live(state, embed, false);
    }

    private static Document live(String state, boolean embed, boolean manage) {
        return live(state, embed, manage, null);
    }

    private static Document live(String state, boolean embed, boolean manage, String refusal) {
        io.quarkus.qute.RawString sources = manage ? new io.quarkus.qute.RawString(Pages.render(new StudioSources(ROOM, state, false, List.of(new StudioSources.Row("origin", null, "Origin",
                "http://127.0.0.1:9101", 0, "at the live edge", null, null, "your agent's line: not measured"))))) : null;
        String html = Pages.render(new LivePage(ROOM, TITLE, CREATOR, dev.shoal.contracts.identity.Address.shortened(CREATOR), state, 2, 6, 3, embed, "http://127.0.0.1:8082/embed/live/" + ROOM,
                manage, refusal, sources));
        assertThat(html).doesNotContain("script>alert");
        return Jsoup.parse(html);
    }

    @Test
    void theLivePageGivesThePlayerTheRoomItsCreatorAndItsTimingAndShowsTheState() {
        Document page = live("LIVE", false);
        var player = page.selectFirst("[data-room]");
        assertThat(player.attr("data-room")).isEqualTo(ROOM);
        assertThat(player.attr("data-creator")).isEqualTo(CREATOR);
        assertThat(page.selectFirst(".about .creator").text()).as("the creator as people read an address").isEqualTo("0xf39F…2266");
        assertThat(page.selectFirst(".about .creator").attr("title")).isEqualTo(CREATOR);
        assertThat(player.attr("data-segment-seconds")).isEqualTo("2");
        assertThat(player.attr("data-max-delay-seconds")).isEqualTo("6");
        assertThat(page.selectFirst("h1 [data-state]").text()).isEqualTo("LIVE");
        assertThat(page.selectFirst("h1").text()).endsWith(TITLE);
        assertThat(page.select("[data-out]")).as("no attribute broke out of its quotes").isEmpty();
        assertThat(page.select("[data-delay], [data-peers], [data-peer-share], [data-viewers], [data-skips], [data-verified], video")).hasSize(7);
        assertThat(page.select("script").eachAttr("src")).containsExactly("/player/live.js");
        assertThat(page.select(".embed-code input")).hasSize(1);
        assertThat(live("INTERRUPTED", false).selectFirst("h1 [data-state]").text()).isEqualTo("Interrupted");
        assertThat(live("SCHEDULED", false).selectFirst("h1 [data-state]").text()).isEqualTo("Starts soon");
        assertThat(live("ENDED", false).selectFirst("h1 [data-state]").text()).isEqualTo("Ended");
        assertThat(live("ENDING", false).selectFirst("h1 [data-state]").text()).isEqualTo("Ending");
    }

    @Test
    void viewersGetASignInLinkAndOnlyTheSignedInCreatorsPageHasEndBroadcast() {
        Document viewer = live("LIVE", false);
        assertThat(viewer.select("[data-end-form], [data-end]")).isEmpty();
        assertThat(viewer.selectFirst(".creator-link a").attr("href")).isEqualTo("/studio/live/" + ROOM);
        Document creator = live("LIVE", false, true);
        var form = creator.selectFirst("form[data-end-form]");
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.attr("action")).isEqualTo("/studio/live/" + ROOM + "/end");
        assertThat(form.selectFirst("button[data-end]").text()).isEqualTo("End broadcast");
        assertThat(creator.select(".creator-link")).isEmpty();
        Document ending = live("ENDING", false, true);
        assertThat(ending.select("[data-end]")).isEmpty();
        assertThat(ending.selectFirst("[data-end-status]").text()).startsWith("Ending");
        assertThat(live("ENDED", false, true).selectFirst("[data-end-status]").text()).isEqualTo("Ended.");
        assertThat(live("LIVE", true).select("[data-end-form], .creator-link")).as("the embed has neither").isEmpty();
    }

    @Test
    void theCreatorsPageSaysWhyTheMarketplaceRefusedTheRecording() {
        String refusal = new RoomView.Archive(null, "REFUSED", null, "Forbidden (403): the recording is <not> this room's").refusalShown();
        Document creator = live("ENDED", false, true, refusal);
        assertThat(creator.selectFirst("[data-refusal]").text()).isEqualTo("The recording was not registered (the marketplace refused it):"
                + " Forbidden (403): the recording is <not> this room's");
        assertThat(live("ENDED", false, true).select("[data-refusal]")).as("nothing refused, nothing said").isEmpty();
    }

    @Test
    void theEmbedIsThePlayerWithoutTheBar() {
        Document page = live("LIVE", true);
        assertThat(page.body().className()).isEqualTo("embed");
        assertThat(page.select("header.bar, .embed-code")).isEmpty();
        assertThat(page.select("script").eachAttr("src")).containsExactly("/player/live.js");
    }

    @Test
    void aScheduledRoomsStudioPageSaysHowTheCreatorsAgentBecomesItsOrigin() {
        Document scheduled = live("SCHEDULED", false, true);
        var next = scheduled.selectFirst("[data-next-step]");
        assertThat(next).isNotNull();
        assertThat(next.selectFirst("code[data-attach-command]").text()).isEqualTo("./shoal live attach " + ROOM + " --agent agent-1");
        assertThat(next.selectFirst("button[data-copy]").attr("data-copy")).isEqualTo("[data-attach-command]");
        assertThat(next.selectFirst("[data-obs]").text()).contains("Custom Output (FFmpeg)", "Container Format hls");
        assertThat(next.selectFirst("[data-muxer]").text()).isEqualTo("method=PUT hls_time=2");
        assertThat(next.selectFirst("[data-keyframe]").text()).startsWith("2 s");
        assertThat(scheduled.select("script").eachAttr("src")).containsExactly("/player/live.js", "/player/studio.js");
        assertThat(scheduled.selectFirst("header.bar a[href='/studio/live']").text()).isEqualTo("go live");
        assertThat(live("LIVE", false, true).select("[data-next-step]")).as("on the air: no next step").isEmpty();
        assertThat(live("SCHEDULED", false).select("[data-next-step]")).as("a viewer's page: none").isEmpty();
    }

    @Test
    void theCreatorsPageShowsTheRoomsSourcesAndFetchesThemAgainViewersPagesDoNot() {
        Document creator = live("LIVE", false, true);
        assertThat(creator.selectFirst("[data-sources-room]").attr("data-sources-room")).isEqualTo(ROOM);
        assertThat(creator.selectFirst("tr[data-source=origin]").text()).contains("http://127.0.0.1:9101", "at the live edge");
        assertThat(creator.select("script").eachAttr("src")).as("studio.js fetches the sources again").containsExactly("/player/live.js", "/player/studio.js");
        assertThat(live("LIVE", false).select("[data-sources]")).as("a viewer's page").isEmpty();
        assertThat(live("LIVE", true).select("[data-sources]")).as("the embed").isEmpty();
    }
}
