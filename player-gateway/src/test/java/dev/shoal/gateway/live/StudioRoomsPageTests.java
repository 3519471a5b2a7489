package dev.shoal.gateway.live;

import dev.shoal.deploy.testing.Pages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The creator's studio ({@code /studio/live}) rendered from sample data: their rooms, the form, the relays to choose. */
class StudioRoomsPageTests {

    private static final String ROOM = "5b0d7f3a-1c2e-4d5f-8a9b-0c1d2e3f4a5b";
    private static final String CREATOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final String RELAY = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    /** Markup, a quote that would end an attribute, and what looks like a template expression. */
    private static final String TITLE = "live <script>alert('x')</script> \" data-out=\"1 {title} & co";

    private static Document render(StudioRoomsPage page) {
        String html = Pages.render(page);
        assertThat(html).doesNotContain("script>alert");
        return Jsoup.parse(html);
    }

    @Test
    void theCreatorsRoomsLinkToTheirStudioPagesWithTheirState() {
        Document page = render(new StudioRoomsPage(List.of(new StudioRoomsPage.Room(ROOM, TITLE, "SCHEDULED", "Starts soon", 8, 0,
                "2026-12-05 10:00 UTC")), ScheduleForm.blank(CREATOR), List.of(), "24 hours", null, null));
        assertThat(page.select("[data-out]")).as("no attribute broke out of its quotes").isEmpty();
        var row = page.selectFirst("tr[data-room=" + ROOM + "]");
        assertThat(row.selectFirst("a").attr("href")).isEqualTo("/studio/live/" + ROOM);
        assertThat(row.selectFirst("a").text()).isEqualTo(TITLE);
        assertThat(row.selectFirst(".badge").text()).isEqualTo("Starts soon");
        assertThat(page.select("[data-problem]")).isEmpty();
        assertThat(StudioRoomsPage.Room.shown("LIVE")).isEqualTo("LIVE");
        assertThat(StudioRoomsPage.Room.shown("ENDED")).isEqualTo("Ended");
        Document none = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(""), List.of(), "24 hours", null, null));
        assertThat(none.selectFirst("[data-rooms]").text()).isEqualTo("No rooms yet: schedule one below.");
    }

    @Test
    void aNewFormHas8SecondSegmentsAPresetReadyToTickAndTheKeyOfTheNewestRoom() {
        Document page = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR), List.of(), "24 hours", null, null));
        var form = page.selectFirst("form[data-schedule-form]");
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.attr("action")).isEqualTo("/studio/live");
        assertThat(form.selectFirst("input[name=creator]").val()).isEqualTo(CREATOR);
        assertThat(form.selectFirst("input[name=creator]").attr("pattern")).isEqualTo("0[xX][0-9a-fA-F]{40}");
        assertThat(form.selectFirst("input[name=segmentSeconds]").val()).isEqualTo("8");
        assertThat(form.selectFirst("input[name=segmentSeconds]").attr("min")).isEqualTo("2");
        assertThat(form.selectFirst("input[name=segmentSeconds]").attr("max")).isEqualTo("8");
        assertThat(form.selectFirst("input[name=archive]").hasAttr("checked")).isFalse();
        assertThat(form.selectFirst("input[name=replicas]").val()).isEqualTo("5");
        assertThat(form.selectFirst("input[name=months]").val()).isEqualTo("12");
        assertThat(form.text()).contains("sUSD per GB-month");
        assertThat(form.selectFirst("input[name=shield]").hasAttr("checked")).isFalse();
    }

    @Test
    void theRelaysTheGatewayKnowsAreOfferedAndWhenItKnowsNoneItSaysHowToRunSome() {
        Document none = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR), List.of(), "24 hours", null, null));
        assertThat(none.selectFirst("[data-relays]").attr("data-relays")).isEqualTo("0");
        assertThat(none.selectFirst("[data-no-relays]").text()).contains("no relay agent in the last 24 hours", "./shoal up --relays N");
        assertThat(none.select("input[name=relay]")).isEmpty();
        Document some = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR),
                List.of(new StudioRoomsPage.Relay(RELAY, "http://127.0.0.1:9102", "5 min ago", false)), "24 hours", null, null));
        var box = some.selectFirst("input[name=relay]");
        assertThat(box.val()).isEqualTo(RELAY);
        assertThat(box.hasAttr("checked")).isFalse();
        assertThat(some.selectFirst("label.relay").text()).contains(RELAY, "http://127.0.0.1:9102", "5 min ago");
        assertThat(some.select("[data-no-relays]")).isEmpty();
    }

    @Test
    void eachRelayIsOfferedOnceWithItsNewestClaim() {
        OffsetDateTime now = OffsetDateTime.of(2026, 12, 5, 11, 0, 0, 0, ZoneOffset.UTC);
        LiveRelay newest = relay(RELAY, "http://127.0.0.1:9102", now.minusSeconds(30));
        LiveRelay older = relay(RELAY.toLowerCase(), "http://127.0.0.1:9999", now.minusHours(3));
        LiveRelay other = relay("0x" + "a".repeat(40), "http://127.0.0.1:9103", now.minusHours(2));
        List<StudioRoomsPage.Relay> offered = LiveStudio.choices(List.of(newest, other, older), List.of(RELAY.toLowerCase()), now);
        assertThat(offered).containsExactly(new StudioRoomsPage.Relay(RELAY, "http://127.0.0.1:9102", "just now", true),
                new StudioRoomsPage.Relay("0x" + "a".repeat(40), "http://127.0.0.1:9103", "2 h ago", false));
        assertThat(LiveStudio.ago(Duration.ofMinutes(5))).isEqualTo("5 min ago");
    }

    private static LiveRelay relay(String agent, String url, OffsetDateTime heard) {
        LiveRelay r = new LiveRelay();
        r.agent = agent;
        r.relayUrl = url;
        r.heardAt = heard;
        return r;
    }
}
