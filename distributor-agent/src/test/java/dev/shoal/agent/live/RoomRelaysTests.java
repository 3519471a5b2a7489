package dev.shoal.agent.live;

import dev.shoal.contracts.identity.Address;
import dev.shoal.contracts.identity.DemoKeys;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** What a relay agent reads in a followed room's event stream: the end, and the creator leaving it out of the room's relays. */
class RoomRelaysTests {

    private static final Address SELF = DemoKeys.agent().address();
    private static final Address OTHER = DemoKeys.creator().address();

    /** The event the lines complete, as the stream reader reads it, and whether it makes the relay let the room go. */
    private static boolean letsGo(String... lines) throws IOException {
        ServerSentEvents reader = new ServerSentEvents();
        boolean gone = false;
        for (String line : lines) {
            ServerSentEvents.Event e = reader.line(line);
            if (e != null) {
                gone |= RoomRelays.letsGo(e, SELF);
            }
        }
        return gone;
    }

    @Test
    void aRelaysEventThatLeavesThisAgentOutLetsTheRoomGo() throws IOException {
        assertThat(letsGo("event: relays", "data: {\"room\":\"r\",\"chosenRelays\":[\"" + OTHER + "\"],\"at\":\"2026-12-05T14:00:00Z\"}", ""))
                .as("another agent chosen").isTrue();
    }

    @Test
    void aRelaysEventThatNamesThisAgentOrAnyAgentKeepsTheRoom() throws IOException {
        assertThat(letsGo("event: relays", "data: {\"room\":\"r\",\"chosenRelays\":[\"" + OTHER + "\",\"" + SELF + "\"]}", ""))
                .as("still chosen").isFalse();
        assertThat(letsGo("event: relays", "data: {\"room\":\"r\",\"chosenRelays\":[\"" + SELF.toString().toLowerCase(Locale.ROOT) + "\"]}", ""))
                .as("chosen, in lower case").isFalse();
        assertThat(letsGo("event: relays", "data: {\"room\":\"r\",\"at\":\"2026-12-05T14:00:00Z\"}", ""))
                .as("the list removed: any agent that opts in").isFalse();
    }

    @Test
    void theEndLetsTheRoomGoOtherEventsDoNot() throws IOException {
        assertThat(letsGo("event: state", "data: {\"room\":\"r\",\"state\":\"ENDED\"}", "")).isTrue();
        assertThat(letsGo("event: state", "data: {\"room\":\"r\",\"state\":\"ENDING\"}", "")).as("viewers play on to the last segment").isFalse();
        assertThat(letsGo("event: viewers", "data: {\"chosenRelays\":[\"" + OTHER + "\"]}", "")).as("not a relays event").isFalse();
        assertThat(letsGo("event: relays", "data: {\"chosenRelays\":[\"" + OTHER + "\"]}")).as("not dispatched before its blank line").isFalse();
    }
}
