// When the page takes a live fragment over HTTP itself, without a browser: node --test (run by Maven in the test phase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { neededIn, planDeadline, STARVING_GRACE_MS } from "../../main/web/live-deadline.js";

test("a fragment is needed when what is buffered from the playhead runs out", () => {
  assert.equal(neededIn([[10, 14]], 12.5, 14), 1.5);
  assert.equal(neededIn([], 12.5, 12.5), 0, "nothing buffered: needed now");
  assert.equal(neededIn([[10, 14]], 15, 16), 1, "the playhead past everything buffered: the fragment's start");
});

test("holes hls.js jumps are played through, a range behind the playhead does not count", () => {
  assert.equal(neededIn([[14.05, 16], [10, 14]], 13, 16), 3, "a 50 ms hole between two ranges");
  assert.equal(neededIn([[4, 8], [12, 13]], 12.5, 13), 0.5);
});

test("a fragment after a hole is needed at its own start", () => {
  assert.equal(neededIn([[10, 12]], 11, 13), 2, "the hole from 12 to 13 is waited out before the fragment plays");
  assert.equal(neededIn([[10, 12]], 11, 12.05), 1, "a fragment starting within a jumped hole is needed at the end");
});

test("due once what is buffered ahead is within the window, with no source on its way", () => {
  const at = (playhead, begun = null) =>
    planDeadline({ ranges: [[0, 10]], playhead, start: 10, window: 0.25, rate: 1, playing: true, begun });
  assert.deepEqual(at(9.75), { take: true, why: "none-begun" });
  assert.deepEqual(at(9.9), { take: true, why: "none-begun" });
  assert.equal(at(9.7).take, false, "50 ms before the window");
  assert.equal(at(9.7).recheckMs, 50, "looked at again as it enters the window");
  assert.equal(at(8).recheckMs, 250, "not due for a while: looked at every 250 ms");
});

test("a peer's transfer still going is raced over HTTP a little later; an HTTP fetch on its way is left alone", () => {
  const at = (playhead, begun, window = 0.25) => planDeadline({ ranges: [[0, 10]], playhead, start: 10, window, begun });
  assert.deepEqual(at(9.8, null), { take: true, why: "none-begun" });
  assert.deepEqual(at(9.8, "p2p"), { take: false, recheckMs: 50 }, "0.1 s more for the peer's copy");
  assert.deepEqual(at(9.85, "p2p"), { take: true, why: "p2p-unfinished" });
  assert.equal(at(9.8, "p2p", 0.1).take, false, "a short window: half of it for the peer");
  assert.equal(at(9.95, "p2p", 0.1).take, true);
  assert.deepEqual(at(9.9, "http"), { take: false, recheckMs: 250 }, "looked at again: should it fail, the deadline takes it");
});

test("a paused player does not reach the deadline; a faster one reaches it sooner", () => {
  const plan = (o) => planDeadline({ ranges: [[0, 10]], playhead: 9.5, start: 10, window: 0.25, ...o });
  assert.deepEqual(plan({ playing: false }), { take: false, recheckMs: 250 });
  assert.deepEqual(plan({ rate: 0 }), { take: false, recheckMs: 250 });
  assert.equal(plan({ rate: 1 }).recheckMs, 250);
  assert.equal(planDeadline({ ranges: [[0, 10]], playhead: 9.6, start: 10, window: 0.25, rate: 1.1 }).recheckMs, 136);
});

test("a longer window (HTTP slow) makes the deadline earlier", () => {
  const plan = (window) => planDeadline({ ranges: [[0, 10]], playhead: 9, start: 10, window });
  assert.equal(plan(0.25).take, false);
  assert.equal(plan(1).take, true);
});

test("playback that ran dry with a second still buffered takes the fragment at once; an HTTP fetch on its way is left alone", () => {
  // 1 s buffered ahead (what a 2 fps decoder holds back), a 0.6 s window: not due while playing, due once starved
  const plan = (o) => planDeadline({ ranges: [[0, 10]], playhead: 9, start: 10, window: 0.6, ...o });
  assert.equal(plan({ begun: "p2p" }).take, false);
  assert.deepEqual(plan({ starvedMs: 0 }), { take: true, why: "none-starving" });
  assert.deepEqual(plan({ begun: "http", starvedMs: 0 }), { take: false, recheckMs: 250 });
});

test("a peer's transfer on its way when playback runs dry has a grace before it is raced", () => {
  const plan = (o) => planDeadline({ ranges: [[0, 10]], playhead: 9, start: 10, window: 0.6, begun: "p2p", ...o });
  assert.deepEqual(plan({ starvedMs: 0 }), { take: false, recheckMs: STARVING_GRACE_MS });
  assert.deepEqual(plan({ starvedMs: 100, grace: 250 }), { take: false, recheckMs: 150 });
  assert.deepEqual(plan({ starvedMs: 250, grace: 250 }), { take: true, why: "p2p-starving" });
  assert.deepEqual(plan({ starvedMs: 0, grace: 0 }), { take: true, why: "p2p-starving" });
});
