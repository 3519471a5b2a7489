package dev.shoal.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's lines (where the HTTP bytes went: seeds on a turn or by the draw, the segments nobody seeded; the
 * startup probes) and its patterns.
 */
class LiveBenchmarkTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode viewer(String events) throws Exception {
        return JSON.readTree("{\"events\": [" + events + "]}");
    }

    @Test
    void seedsAreCountedByTurnAndTheNewSegmentsNobodySeededAreNamed() throws Exception {
        String line = LiveBenchmark.httpBreakdown(List.of(
                viewer("""
                        {"kind": "seeded", "rendition": "hi", "index": 20, "bytes": 100, "turn": true},
                        {"kind": "seeded", "rendition": "hi", "index": 21, "bytes": 100, "turn": false},
                        {"kind": "segment-loaded", "from": "http", "bytes": 100}"""),
                viewer("""
                        {"kind": "seeded", "rendition": "hi", "index": 21, "bytes": 100, "turn": true},
                        {"kind": "seeded", "rendition": "hi", "index": 24, "bytes": 100, "turn": true},
                        {"kind": "segment-loaded", "from": "p2p", "bytes": 100}""")));
        assertThat(line).contains("seeded 4 copies (3 on the gateway's turn, the rest by the draw) of 3 new segments")
                .contains("new segments nobody seeded 2 [hi/22, hi/23]");
    }

    @Test
    void startupProbesAreComparedPairForPairAndAMissedFirstFrameIsCountedNotHidden() {
        var probes = new LiveBenchmark.Probes(List.of(new LiveBenchmark.Probes.Pair(600L, 480L), new LiveBenchmark.Probes.Pair(400L, 420L),
                new LiveBenchmark.Probes.Pair(1000L, null), new LiveBenchmark.Probes.Pair(500L, 700L)), 1);
        // pair by pair: 0.80, 1.05, 1.40 (the pair whose P2P-on page had no first frame has no ratio)
        assertThat(probes.line()).isEqualTo("startup probes, 4 pairs into the playing swarm: P2P off p50 / p95 500 / 1000 ms, "
                + "P2P on 480 / 700 ms (ratio 0.96x / 0.70x); pair by pair, on / off p50 1.05x (1 of 3 pairs on faster); no first frame in 30 s: 1");
        assertThat(probes.each()).isEqualTo("600/480 400/420 1000/- 500/700");
    }

    @Test
    void aLighterPatternKeepsEvenSizesAndASilentOneIsPaddedToItsBitRate() {
        var light = LiveEncoder.Picture.parse("160x90@2,silent");
        assertThat(light.loSize()).isEqualTo("80x44"); // x264 refuses 4:2:0 in 80x45: the room never went live
        assertThat(light.sound()).isFalse();
        assertThat(LiveEncoder.Picture.parse("320x180@10").loSize()).isEqualTo("160x90");
        // without filler x264 fell short of the rate at small sizes (430 kB segments where the default carries 690)
        List<String> silent = LiveEncoder.command("http://127.0.0.1:1/ingest/%v/index.m3u8", 60, 8, light);
        assertThat(String.join(" ", silent)).contains("-minrate:v:0 664k -maxrate:v:0 664k", "-minrate:v:1 214k -maxrate:v:1 214k",
                "-x264-params nal-hrd=cbr").doesNotContain("-c:a");
        List<String> withSound = LiveEncoder.command("http://127.0.0.1:1/ingest/%v/index.m3u8", 60, 8, LiveEncoder.Picture.DEFAULT);
        assertThat(String.join(" ", withSound)).contains("-b:v:0 600k", "-c:a aac").doesNotContain("nal-hrd");
    }
}
