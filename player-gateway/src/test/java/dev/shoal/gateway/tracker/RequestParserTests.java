package dev.shoal.gateway.tracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.gateway.tracker.TrackerRequest.Announce;
import dev.shoal.gateway.tracker.TrackerRequest.Answer;
import dev.shoal.gateway.tracker.TrackerRequest.Event;
import dev.shoal.gateway.tracker.TrackerRequest.Scrape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestParserTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = Ids.named("hash");
    private static final String PEER = Ids.named("peer");
    private final RequestParser parser = new RequestParser(JSON);

    private static ObjectNode announce() {
        return JSON.createObjectNode().put("action", "announce").put("info_hash", HASH).put("peer_id", PEER)
                .put("numwant", 5).put("uploaded", 0).put("downloaded", 0).put("left", 1000);
    }

    private TrackerRequest parse(ObjectNode message) throws TrackerFailure {
        return parser.parse(message.toString());
    }

    @Test
    void anAnnounceWithOffersAsTheStockClientSendsIt() throws Exception {
        ObjectNode message = announce().put("event", "started");
        ObjectNode offer = message.putArray("offers").addObject();
        offer.putObject("offer").put("type", "offer").put("sdp", "v=0\r\n");
        offer.put("offer_id", Ids.named("offer"));

        Announce a = (Announce) parse(message);

        assertThat(a.infoHash()).isEqualTo(HASH);
        assertThat(a.peerId()).isEqualTo(PEER);
        assertThat(a.event()).isEqualTo(Event.STARTED);
        assertThat(a.leftZero()).isFalse();
        assertThat(a.numwant()).isEqualTo(5);
        assertThat(a.offers()).singleElement().satisfies(o -> {
            assertThat(o.offerId()).isEqualTo(Ids.named("offer"));
            assertThat(o.offer().get("sdp").textValue()).isEqualTo("v=0\r\n");
        });
    }

    @Test
    void everyByteValueSurvivesInEveryId() throws Exception {
        for (String id : Ids.everyByte()) {
            ObjectNode message = JSON.createObjectNode().put("action", "announce").put("info_hash", id).put("peer_id", id)
                    .put("to_peer_id", id).put("offer_id", id);
            message.putObject("answer").put("type", "answer").put("sdp", "x");
            // as a browser sends it: UTF-8 of JSON.stringify, where bytes >= 0x80 are two-byte sequences
            String received = new String(JSON.writeValueAsString(message).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.UTF_8);

            Answer a = (Answer) parser.parse(received);

            assertThat(List.of(a.infoHash(), a.peerId(), a.toPeerId(), a.offerId())).containsOnly(id);
        }
    }

    @Test
    void eventDefaultsToUpdateAndLeftZeroMeansComplete() throws Exception {
        Announce a = (Announce) parse(announce().put("left", 0));
        assertThat(a.event()).isEqualTo(Event.UPDATE);
        assertThat(a.leftZero()).isTrue();
        assertThat(((Announce) parse(announce().put("left", "0"))).leftZero()).isTrue();
        assertThat(((Announce) parse(announce().put("event", "completed"))).event()).isEqualTo(Event.COMPLETED);
        assertThat(((Announce) parse(announce().put("event", "stopped"))).event()).isEqualTo(Event.STOPPED);
        Announce noNumwant = (Announce) parse(announce().without(List.of("numwant", "left")));
        assertThat(noNumwant.numwant()).isEqualTo(Integer.MAX_VALUE);
        assertThat(noNumwant.leftZero()).isFalse();
        assertThat(noNumwant.offers()).isEmpty();
    }

    @Test
    void anAnswerNamesThePeerItIsFor() throws Exception {
        ObjectNode message = announce().put("to_peer_id", Ids.named("them")).put("offer_id", Ids.named("offer"));
        message.putObject("answer").put("type", "answer").put("sdp", "v=0");

        Answer a = (Answer) parse(message);

        assertThat(a.toPeerId()).isEqualTo(Ids.named("them"));
        assertThat(a.offerId()).isEqualTo(Ids.named("offer"));
        assertThat(a.answer().get("type").textValue()).isEqualTo("answer");
    }

    @Test
    void aScrapeTakesOneHashManyOrNone() throws Exception {
        ObjectNode one = JSON.createObjectNode().put("action", "scrape").put("info_hash", HASH);
        assertThat(((Scrape) parse(one)).infoHashes()).containsExactly(HASH);
        ObjectNode many = JSON.createObjectNode().put("action", "scrape");
        many.putArray("info_hash").add(HASH).add(Ids.named("other"));
        assertThat(((Scrape) parse(many)).infoHashes()).containsExactly(HASH, Ids.named("other"));
        assertThat(((Scrape) parse(JSON.createObjectNode().put("action", "scrape"))).infoHashes()).isEmpty();
    }

    @Test
    void malformedRequestsAreRefusedWithAReason() {
        assertFails("{not json", "invalid JSON", null, null);
        assertFails("[1,2]", "a request is a JSON object", null, null);
        assertFails("{\"action\":\"connect\"}", "invalid action in WS request: connect", null, null);
        assertFails("{}", "invalid action in WS request: undefined", null, null);
        assertFails(announce().without("info_hash").toString(), "invalid info_hash", "announce", null);
        assertFails(announce().put("info_hash", "x".repeat(19)).toString(), "invalid info_hash", "announce", null);
        assertFails(announce().put("info_hash", "x".repeat(19) + "\u0100").toString(), "invalid info_hash", "announce", null);
        assertFails(announce().put("peer_id", "x".repeat(21)).toString(), "invalid peer_id", "announce", HASH);
        assertFails(announce().put("peer_id", 12345).toString(), "invalid peer_id", "announce", HASH);
        assertFails(announce().put("event", "exploded").toString(), "invalid event", "announce", HASH);
        assertFails(announce().put("numwant", "many").toString(), "invalid numwant", "announce", HASH);
        assertFails(announce().put("offers", "none").toString(), "invalid offers", "announce", HASH);
        ObjectNode badOffer = announce();
        badOffer.putArray("offers").addObject().put("offer_id", "short").putObject("offer").put("sdp", "x");
        assertFails(badOffer.toString(), "invalid offers: each is {offer: {type, sdp}, offer_id}", "announce", HASH);
        ObjectNode noTarget = announce().put("offer_id", Ids.named("offer"));
        noTarget.putObject("answer").put("sdp", "x");
        assertFails(noTarget.toString(), "invalid `to_peer_id` (required with `answer`)", "announce", HASH);
        ObjectNode noOfferId = announce().put("to_peer_id", Ids.named("them"));
        noOfferId.putObject("answer").put("sdp", "x");
        assertFails(noOfferId.toString(), "invalid offer_id", "announce", HASH);
        assertFails("{\"action\":\"scrape\",\"info_hash\":[\"short\"]}", "invalid info_hash", "scrape", null);
    }

    private void assertFails(String text, String reason, String action, String infoHash) {
        assertThatThrownBy(() -> parser.parse(text)).isInstanceOfSatisfying(TrackerFailure.class, f -> {
            assertThat(f.getMessage()).isEqualTo(reason);
            assertThat(f.refusal).isEqualTo(Refusal.INVALID_MESSAGE);
            assertThat(f.action).isEqualTo(action);
            assertThat(f.infoHash).isEqualTo(infoHash);
        });
    }
}
