package dev.shoal.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code shoal live open|status} prints about a room (the gateway's room API is tested in LiveRoomIT and LiveRelayIT). */
class LiveCommandTests {

    private static String printed(String room) throws Exception {
        StringWriter text = new StringWriter();
        LiveCommand.Base.print(new PrintWriter(text, true), new ObjectMapper().readTree(room));
        return text.toString();
    }

    @Test
    void aShieldedRoomSaysSoAndWarnsWhenNoRelayCarriesItWhileLive() throws Exception {
        String none = printed("""
                {"room":"r1","state":"LIVE","title":"T","creator":"0xabc","segmentSeconds":4,"maxDelaySeconds":12,"viewers":0,
                 "shielded":true,"sources":[],"renditions":{"hi":5}}""");
        assertThat(none).contains("origin shielded: viewers reach only relay agents (0 relaying now: nobody can watch;"
                + " run some with ./shoal up --relays N)").contains("rendition hi: 6 segments announced");
        String two = printed("""
                {"room":"r1","state":"LIVE","title":"T","creator":"0xabc","segmentSeconds":4,"maxDelaySeconds":12,"viewers":0,
                 "shielded":true,"sources":[{"kind":"relay"},{"kind":"relay"}],"renditions":{}}""");
        assertThat(two).contains("origin shielded: viewers reach only relay agents (2 relaying now)").doesNotContain("nobody");
        String open = printed("""
                {"room":"r1","state":"SCHEDULED","title":"T","creator":"0xabc","segmentSeconds":8,"maxDelaySeconds":24,"viewers":0,
                 "shielded":false,"sources":[],"renditions":{}}""");
        assertThat(open).doesNotContain("shielded");
    }

    @Test
    void theRoomSaysWhoMayRelayIt() throws Exception {
        assertThat(printed("""
                {"room":"r1","state":"LIVE","title":"T","creator":"0xabc","segmentSeconds":4,"maxDelaySeconds":12,"viewers":0,
                 "shielded":true,"chosenRelays":null,"sources":[],"renditions":{}}""")).contains("  relays: any agent that opts in");
        assertThat(printed("""
                {"room":"r1","state":"LIVE","title":"T","creator":"0xabc","segmentSeconds":4,"maxDelaySeconds":12,"viewers":0,
                 "shielded":true,"chosenRelays":["0xA1","0xB2"],"sources":[],"renditions":{}}""")).contains("  relays: 2 chosen: 0xA1, 0xB2");
    }

    @Test
    void relaysAreAddedAndRemovedButNeverAllOfThem() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String a = "0x" + "a".repeat(40);
        String b = "0x" + "b".repeat(40);
        assertThat(LiveCommand.Relays.chosenAfter(json.readTree("null"), List.of(a.toUpperCase().replace("0X", "0x")), List.of()))
                .containsExactly(a);
        assertThat(LiveCommand.Relays.chosenAfter(json.readTree("[\"" + a + "\"]"), List.of(b), List.of(a))).containsExactly(b);
        assertThatThrownBy(() -> LiveCommand.Relays.chosenAfter(json.readTree("[\"" + a + "\"]"), List.of(), List.of(a)))
                .hasMessageContaining("--any");
        assertThatThrownBy(() -> LiveCommand.Relays.chosenAfter(json.readTree("null"), List.of(), List.of(a)))
                .hasMessageContaining("--add");
    }
}
