package dev.shoal.gateway.live;

import dev.shoal.contracts.problem.ProblemException;
import dev.shoal.contracts.problem.ProblemType;
import dev.shoal.gateway.outbox.Outbox;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A room's studio page and sources answer its owner only ({@link LiveRooms#ownedBy}, the check the end, the chosen
 * relays and the archive make too), on mocked repositories: another account 403 {@code forbidden}, an unknown room 404
 * {@code room-not-found}. (LiveStudioIT: the same with real sign-ins; the role {@code creator} is the resource's
 * {@code @RolesAllowed}.)
 */
class StudioOwnerTests {

    private static final UUID ROOM = UUID.fromString("5b0d7f3a-1c2e-4d5f-8a9b-0c1d2e3f4a5b");
    private static final Instant NOW = Instant.parse("2026-12-05T11:00:00Z");

    private final LiveRoomRepository roomRepository = mock(LiveRoomRepository.class);
    private final LiveRenditionRepository renditions = mock(LiveRenditionRepository.class);
    private final LiveRelays liveRelays = mock(LiveRelays.class);
    private final SecurityIdentity identity = mock(SecurityIdentity.class);
    private LiveStudioResource resource;

    @BeforeEach
    void wiring() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        LiveRooms rooms = new LiveRooms(roomRepository, renditions, mock(LiveAnnouncementRepository.class), mock(Outbox.class),
                mock(LiveFanOut.class), null, null, clock, liveRelays);
        resource = new LiveStudioResource(rooms, mock(LiveStudio.class), identity, mock(Outbox.class));
        when(roomRepository.findById(any(UUID.class))).thenReturn(Uni.createFrom().nullItem());
        when(roomRepository.findById(ROOM)).thenReturn(Uni.createFrom().item(room("creator")));
        when(renditions.ofRoom(ROOM)).thenReturn(Uni.createFrom().item(List.of()));
        when(liveRelays.sources(any())).thenReturn(Uni.createFrom().item(List.of()));
    }

    private static LiveRoom room(String owner) {
        LiveRoom r = new LiveRoom();
        r.roomId = ROOM;
        r.owner = owner;
        r.creator = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
        r.title = "Harbour at dawn";
        r.segmentSeconds = 2;
        r.maxDelaySeconds = 6;
        r.state = RoomState.LIVE;
        r.openedAt = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);
        return r;
    }

    private void signedInAs(String account) {
        Principal principal = () -> account;
        when(identity.getPrincipal()).thenReturn(principal);
    }

    @Test
    void onlyTheAccountThatOpenedTheRoomOwnsIt() {
        LiveRoom r = room("creator");
        assertThat(LiveRooms.ownedBy(r, "creator")).isSameAs(r);
        for (String other : new String[] {"creator2", "Creator", "", null}) {
            assertThatThrownBy(() -> LiveRooms.ownedBy(r, other)).as(String.valueOf(other)).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN);
                assertThat(e.getMessage()).isEqualTo("room " + ROOM + " belongs to another creator");
            });
        }
    }

    @Test
    void theOwnerGetsTheRoomsSources() {
        signedInAs("creator");
        TemplateInstance sources = resource.sources(ROOM.toString()).await().indefinitely();
        assertThat(sources).isInstanceOfSatisfying(StudioSources.class, s -> {
            assertThat(s.room()).isEqualTo(ROOM.toString());
            assertThat(s.state()).isEqualTo("LIVE");
        });
    }

    @Test
    void anotherAccountIsRefusedThePageAndTheSources() {
        signedInAs("creator2");
        assertThatThrownBy(() -> resource.sources(ROOM.toString()).await().indefinitely())
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN));
        assertThatThrownBy(() -> resource.page(ROOM.toString(), mock(UriInfo.class)).await().indefinitely())
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN));
    }

    @Test
    void anUnknownRoomIsNotFoundAsBefore() {
        signedInAs("creator");
        String unknown = UUID.randomUUID().toString();
        assertThatThrownBy(() -> resource.sources(unknown).await().indefinitely())
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.ROOM_NOT_FOUND));
        assertThatThrownBy(() -> resource.page(unknown, mock(UriInfo.class)).await().indefinitely())
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.ROOM_NOT_FOUND));
    }
}
