// What a live page records about its playback, without a browser: node --test (run by Maven in the test phase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { LiveTrace } from "../../main/web/live-trace.js";

function clock() {
  let t = 0;
  return { now: () => t, at: (ms) => { t = ms; } };
}

test("a segment's steps are told relative to a stall's start", () => {
  const c = clock();
  const trace = new LiveTrace({ now: c.now });
  c.at(1000); trace.mark("a", "seed");
  c.at(1200); trace.mark("a", "hls");
  c.at(2500); trace.mark("a", "seeded");
  c.at(12000); trace.mark("a", "hls-loaded");
  trace.mark(null, "nothing: no segment");
  assert.equal(trace.trailOf("a", 2000), "seed@-1000 hls@-800 seeded@+500 hls-loaded@+10000");
  assert.equal(trace.trailOf("unknown", 0), "");
});

test("only the newest segments' trails and samples are kept", () => {
  const c = clock();
  const trace = new LiveTrace({ now: c.now, keepSamples: 2, keepTrails: 2 });
  trace.mark("a", "hls");
  trace.mark("b", "hls");
  trace.mark("c", "hls");
  assert.deepEqual([...trace.trails.keys()], ["b", "c"]);
  for (let i = 0; i < 3; i++) {
    c.at(500 * i);
    trace.sample({ rate: 1 + i / 10 });
  }
  assert.deepEqual(trace.samples, [{ at: 500, rate: 1.1 }, { at: 1000, rate: 1.2 }]);
});

test("what is buffered past the playhead counts the range it is in, not one after a hole", () => {
  assert.equal(LiveTrace.ahead([[0, 8], [8.5, 16]], 6), 2);
  assert.equal(LiveTrace.ahead([[0, 8], [8.5, 16]], 8.2), 0, "in the hole");
  assert.equal(LiveTrace.ahead([[0, 8], [8.5, 16]], 8.47), 7.53, "at a range's start, within 50 ms");
  assert.equal(LiveTrace.ahead([], 3), 0);
});
