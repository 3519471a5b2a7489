package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.contracts.live.RecordingArchive;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The gateway's registration of a room's recording refused by the marketplace: the room keeps why (the problem's title,
 * status and detail) and shows it, a room without a preset as well as one with.
 */
class RecordingArchiverTests {

    private static final String FORBIDDEN = """
            {"type":"https://shoal.dev/problems/forbidden","title":"Forbidden","status":403,
             "detail":"content 5b0d is registered by another account"}""";

    private final LiveRooms rooms = mock(LiveRooms.class);
    private final OidcClient credential = mock(OidcClient.class);
    private final MarketplaceRecordings marketplace = mock(MarketplaceRecordings.class);
    private final RecordingArchiver archiver = new RecordingArchiver(rooms, credential, marketplace);
    private final UUID room = UUID.randomUUID();

    @Test
    void aRegisterOnlyCallRefusedKeepsTheProblemsTitleAndDetailForTheRoom() {
        Tokens tokens = mock(Tokens.class);
        when(tokens.getAccessToken()).thenReturn("gateway-token");
        when(credential.getTokens()).thenReturn(Uni.createFrom().item(tokens));
        Response refused = mock(Response.class);
        when(refused.getStatus()).thenReturn(403);
        when(refused.readEntity(String.class)).thenReturn(FORBIDDEN);
        when(marketplace.archive(eq("Bearer gateway-token"), any()))
                .thenReturn(Uni.createFrom().<JsonNode>failure(new WebApplicationException("refused", refused)));
        when(rooms.presetRefused(any(), anyString())).thenReturn(Uni.createFrom().item(1));

        archiver.place(new LiveRooms.PresetToPlace(room, 1, registerOnly())).await().indefinitely();

        verify(rooms).presetRefused(room, "Forbidden (403): content 5b0d is registered by another account");
        verify(rooms, never()).presetLater(any(), anyInt(), anyString());
    }

    @Test
    void aRoomWithoutAPresetShowsThatItsRecordingWasNotRegisteredAndWhy() {
        LiveRoom r = new LiveRoom();
        r.archiveState = LiveRoom.ArchiveState.REFUSED;
        r.archiveProblem = "Forbidden (403): content 5b0d is registered by another account";
        RoomView.Archive shown = LiveRooms.archive(r);
        assertThat(shown).isNotNull();
        assertThat(shown.preset()).isNull();
        assertThat(shown.state()).isEqualTo("REFUSED");
        assertThat(shown.refusalShown()).isEqualTo("The recording was not registered (the marketplace refused it):"
                + " Forbidden (403): content 5b0d is registered by another account");

        r.archiveReplicas = 5;
        r.archiveMonths = 1;
        r.archiveMaxPricePerGbMonth = "0.004";
        assertThat(LiveRooms.archive(r).refusalShown()).startsWith("The archive preset's order was not placed");

        LiveRoom registered = new LiveRoom();
        assertThat(LiveRooms.archive(registered)).as("registered, no preset: nothing to show").isNull();
        registered.archiveState = LiveRoom.ArchiveState.PENDING;
        assertThat(LiveRooms.archive(registered).refusalShown()).as("being registered").isNull();
    }

    @Test
    void aRefusalThatIsNotProblemJsonIsShownWithItsStatusAndText() {
        assertThat(RecordingArchiver.refusal(409, FORBIDDEN)).as("the problem's own status wins")
                .isEqualTo("Forbidden (403): content 5b0d is registered by another account");
        assertThat(RecordingArchiver.refusal(404, "no such route\n")).isEqualTo("Refused (404): no such route");
        assertThat(RecordingArchiver.refusal(400, null)).isEqualTo("Refused (400)");
    }

    private RecordingArchive registerOnly() {
        return new RecordingArchive(RecordingArchive.VERSION, room.toString(), "owner-subject", "Owner", "{}", List.of(), List.of(),
                null, null, null, null);
    }
}
