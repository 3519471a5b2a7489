package dev.shoal.gateway.live;

import dev.shoal.deploy.testing.Pages;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A room's sources on its creator's studio page: the origin and each relay, how far behind, what it uploads of its uplink. */
class StudioSourcesTests {

    private static final String ROOM = "5b0d7f3a-1c2e-4d5f-8a9b-0c1d2e3f4a5b";
    private static final String CREATOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final String RELAY = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String OLD_RELAY = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    private static RoomView view(boolean shielded, String state, List<LiveSources.Source> sources) {
        return new RoomView(ROOM, "Tonight", CREATOR, state, 2, 6, 4, Map.of("hi", 12L), 3, shielded ? null : "http://127.0.0.1:9101",
                shielded, null, sources, null, "2026-12-05T11:00:00Z", null);
    }

    private static List<LiveSources.Source> ranked(boolean shielded) {
        return LiveSources.rank("http://127.0.0.1:9101", shielded, Map.of("hi", 12L), List.of(
                new LiveSources.Relay(RELAY, "http://127.0.0.1:9102", 1, 420, Map.of("hi", 12L), 225_000L, 2_500_000L),
                new LiveSources.Relay(OLD_RELAY, "http://127.0.0.1:9103", 2, 1500, Map.of("hi", 11L), null, null)));
    }

    private static Document render(RoomView view) {
        return Jsoup.parse(Pages.render(StudioSources.of(view)));
    }

    @Test
    void eachSourceSaysHowFarBehindItIsAndWhatItUploadsOfItsUplink() {
        Document page = render(view(false, "LIVE", ranked(false)));
        assertThat(page.selectFirst("[data-sources]").attr("data-sources")).isEqualTo("3");
        assertThat(page.selectFirst("[data-sources-room]").attr("data-sources-room")).isEqualTo(ROOM);
        var relay = page.selectFirst("tr[data-source=relay][data-agent=" + RELAY + "]");
        assertThat(relay.attr("data-behind")).isEqualTo("0");
        assertThat(relay.attr("data-upload-bytes")).isEqualTo("225000");
        assertThat(relay.selectFirst("[data-upload]").text()).isEqualTo("1.8 Mbit/s of 20.0 Mbit/s (9%)");
        assertThat(relay.text()).contains("Relay", RELAY, "http://127.0.0.1:9102", "at the live edge", "0.4 s");
        var old = page.selectFirst("tr[data-source=relay][data-agent=" + OLD_RELAY + "]");
        assertThat(old.attr("data-behind")).isEqualTo("1");
        assertThat(old.text()).contains("1 segment behind", "1.5 s", "not reported");
        var origin = page.selectFirst("tr[data-source=origin]");
        assertThat(origin.text()).contains("Origin", "http://127.0.0.1:9101", "at the live edge");
        assertThat(page.select("tr[data-source]").eachAttr("data-source")).as("ranked: measured relays first")
                .containsExactly("relay", "origin", "relay");
    }

    @Test
    void aShieldedRoomListsItsRelaysOnlyAndSaysWhyAndWhenNoneCarriesItSaysViewersCannotWatch() {
        Document shielded = render(view(true, "LIVE", ranked(true)));
        assertThat(shielded.select("tr[data-source=origin]")).isEmpty();
        assertThat(shielded.select("tr[data-source=relay]")).hasSize(2);
        assertThat(shielded.selectFirst("[data-sources]").text()).contains("The origin is shielded");
        Document none = render(view(true, "LIVE", List.of()));
        assertThat(none.selectFirst("[data-no-sources]").text()).startsWith("No relay carries the room yet");
        assertThat(render(view(false, "SCHEDULED", List.of())).selectFirst("[data-no-sources]").text()).startsWith("None yet");
    }
}
