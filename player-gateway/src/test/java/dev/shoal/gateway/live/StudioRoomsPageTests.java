package dev.shoal.gateway.live;

import dev.shoal.contracts.market.MarketAsks;
import dev.shoal.deploy.testing.Pages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
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
                "2026-12-05 10:00 UTC")), ScheduleForm.blank(CREATOR), null, null, List.of(), "minute", null, null));
        assertThat(page.select("[data-out]")).as("no attribute broke out of its quotes").isEmpty();
        var row = page.selectFirst("tr[data-room=" + ROOM + "]");
        assertThat(row.selectFirst("a").attr("href")).isEqualTo("/studio/live/" + ROOM);
        assertThat(row.selectFirst("a").text()).isEqualTo(TITLE);
        assertThat(row.selectFirst(".badge").text()).isEqualTo("Starts soon");
        assertThat(page.select("[data-problem]")).isEmpty();
        assertThat(StudioRoomsPage.Room.shown("LIVE")).isEqualTo("LIVE");
        assertThat(StudioRoomsPage.Room.shown("ENDED")).isEqualTo("Ended");
        Document none = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(""), null, null, List.of(), "minute", null, null));
        assertThat(none.selectFirst("[data-rooms]").text()).isEqualTo("No rooms yet: schedule one below.");
    }

    @Test
    void aNewFormHas8SecondSegmentsAPresetReadyToTickAndTheKeyOfTheNewestRoom() {
        Document page = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR), null, null, List.of(), "minute", null, null));
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
    void theArchivesPriceSaysWhatTheMarketAsksNowOrNothingWhenItIsNotKnown() {
        MarketAsks asks = new MarketAsks(MarketAsks.VERSION, 5, 7, "0.172800", "0.086400", "0.086400", 30);
        Document page = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR).pricedAt(asks.maxPriceToPlace()), null, asks,
                List.of(), "minute", null, null));
        assertThat(page.selectFirst("input[name=maxPricePerGbMonth]").val()).isEqualTo("0.172800");
        assertThat(page.selectFirst("[data-market-asks]").text()).isEqualTo("On this market now, 5 replicas are placed at up to 0.172800"
                + " sUSD per GB-month; the lowest ask is 0.086400. Prices here come in steps of 0.086400 (this market's epochs last 30 s).");
        Document few = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR), null,
                new MarketAsks(MarketAsks.VERSION, 6, 1, null, "0.086400", "0.086400", 30), List.of(), "minute", null, null));
        assertThat(few.selectFirst("[data-market-asks]").text()).startsWith("Only 1 storage agent is online on this market now, fewer"
                + " than 6 replicas need; their lowest ask is 0.086400.");
        assertThat(few.selectFirst("input[name=maxPricePerGbMonth]").val()).isEmpty();
        assertThat(few.selectFirst("input[name=maxPricePerGbMonth]").attr("placeholder")).as("an example the market takes").isEqualTo("0.086400");
        Document none = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR), null,
                new MarketAsks(MarketAsks.VERSION, 5, 0, null, null, "0.086400", 30), List.of(), "minute", null, null));
        assertThat(none.selectFirst("[data-market-asks]").text()).startsWith("No storage agent is online on this market now.");
        Document unknown = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR), null, null, List.of(), "minute", null, null));
        assertThat(unknown.selectFirst("[data-market-asks]").hasAttr("hidden")).as("an empty place the page fills when it asks again").isTrue();
        assertThat(unknown.selectFirst("[data-market-asks]").text()).isEmpty();
        assertThat(unknown.selectFirst("input[name=maxPricePerGbMonth]").attr("placeholder")).isEqualTo("0.004");
        assertThat(ScheduleForm.blank(CREATOR).pricedAt("0.2").pricedAt("0.3").maxPricePerGbMonth()).as("a price typed stays").isEqualTo("0.2");
    }

    @Test
    void theAsksTheFormFetchesAgainNameTheirCountAndThePriceToSuggest() {
        Element placed = Jsoup.parse(Pages.render(new StudioMarketAsks(new MarketAsks(MarketAsks.VERSION, 7, 9, "0.259200", "0.086400",
                "0.086400", 30)))).selectFirst("[data-market-asks]");
        assertThat(placed.attr("data-replicas")).isEqualTo("7");
        assertThat(placed.attr("data-max-price-to-place")).isEqualTo("0.259200");
        assertThat(placed.attr("data-suggested-price")).as("the placeholder the page shows then").isEqualTo("0.259200");
        assertThat(placed.text()).startsWith("On this market now, 7 replicas are placed at up to 0.259200 sUSD per GB-month");
        Element few = Jsoup.parse(Pages.render(new StudioMarketAsks(new MarketAsks(MarketAsks.VERSION, 10, 3, null, "0.086400", "0.086400",
                30)))).selectFirst("[data-market-asks]");
        assertThat(few.attr("data-max-price-to-place")).isEmpty();
        assertThat(few.attr("data-suggested-price")).as("the lowest ask, when no price places them all").isEqualTo("0.086400");
        assertThat(few.text()).contains("fewer than 10 replicas need");
    }

    @Test
    void theRelaysTheGatewayKnowsAreOfferedAndWhenItKnowsNoneItSaysHowToRunSome() {
        Document none = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR), null, null, List.of(), "minute", null, null));
        assertThat(none.selectFirst("[data-relays]").attr("data-relays")).isEqualTo("0");
        assertThat(none.selectFirst("[data-no-relays]").text()).contains("No relay agent has offered to relay live rooms here in the last minute", "./shoal up --relays N");
        assertThat(none.select("input[name=relay]")).isEmpty();
        Document some = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR), null, null,
                List.of(new StudioRoomsPage.Relay(RELAY, "http://127.0.0.1:9102", "0 bit/s of 20.0 Mbit/s (0%)", 0, 2_500_000, "0 of at most 8 rooms",
                        "5 min ago", false)), "minute", null, null));
        var box = some.selectFirst("input[name=relay]");
        assertThat(box.val()).isEqualTo(RELAY);
        assertThat(box.hasAttr("checked")).isFalse();
        assertThat(some.selectFirst("label.relay").text()).contains(RELAY, "http://127.0.0.1:9102", "5 min ago");
        assertThat(some.select("[data-no-relays]")).isEmpty();
    }

    @Test
    void eachRelayIsOfferedOnceWithItsNewestOfferTheLeastLoadedFirst() {
        OffsetDateTime now = OffsetDateTime.of(2026, 12, 5, 11, 0, 0, 0, ZoneOffset.UTC);
        LiveRelayOffer newest = offer(RELAY, "http://127.0.0.1:9102", 1_250_000, 2, now.minusSeconds(30));
        LiveRelayOffer older = offer(RELAY.toLowerCase(), "http://127.0.0.1:9999", 0, 0, now.minusSeconds(50));
        LiveRelayOffer other = offer("0x" + "a".repeat(40), "http://127.0.0.1:9103", 225_000, 1, now.minusSeconds(10));
        List<StudioRoomsPage.Relay> offered = LiveStudio.choices(List.of(other, newest, older), List.of(RELAY.toLowerCase()), now);
        assertThat(offered).containsExactly(
                new StudioRoomsPage.Relay("0x" + "a".repeat(40), "http://127.0.0.1:9103", "1.8 Mbit/s of 20.0 Mbit/s (9%)", 225_000, 2_500_000,
                        "1 of at most 8 rooms", "just now", false),
                new StudioRoomsPage.Relay(RELAY, "http://127.0.0.1:9102", "10.0 Mbit/s of 20.0 Mbit/s (50%)", 1_250_000, 2_500_000,
                        "2 of at most 8 rooms", "just now", true));
        assertThat(LiveStudio.ago(Duration.ofMinutes(5))).isEqualTo("5 min ago");
    }

    @Test
    void aRelayOnOfferShowsWhatItUploadsOfItsUplinkAndTheRoomsItRelays() {
        Document page = render(new StudioRoomsPage(List.of(), ScheduleForm.blank(CREATOR), "your newest room", null,
                List.of(new StudioRoomsPage.Relay(RELAY, "http://127.0.0.1:9102", "1.8 Mbit/s of 20.0 Mbit/s (9%)", 225_000, 2_500_000,
                        "1 of at most 8 rooms", "just now", false)), "minute", null, null));
        var relay = page.selectFirst("label.relay[data-relay=" + RELAY + "]");
        assertThat(relay.attr("data-upload-bytes")).isEqualTo("225000");
        assertThat(relay.selectFirst(".relay-upload").text()).isEqualTo("uploading 1.8 Mbit/s of 20.0 Mbit/s (9%)");
        assertThat(relay.text()).contains("relays 1 of at most 8 rooms", "heard just now");
        assertThat(page.selectFirst("[data-signed-by-from]").text()).startsWith("Filled in with the key you sign with: that of your newest room.");
    }

    private static LiveRelayOffer offer(String agent, String url, long upload, int rooms, OffsetDateTime heard) {
        LiveRelayOffer r = new LiveRelayOffer();
        r.agent = agent;
        r.relayUrl = url;
        r.uploadBytesPerSecond = upload;
        r.uplinkBytesPerSecond = 2_500_000;
        r.rooms = rooms;
        r.maxRooms = 8;
        r.heardAt = heard;
        return r;
    }
}
