package dev.shoal.agent.live;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the origin reads in its room's event stream at the gateway: the end, and only the end. */
class GatewayEndFollowerTests {

    private static boolean ends(String... lines) {
        GatewayEndFollower.EventReader reader = new GatewayEndFollower.EventReader();
        boolean ended = false;
        for (String line : lines) {
            ended |= reader.line(line);
        }
        return ended;
    }

    @Test
    void theEndEventOrARoomAlreadyEndingOrEndedEndsTheIngest() {
        assertThat(ends("event: end", "data: {\"room\":\"r\",\"state\":\"ENDING\"}", "")).isTrue();
        assertThat(ends("event: room", "id: r", "data: {\"room\":\"r\",\"state\":\"ENDING\"}", "")).isTrue();
        assertThat(ends("event: room", "data: {\"room\":\"r\",\"state\":\"ENDED\"}", "")).isTrue();
        assertThat(ends("event: state", "data: {\"room\":\"r\",\"state\":\"ENDING\"}", "")).isTrue();
    }

    @Test
    void aChangeOfTheRoomsRelaysAsksForThemAndEndsNothing() {
        int[] asked = {0};
        GatewayEndFollower.EventReader reader = new GatewayEndFollower.EventReader(() -> asked[0]++);
        boolean ended = false;
        for (String line : List.of("event: relays", "data: {\"room\":\"r\",\"chosenRelays\":[\"0xabc\"]}", "",
                "event: viewers", "data: {}", "", "event: state", "data: {\"state\":\"LIVE\"}", "")) {
            ended |= reader.line(line);
        }
        assertThat(asked[0]).as("the room's relays asked for once, on the relays event only").isEqualTo(1);
        assertThat(ended).isFalse();
    }

    @Test
    void announcementsOtherStatesAndHalfEventsDoNot() {
        for (String state : List.of("SCHEDULED", "LIVE", "INTERRUPTED")) {
            assertThat(ends("event: room", "data: {\"room\":\"r\",\"state\":\"" + state + "\"}", "")).as(state).isFalse();
            assertThat(ends("event: state", "data: {\"state\":\"" + state + "\"}", "")).as(state).isFalse();
        }
        assertThat(ends("event: announcement", "data: {\"state\":\"ENDED\"}", "")).as("not a state event").isFalse();
        assertThat(ends("event: end", "data: {}")).as("not dispatched before its blank line").isFalse();
        assertThat(ends("event: state", "data: not json", "")).isFalse();
        assertThat(ends("event: end", "data: {}", "", "event: viewers", "data: {}", "")).isTrue();
        assertThat(ends("event: viewers", "data: {}", "", "data: {\"state\":\"ENDING\"}", "")).as("a nameless event is a message").isFalse();
    }
}
