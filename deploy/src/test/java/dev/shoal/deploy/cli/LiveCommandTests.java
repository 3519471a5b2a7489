package dev.shoal.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@code shoal live open|attach|status} prints about a room, and what {@code attach} asks the creator's agent (the
 * gateway's room API is tested in LiveRoomIT and LiveRelayIT, attach on the real stack in LiveStudioIT).
 */
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
    void aRecordingTheMarketplaceRefusedToRegisterSaysSoAndWhy() throws Exception {
        String refused = printed("""
                {"room":"r1","state":"ENDED","title":"T","creator":"0xabc","segmentSeconds":4,"maxDelaySeconds":12,"viewers":0,
                 "shielded":false,"sources":[],"renditions":{"hi":5},"contentId":null,
                 "archive":{"preset":null,"state":"REFUSED","orderId":null,"problem":"Forbidden (403): registered by another account"}}""");
        assertThat(refused).contains("  recording: not registered: the marketplace refused it: Forbidden (403): registered by another account")
                .doesNotContain("recording: content");
        String presetRefused = printed("""
                {"room":"r1","state":"ENDED","title":"T","creator":"0xabc","segmentSeconds":4,"maxDelaySeconds":12,"viewers":0,
                 "shielded":false,"sources":[],"renditions":{},"archive":{"preset":{"replicas":5,"months":1,"maxPricePerGbMonth":"0.0000001"},
                 "state":"REFUSED","problem":"Price below every ask (422): the lowest ask is 0.004 sUSD per GB-month"}}""");
        assertThat(presetRefused).contains("  archive: the preset's order was not placed: the marketplace refused it: Price below every ask (422)");
        String pending = printed("""
                {"room":"r1","state":"ENDED","title":"T","creator":"0xabc","segmentSeconds":4,"maxDelaySeconds":12,"viewers":0,
                 "shielded":false,"sources":[],"renditions":{},"archive":{"preset":null,"state":"PENDING","problem":null}}""");
        assertThat(pending).contains("  recording: being registered\n").doesNotContain("(");
        String placed = printed("""
                {"room":"r1","state":"ENDED","title":"T","creator":"0xabc","segmentSeconds":4,"maxDelaySeconds":12,"viewers":0,
                 "shielded":false,"sources":[],"renditions":{},"contentId":"c1","archive":{"preset":null,"state":"PLACED","orderId":"o1"}}""");
        assertThat(placed).contains("  recording: content c1", "  archive: order o1");
        StringWriter beforeTheOrder = new StringWriter();
        LiveCommand.Base.print(new PrintWriter(beforeTheOrder, true), new ObjectMapper().readTree("""
                {"room":"r1","state":"ENDED","title":"T","creator":"0xabc","segmentSeconds":4,"maxDelaySeconds":12,"viewers":0,
                 "shielded":false,"sources":[],"renditions":{},"contentId":"c1","archive":{"preset":null,"state":"PLACED","orderId":"o1"}}"""), false);
        assertThat(beforeTheOrder.toString()).as("end --archive prints the whole order next, once").contains("  recording: content c1")
                .doesNotContain("archive: order");
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
    void eachSourceSaysWhatItUploadsAsALinesSpeed() throws Exception {
        String text = printed("""
                {"room":"r1","state":"LIVE","title":"T","creator":"0xabc","segmentSeconds":4,"maxDelaySeconds":12,"viewers":3,
                 "shielded":false,"chosenRelays":null,"renditions":{"hi":5},"sources":[
                 {"kind":"relay","url":"http://a:1","agent":"0xA1","behind":0,"lagMillis":120,"load":0.09,
                  "uploadBytesPerSecond":225000,"uplinkBytesPerSecond":2500000,"rooms":1,"held":{"hi":5}},
                 {"kind":"origin","url":"http://o:1","agent":null,"behind":0,"lagMillis":0,"load":null,
                  "uploadBytesPerSecond":null,"uplinkBytesPerSecond":null,"rooms":null,"held":null},
                 {"kind":"relay","url":"http://b:1","agent":"0xB2","behind":1,"lagMillis":300,"load":null,
                  "uploadBytesPerSecond":null,"uplinkBytesPerSecond":null,"rooms":2,"held":{"hi":4}}]}""");
        assertThat(text).contains("  source 1: relay 0xA1 at http://a:1: uploading 1.8 Mbit/s of 20.0 Mbit/s (9%), 0 segments behind\n",
                "  source 2: origin at http://o:1\n",
                "  source 3: relay 0xB2 at http://b:1: upload not reported (an agent older than relay claims version 2), 1 segment behind\n");
        assertThat(dev.shoal.contracts.live.LineSpeed.of(0)).isEqualTo("0 bit/s");
        assertThat(dev.shoal.contracts.live.LineSpeed.of(40_000)).isEqualTo("320 kbit/s");
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

    private static final String CREATOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    private static JsonNode room(String state, boolean shielded) throws Exception {
        return new ObjectMapper().readTree("""
                {"room":"r1","state":"%s","title":"Tonight","creator":"%s","segmentSeconds":4,"maxDelaySeconds":12,"viewers":0,
                 "shielded":%s,"chosenRelays":null,"sources":[],"renditions":{}}""".formatted(state, CREATOR.toLowerCase(), shielded));
    }

    /** The agent's local API as attach meets it: what it was asked, and its answer (the room opened, its stream key). */
    private static HttpServer agent(List<String> asked, String signer) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/local/live/rooms", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Shoal-Operator-Token") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] opened = ("{\"room\":\"r1\",\"streamKey\":\"sk_secret\",\"ingestPath\":\"/ingest/r1/sk_secret/\",\"creator\":\""
                    + signer + "\",\"gateway\":\"http://gw\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, opened.length);
            exchange.getResponseBody().write(opened);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void attachMakesTheAgentTheOriginOfTheScheduledRoomAndSaysWhereAndHowToPush() throws Exception {
        List<String> asked = new ArrayList<>();
        HttpServer server = agent(asked, CREATOR);
        try {
            String agentUrl = "http://127.0.0.1:" + server.getAddress().getPort();
            StringWriter text = new StringWriter();
            LiveCommand.attach(new PrintWriter(text, true), "http://gw", room("SCHEDULED", true), "agent-1", agentUrl, "op-token");
            assertThat(asked).hasSize(1);
            assertThat(asked.get(0)).startsWith("POST op-token ");
            JsonNode request = new ObjectMapper().readTree(asked.get(0).substring("POST op-token ".length()));
            assertThat(request.path("room").asText()).isEqualTo("r1");
            assertThat(request.path("gateway").asText()).isEqualTo("http://gw");
            assertThat(request.path("shielded").asBoolean()).as("the room's shield, told to its origin").isTrue();
            String ingest = agentUrl + "/ingest/r1/sk_secret/index.m3u8";
            assertThat(text.toString()).contains("room r1  SCHEDULED  \"Tonight\"", "Push HLS to (the stream key is shown only now):\n  " + ingest,
                    "ffmpeg -re -i INPUT -c:v libx264 -g 120 -c:a aac -f hls -hls_time 4 -method PUT " + ingest,
                    "\"Custom Output (FFmpeg)\"", "Container Format: hls, Muxer Settings: method=PUT hls_time=4",
                    "Keyframe interval: 4 s (120 frames at 30 fps)", "Watch: http://gw/live/r1");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void attachRefusesARoomThatEndedAndOneOpenedForAnotherKey() throws Exception {
        List<String> asked = new ArrayList<>();
        HttpServer server = agent(asked, "0x" + "1".repeat(40));
        try {
            String agentUrl = "http://127.0.0.1:" + server.getAddress().getPort();
            PrintWriter out = new PrintWriter(new StringWriter(), true);
            assertThatThrownBy(() -> LiveCommand.attach(out, "http://gw", room("ENDED", false), "agent-1", agentUrl, "op-token"))
                    .hasMessageContaining("room r1 is ENDED");
            assertThat(asked).as("the agent was not asked").isEmpty();
            assertThatThrownBy(() -> LiveCommand.attach(out, "http://gw", room("SCHEDULED", false), "agent-1", agentUrl, "op-token"))
                    .hasMessageContaining("agent-1 signs with the creator key of 0x1111").hasMessageContaining("opened for " + CREATOR.toLowerCase());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void endWithAnArchiveChecksItsTermsOverTheRoomsPresetBeforeEndingAnything() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode bare = json.readTree("""
                {"room":"r1","state":"LIVE","archive":null}""");
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(5, null, null, null), bare, null))
                .isEqualTo("an archive needs a term: --months N (the room has no archive preset); nothing was ended."
                        + " For example: shoal live end r1 --archive 5 --months 12 --max-price 0.004");
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(5, 1, null, null), bare, null))
                .startsWith("an archive needs a highest price: --max-price SUSD");
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(5, 1, null, "0.0000001"), bare, null))
                .startsWith("--max-price is a positive amount of sUSD");
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(4, 1, null, "0.004"), bare, null))
                .startsWith("an archive has 5 to 10 replicas").endsWith("--archive 5 --months 1 --max-price 0.004");
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(5, 1, null, "0.004"), bare, null)).isNull();
        // the preset gives what the command line does not
        JsonNode preset = json.readTree("""
                {"room":"r1","state":"LIVE","archive":{"preset":{"replicas":7,"months":null,"epochs":40,"maxPricePerGbMonth":"0.004"},
                 "state":null,"orderId":null,"problem":null}}""");
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(5, null, null, null), preset, null)).isNull();
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(5, 0, null, null), preset, null))
                .startsWith("an archive's term is at least one month").doesNotContain("no archive preset");
    }

    @Test
    void endWithAnArchiveRefusesAPriceBelowEveryAskOfTheMarketBeforeEndingAndItsExampleTakesTheMarketsPrice() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode bare = json.readTree("""
                {"room":"r1","state":"LIVE","archive":null}""");
        dev.shoal.contracts.market.MarketAsks demo = new dev.shoal.contracts.market.MarketAsks(1, 5, 5, "0.172800", "0.086400", "0.086400", 30);
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(5, 12, null, "0.004"), bare, demo))
                .isEqualTo("--max-price 0.004 is below every storage agent's ask on this market now: the lowest is 0.086400 sUSD per"
                        + " GB-month, and 5 replicas are placed at up to 0.172800; nothing was ended. For example: shoal live end r1"
                        + " --archive 5 --months 12 --max-price 0.172800");
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(5, 12, null, "0.0864"), bare, demo))
                .as("at the lowest ask: some agent takes it").isNull();
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(5, 12, null, null), bare, demo))
                .endsWith("--max-price 0.172800");
        JsonNode cheapPreset = json.readTree("""
                {"room":"r1","state":"LIVE","archive":{"preset":{"replicas":6,"months":3,"epochs":null,"maxPricePerGbMonth":"0.004"}}}""");
        dev.shoal.contracts.market.MarketAsks few = new dev.shoal.contracts.market.MarketAsks(1, 6, 2, null, "0.086400", "0.086400", 30);
        assertThat(LiveCommand.End.archiveTermsProblem(new dev.shoal.contracts.live.ArchiveTerms(6, null, null, null), cheapPreset, few))
                .isEqualTo("--max-price 0.004 (the room's preset) is below every storage agent's ask on this market now: the lowest is"
                        + " 0.086400 sUSD per GB-month; nothing was ended. For example: shoal live end r1 --archive 6 --months 3"
                        + " --max-price 0.086400");
    }

    @Test
    void theMarketsAsksComeFromTheMarketplaceWithTheCreatorsTokenAndAMarketplaceThatFailsIsNotAsked() throws Exception {
        HttpServer market = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> asked = new ArrayList<>();
        market.createContext("/api/orders/asks", exchange -> {
            asked.add(exchange.getRequestURI().getQuery() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = """
                    {"version":1,"replicas":7,"placeable":7,"maxPriceToPlace":"0.172800","lowestAsk":"0.086400","step":"0.086400","epochSeconds":30}"""
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        market.start();
        try {
            LiveCommand.End end = new LiveCommand.End();
            end.marketplace = "http://127.0.0.1:" + market.getAddress().getPort();
            dev.shoal.contracts.market.MarketAsks asks = end.marketAsks(new dev.shoal.contracts.live.ArchiveTerms(7, 1, null, null), "jwt-1");
            assertThat(asks.maxPriceToPlace()).isEqualTo("0.172800");
            assertThat(asked).containsExactly("replicas=7 Bearer jwt-1");
            assertThat(end.marketAsks(new dev.shoal.contracts.live.ArchiveTerms(4, 1, null, null), "jwt-1")).as("no archive to ask for").isNull();
            end.marketplace = "http://127.0.0.1:1";
            assertThat(end.marketAsks(new dev.shoal.contracts.live.ArchiveTerms(7, 1, null, null), "jwt-1")).as("unreachable").isNull();
        } finally {
            market.stop(0);
        }
    }
}
