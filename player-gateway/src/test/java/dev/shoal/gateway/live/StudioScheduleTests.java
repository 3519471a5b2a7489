package dev.shoal.gateway.live;

import dev.shoal.deploy.testing.Pages;
import dev.shoal.gateway.outbox.Outbox;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The studio's "Schedule a room" through the resource and the bearer API's own {@link LiveRooms#open} (its repositories
 * mocked): bad input comes back on the form with the refusal, what was typed kept, and nothing stored; a good form
 * stores the room as the API would and sends the browser to the room's studio page. (LiveStudioIT: the same in Chromium
 * on the real stack.)
 */
class StudioScheduleTests {

    private static final String CREATOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final String RELAY = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final Instant NOW = Instant.parse("2026-12-05T11:00:00Z");

    private final LiveRoomRepository roomRepository = mock(LiveRoomRepository.class);
    private final LiveRelayOfferRepository relayRepository = mock(LiveRelayOfferRepository.class);
    private final MarketplaceContents contents = mock(MarketplaceContents.class);
    private final MarketplaceOrders orders = mock(MarketplaceOrders.class);
    private final LiveRelays liveRelays = mock(LiveRelays.class);
    private final LiveFanOut fanOut = mock(LiveFanOut.class);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private LiveStudioResource resource;
    private LiveStudio studio;

    @BeforeEach
    void wiring() {
        LiveRooms rooms = new LiveRooms(roomRepository, mock(LiveRenditionRepository.class), mock(LiveAnnouncementRepository.class),
                mock(Outbox.class), fanOut, null, null, clock, liveRelays);
        studio = new LiveStudio(roomRepository, relayRepository, fanOut, contents, orders, clock);
        when(orders.asks(anyString(), anyInt())).thenReturn(Uni.createFrom().failure(new jakarta.ws.rs.ProcessingException("not asked here")));
        resource = new LiveStudioResource(rooms, studio, mock(SecurityIdentity.class), mock(Outbox.class));
        when(roomRepository.persist(any(LiveRoom.class))).thenAnswer(call -> Uni.createFrom().item(call.<LiveRoom>getArgument(0)));
        when(roomRepository.ofOwner(anyString(), anyInt())).thenReturn(Uni.createFrom().item(List.of()));
        LiveRelayOffer heard = new LiveRelayOffer();
        heard.agent = RELAY;
        heard.relayUrl = "http://127.0.0.1:9102";
        heard.uplinkBytesPerSecond = 2_500_000;
        heard.maxRooms = 8;
        heard.heardAt = OffsetDateTime.ofInstant(NOW.minusSeconds(20), ZoneOffset.UTC);
        when(relayRepository.heardSince(any(), anyInt())).thenReturn(Uni.createFrom().item(List.of(heard)));
        when(liveRelays.sources(any())).thenReturn(Uni.createFrom().item(List.of()));
    }

    private static ScheduleForm form(String title, String segment, boolean archive, String replicas, List<String> relays) {
        return new ScheduleForm(title, CREATOR, segment, "", false, archive, replicas, "12", "0.004", relays);
    }

    private Response schedule(ScheduleForm form) {
        return resource.scheduleFor("creator", "Creator Demo", form).await().indefinitely();
    }

    /** The refused form as the browser gets it: 400, the refusal on the form, nothing stored. */
    private Document refused(ScheduleForm form, String problem) {
        Response r = schedule(form);
        assertThat(r.getStatus()).isEqualTo(400);
        Document page = Jsoup.parse(Pages.render((TemplateInstance) r.getEntity()));
        assertThat(page.selectFirst("form[data-schedule-form] [data-problem]").text()).contains(problem);
        assertThat(page.selectFirst("[data-problem]").attr("data-problem-type")).isEqualTo("invalid-request");
        verify(roomRepository, never()).persist(any(LiveRoom.class));
        return page;
    }

    @Test
    void aSegmentOfNineSecondsIsRefusedOnTheFormAndWhatWasTypedIsKept() {
        Document page = refused(form("Tonight", "9", false, "5", List.of(RELAY)), "segmentSeconds must be 2 to 8");
        assertThat(page.selectFirst("input[name=title]").val()).isEqualTo("Tonight");
        assertThat(page.selectFirst("input[name=segmentSeconds]").val()).isEqualTo("9");
        assertThat(page.selectFirst("input[name=relay][value=" + RELAY + "]").hasAttr("checked")).as("the relay still ticked").isTrue();
    }

    @Test
    void anEmptyTitleIsRefused() {
        refused(form("  ", "8", false, "5", List.of()), "title is required");
    }

    @Test
    void anArchiveOfFourReplicasIsRefused() {
        Document page = refused(form("Tonight", "8", true, "4", List.of()), "archive preset: an archive has 5 to 10 replicas");
        assertThat(page.selectFirst("input[name=archive]").hasAttr("checked")).isTrue();
        assertThat(page.selectFirst("input[name=replicas]").val()).isEqualTo("4");
    }

    @Test
    void aRelayThatIsNoAgentAddressIsRefused() {
        refused(form("Tonight", "8", false, "5", List.of("0x1234")), "\"0x1234\" is not an agent's address");
    }

    @Test
    void aSigningAddressWithOneLetterOfTheWrongCaseIsRefusedWithItsChecksumNamed() {
        String miscased = "0xf39Fd6e51aad88F6F4ce6aB8827279cfFFb92266"; // the demo creator's, 'fFF' for 'ffF'
        refused(new ScheduleForm("Tonight", miscased, "8", "", false, false, "5", "12", "0.004", List.of()), "checksum");
    }

    @Test
    void aSegmentThatIsNoNumberIsRefused() {
        refused(form("Tonight", "eight", false, "5", List.of()), "segment seconds is a whole number, not \"eight\"");
    }

    @Test
    void aGoodFormStoresTheRoomAsTheApiWouldAndGoesToItsStudioPage() {
        Response r = schedule(new ScheduleForm(" Tonight ", CREATOR, "4", "", true, true, "6", "3", "0.004", List.of(RELAY)));
        assertThat(r.getStatus()).isEqualTo(303);
        ArgumentCaptor<LiveRoom> stored = ArgumentCaptor.forClass(LiveRoom.class);
        verify(roomRepository).persist(stored.capture());
        LiveRoom room = stored.getValue();
        assertThat(r.getLocation().toString()).isEqualTo("/studio/live/" + room.roomId);
        assertThat(room.owner).isEqualTo("creator");
        assertThat(room.ownerName).isEqualTo("Creator Demo");
        assertThat(room.title).isEqualTo("Tonight");
        assertThat(room.creator).isEqualTo(CREATOR);
        assertThat(room.segmentSeconds).isEqualTo(4);
        assertThat(room.maxDelaySeconds).as("3 segments by default").isEqualTo(12);
        assertThat(room.shielded).isTrue();
        assertThat(room.state).isEqualTo(RoomState.SCHEDULED);
        assertThat(room.archiveReplicas).isEqualTo(6);
        assertThat(room.archiveMonths).isEqualTo(3);
        assertThat(room.archiveMaxPricePerGbMonth).isEqualTo("0.004");
        assertThat(ChosenRelays.of(room.chosenRelays)).containsExactly(RELAY);
    }

    @Test
    void noRelayTickedLetsAnyAgentRelayAndNoArchiveTickedMeansNoPreset() {
        assertThat(schedule(form("Tonight", "8", false, "4", List.of())).getStatus()).isEqualTo(303);
        ArgumentCaptor<LiveRoom> stored = ArgumentCaptor.forClass(LiveRoom.class);
        verify(roomRepository).persist(stored.capture());
        assertThat(stored.getValue().chosenRelays).isNull();
        assertThat(stored.getValue().hasArchivePreset()).isFalse();
    }

    /** The studio's new form as the signed-in creator opens it, with their token. */
    private Document opened(String authorization) {
        return Jsoup.parse(Pages.render(studio.page("creator", authorization, null, null).await().indefinitely()));
    }

    @Test
    void aFirstRoomIsSignedForTheKeyTheCreatorsPublishedVideosAreSignedWith() throws Exception {
        com.fasterxml.jackson.databind.JsonNode mine = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                [{"contentId":"%s","creator":"%s","title":"Harbour at dawn"},
                 {"contentId":"%s","creator":"%s","title":"older"}]""".formatted("a".repeat(64), CREATOR.toLowerCase(), "b".repeat(64), RELAY));
        when(contents.mine("Bearer token-1")).thenReturn(Uni.createFrom().item(mine));
        Document page = opened("Bearer token-1");
        assertThat(page.selectFirst("input[name=creator]").val()).as("the newest content's, checksummed").isEqualTo(CREATOR);
        assertThat(page.selectFirst("[data-signed-by-from]").attr("data-signed-by-from")).isEqualTo("your published video \u201cHarbour at dawn\u201d");
    }

    @Test
    void theNewestRoomsKeyComesFirstAndTheMarketplaceIsNotAsked() {
        LiveRoom earlier = new LiveRoom();
        earlier.roomId = java.util.UUID.randomUUID();
        earlier.title = "Yesterday";
        earlier.creator = RELAY;
        earlier.state = RoomState.ENDED;
        earlier.openedAt = OffsetDateTime.ofInstant(NOW.minusSeconds(86_400), ZoneOffset.UTC);
        when(roomRepository.ofOwner(anyString(), anyInt())).thenReturn(Uni.createFrom().item(List.of(earlier)));
        Document page = opened("Bearer token-1");
        assertThat(page.selectFirst("input[name=creator]").val()).isEqualTo(RELAY);
        assertThat(page.selectFirst("[data-signed-by-from]").attr("data-signed-by-from")).isEqualTo("your newest room");
        verify(contents, never()).mine(anyString());
    }

    @Test
    void aNewFormsArchiveIsPricedAtWhatPlacesItsReplicasNowAndAMarketplaceThatFailsLeavesThePriceToType() {
        when(contents.mine(anyString())).thenReturn(Uni.createFrom().nothing());
        when(orders.asks("Bearer token-1", 5)).thenReturn(Uni.createFrom().item(
                new dev.shoal.contracts.market.MarketAsks(1, 5, 6, "0.172800", "0.086400", "0.086400", 30)));
        Document page = opened("Bearer token-1");
        assertThat(page.selectFirst("input[name=maxPricePerGbMonth]").val()).isEqualTo("0.172800");
        assertThat(page.selectFirst("[data-market-asks]").attr("data-max-price-to-place")).isEqualTo("0.172800");
        when(orders.asks("Bearer down", 5)).thenReturn(Uni.createFrom().failure(new jakarta.ws.rs.ProcessingException("connection refused")));
        when(orders.asks("Bearer silent", 5)).thenReturn(Uni.createFrom().nothing());
        for (String token : List.of("Bearer down", "Bearer silent")) {
            Document left = opened(token);
            assertThat(left.selectFirst("input[name=maxPricePerGbMonth]").val()).as(token).isEmpty();
            assertThat(left.selectFirst("[data-market-asks]").hasAttr("hidden")).as(token).isTrue();
            assertThat(left.selectFirst("[data-market-asks]").text()).as(token).isEmpty();
        }
    }

    @Test
    void theHintTheFormFetchesAgainIsForTheCountTypedWithinFiveToTen() {
        when(contents.mine(anyString())).thenReturn(Uni.createFrom().nothing());
        for (int n : new int[] {5, 7, 10}) {
            when(orders.asks("Bearer token-1", n)).thenReturn(Uni.createFrom().item(
                    new dev.shoal.contracts.market.MarketAsks(1, n, 6, n <= 6 ? "0.172800" : null, "0.086400", "0.086400", 30)));
        }
        assertThat(asked("7").selectFirst("[data-market-asks]").attr("data-replicas")).isEqualTo("7");
        assertThat(asked("7").selectFirst("[data-market-asks]").text()).contains("Only 6 storage agents are online", "fewer than 7");
        assertThat(asked(" 10 ").selectFirst("[data-market-asks]").attr("data-replicas")).isEqualTo("10");
        assertThat(asked("11").selectFirst("[data-market-asks]").attr("data-replicas")).as("kept within 5 to 10, and says which").isEqualTo("10");
        assertThat(asked("seven").selectFirst("[data-market-asks]").attr("data-replicas")).as("no count: 5").isEqualTo("5");
        assertThat(Jsoup.parse(Pages.render(studio.asks("7", null).map(StudioMarketAsks::new).await().indefinitely()))
                .selectFirst("[data-market-asks]").hasAttr("hidden")).as("no token: nothing to say").isTrue();
    }

    private Document asked(String replicas) {
        return Jsoup.parse(Pages.render(studio.asks(replicas, "Bearer token-1").map(StudioMarketAsks::new).await().indefinitely()));
    }

    @Test
    void aCreatorWithNothingSignedOrAMarketplaceThatFailsGetsAnEmptyFieldToTypeOnce() throws Exception {
        when(contents.mine("Bearer none")).thenReturn(Uni.createFrom().item(new com.fasterxml.jackson.databind.ObjectMapper().readTree("[]")));
        when(contents.mine("Bearer down")).thenReturn(Uni.createFrom().failure(new jakarta.ws.rs.ProcessingException("connection refused")));
        when(contents.mine("Bearer silent")).thenReturn(Uni.createFrom().nothing());
        for (String token : List.of("Bearer none", "Bearer down", "Bearer silent")) {
            Document page = opened(token);
            assertThat(page.selectFirst("input[name=creator]").val()).as(token).isEmpty();
            assertThat(page.selectFirst("[data-signed-by-from]").text()).as(token).startsWith("Type it once: your next rooms are filled in with it.");
        }
    }

    @Test
    void theRelaysOnOfferAreTheAgentsThatOfferedWithWhatTheyUpload() {
        Document page = opened(null);
        var relay = page.selectFirst("label.relay[data-relay=" + RELAY + "]");
        assertThat(relay.attr("data-uplink-bytes")).isEqualTo("2500000");
        assertThat(relay.text()).contains("uploading 0 bit/s of 20.0 Mbit/s (0%)", "relays 0 of at most 8 rooms", "heard just now");
    }
}
