package dev.shoal.gateway.live;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracker tells a live room's swarm from a content's by its name, {@code live-{room}}. */
class LiveSwarmTests {

    @Test
    void aLiveRoomsSwarmNamesItsRoom() {
        UUID room = UUID.randomUUID();
        assertThat(LiveRooms.roomOfSwarm("live-" + room)).contains(room);
    }

    @Test
    void anythingElseIsNoRoomsSwarm() {
        assertThat(LiveRooms.roomOfSwarm("ab".repeat(32))).isEmpty();
        assertThat(LiveRooms.roomOfSwarm("live-")).isEmpty();
        assertThat(LiveRooms.roomOfSwarm("live-not-a-uuid")).isEmpty();
        assertThat(LiveRooms.roomOfSwarm("live-" + UUID.randomUUID() + "/x")).isEmpty();
        assertThat(LiveRooms.roomOfSwarm(null)).isEmpty();
    }
}
