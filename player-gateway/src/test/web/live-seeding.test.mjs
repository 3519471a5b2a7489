// Seeding a live swarm, without a browser: node --test (run by Maven in the test phase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { LiveSegmentStore, LiveSeeder, turnOf } from "../../main/web/live-seeding.js";

const SWARM = "live-r";
const HI = "v2-live-r-main-hi";
const bytes = (n) => new Uint8Array(n).buffer;
const announcement = (index, rendition = "hi") => ({ rendition, index, sha256: `s${index}${rendition}`, durationMicros: 8_000_000, size: 10 });

function storeLoading(rendition = "hi") {
  let now = rendition;
  const store = new LiveSegmentStore({ keep: 3, renditionNow: () => now });
  const changed = [];
  store.setSegmentChangeCallback((streamId) => changed.push(streamId));
  return { store, changed, switchTo: (r) => { now = r; } };
}

test("a seeded segment is stored as hls.js's stream holds it, offered to the peers, and handed to hls.js when it asks", async () => {
  const { store, changed } = storeLoading();
  store.onSegmentRequested(SWARM, HI, 41, 320, 328, "main", true);
  assert.equal(store.requested("hi"), 41);
  assert.equal(await store.seed("hi", 42, bytes(5), 8), true);
  assert.deepEqual(changed, [HI], "the change callback makes p2p-media-loader announce it to the peers");
  assert.deepEqual(store.getStoredSegmentIds(SWARM, HI), [42]);
  assert.equal(store.hasSegment(SWARM, HI, 42), true);
  assert.equal((await store.getSegmentData(SWARM, HI, 42)).byteLength, 5);
  assert.deepEqual([store.items.get(`${HI}|42`).startTime, store.items.get(`${HI}|42`).endTime], [328, 336]);
  assert.equal(await store.seed("lo", 42, bytes(5), 8), false, "a rendition hls.js has not loaded: its stream is not known");
});

test("a segment the page loaded before it joined the swarm is the core's once the core asks for it, in the rendition playing", async () => {
  const { store, changed, switchTo } = storeLoading("lo");
  store.loadedBeforeJoin("lo", 40, bytes(3), 312, 320);
  store.loadedBeforeJoin("hi", 41, bytes(5), 320, 328);
  switchTo("hi");
  assert.equal(store.hasSegment(SWARM, HI, 40), false, "index 40 was loaded in another rendition");
  assert.equal(store.hasSegment(SWARM, HI, 41), true, "held: the core does not load it again");
  assert.deepEqual(changed, [HI], "and offers it to the peers");
  assert.equal((await store.getSegmentData(SWARM, HI, 41)).byteLength, 5);
  assert.deepEqual(store.getStoredSegmentIds(SWARM, HI), [41]);
  for (let i = 50; i < 60; i++) store.loadedBeforeJoin("hi", i, bytes(1), 0, 8);
  assert.ok(store.loadedBefore.size <= 3, "a few kept at most");
});

test("a fragment taken at its deadline is stored at once, as the segment hls.js asked for", () => {
  const { store, changed } = storeLoading();
  store.onSegmentRequested(SWARM, HI, 41, 320, 328, "main", true);
  store.seed("hi", 41, bytes(5), 8); // not awaited: p2p-media-loader's queue pass right after must already find it
  assert.equal(store.hasSegment(SWARM, HI, 41), true);
  assert.deepEqual(changed, [HI], "offered to the peers");
  assert.deepEqual([store.items.get(`${HI}|41`).startTime, store.items.get(`${HI}|41`).endTime], [320, 328]);
});

test("a segment the page is taking over HTTP itself is held for the core until it arrives, and offered to no peer before", async () => {
  const { store, changed } = storeLoading();
  store.onSegmentRequested(SWARM, HI, 41, 320, 328, "main", true);
  const arrived = store.taking("hi", 42);
  assert.equal(store.hasSegment(SWARM, HI, 42), true, "the core's queue passes leave it out: no second fetch, no peer's transfer given up");
  assert.equal(await store.getSegmentData(SWARM, HI, 42), undefined, "nothing to give yet");
  assert.deepEqual(store.getStoredSegmentIds(SWARM, HI), [], "not announced to the peers");
  assert.deepEqual(changed, []);
  arrived();
  assert.equal(store.hasSegment(SWARM, HI, 42), false, "failed or given up: the core takes it as it would have");
  store.taking("hi", 43);
  await store.seed("hi", 43, bytes(5), 8);
  assert.equal((await store.getSegmentData(SWARM, HI, 43)).byteLength, 5);
  const unknown = store.taking("lo", 42);
  assert.equal(store.hasSegment(SWARM, "v2-live-r-main-lo", 42), false, "a rendition not loaded: nothing to hold");
  unknown();
});

test("while a viewer seeds a segment the core does not load it too, and after a failed seed it may", async () => {
  const { store } = storeLoading();
  store.onSegmentRequested(SWARM, HI, 41, 320, 328, "main", true);
  let release;
  const fetched = new Promise((resolve) => { release = resolve; });
  const seeder = new LiveSeeder({ store, seeders: 1.25, fetchVerified: () => fetched });
  const seeding = seeder.consider(announcement(42), { rendition: "hi", peers: 3, turn: true });
  assert.equal(store.hasSegment(SWARM, HI, 42), true, "held while on its way");
  release(null);
  assert.equal(await seeding, false);
  assert.equal(store.hasSegment(SWARM, HI, 42), false, "the seed failed: not held");
});

test("the store keeps the newest segments of each stream only", async () => {
  const { store } = storeLoading();
  for (let i = 1; i <= 5; i++) await store.storeSegment(SWARM, HI, i, bytes(1), 8 * i, 8 * i + 8);
  await store.storeSegment(SWARM, "other", 1, bytes(1), 0, 8);
  assert.deepEqual(store.getStoredSegmentIds(SWARM, HI).sort(), [3, 4, 5]);
  assert.deepEqual(store.getStoredSegmentIds(SWARM, "other"), [1]);
  const usage = store.getUsage();
  assert.ok(usage.usedCapacity / usage.totalCapacity <= 0.25, "never reported full, or p2p-media-loader stops loading");
});

test("on its turn (the gateway's seed event) a viewer seeds a new segment of its rendition, without a draw", () => {
  const { store } = storeLoading();
  store.onSegmentRequested(SWARM, HI, 41, 320, 328, "main", true);
  const never = new LiveSeeder({ store, seeders: 1.25, fetchVerified: async () => bytes(1), random: () => 0.999 });
  assert.equal(never.decides(announcement(42), { rendition: "hi", peers: 19, turn: true }), true, "its turn");
  assert.equal(never.decides(announcement(42), { rendition: "hi", peers: 19 }), false, "not its turn, the draw says no");
  assert.equal(never.decides(announcement(42, "lo"), { rendition: "hi", peers: 19, turn: true }), false,
    "a turn for a rendition it does not play is ignored");
  assert.equal(never.decides(announcement(41), { rendition: "hi", peers: 19, turn: true }), false, "hls.js asked for it already");
  const off = new LiveSeeder({ store, seeders: 0, fetchVerified: async () => bytes(1), random: () => 0 });
  assert.equal(off.decides(announcement(42), { rendition: "hi", peers: 0, turn: true }), false, "seeders=0: not even on a turn");
  const { store: fresh } = storeLoading();
  const early = new LiveSeeder({ store: fresh, seeders: 1.25, fetchVerified: async () => bytes(1) });
  assert.equal(early.decides(announcement(42), { rendition: "hi", peers: 0, turn: true }), false,
    "nothing requested of the rendition yet: its stream is not known");
});

test("a turn while the draw's seed is being taken takes nothing twice", async () => {
  const { store } = storeLoading();
  store.onSegmentRequested(SWARM, HI, 41, 320, 328, "main", true);
  let fetches = 0;
  let deliver;
  const seeder = new LiveSeeder({ store, seeders: 2, random: () => 0,
    fetchVerified: () => { fetches++; return new Promise((resolve) => { deliver = resolve; }); } });
  const drawn = seeder.consider(announcement(42), { rendition: "hi", peers: 0 });
  assert.equal(await seeder.consider(announcement(42), { rendition: "hi", peers: 0, turn: true }), false);
  deliver(bytes(2));
  assert.equal(await drawn, true);
  assert.equal(fetches, 1);
});

test("the fallback draw: `seeders - 1` in (peers + 1), so one seeder by turn and about `seeders - 1` more by chance", () => {
  const { store } = storeLoading();
  store.onSegmentRequested(SWARM, HI, 41, 320, 328, "main", true);
  const seederWith = (r, seeders = 1.25) => new LiveSeeder({ store, seeders, fetchVerified: async () => bytes(1), random: () => r });
  assert.equal(seederWith(0).chance(4), 0.05, "0.25 in 5");
  assert.equal(seederWith(0.049).decides(announcement(42), { rendition: "hi", peers: 4 }), true);
  assert.equal(seederWith(0.051).decides(announcement(42), { rendition: "hi", peers: 4 }), false);
  assert.equal(seederWith(0).chance(0), 0.25, "alone: a quarter of the segments by chance (and every one on its turns)");
  assert.equal(seederWith(0, 1).chance(4), 0, "seeders=1: turns only");
  assert.equal(seederWith(0, 1).decides(announcement(42), { rendition: "hi", peers: 4 }), false);
  assert.equal(seederWith(0, 0.5).chance(0), 0, "below one: turns only, never a negative chance");
  assert.equal(seederWith(0, 5).chance(1), 1, "at most certain");
  assert.equal(seederWith(0).decides(announcement(42, "lo"), { rendition: "hi", peers: 4 }), false, "another rendition");
  assert.equal(seederWith(0).decides(announcement(41), { rendition: "hi", peers: 4 }), false, "hls.js asked for it already");
  const off = new LiveSeeder({ store, seeders: 0, fetchVerified: async () => bytes(1), random: () => 0 });
  assert.equal(off.decides(announcement(42), { rendition: "hi", peers: 4 }), false, "P2P off: no seeding");
});

test("a seeder stores what it fetched; bytes that fail their check or a failed fetch store nothing", async () => {
  const { store } = storeLoading();
  store.onSegmentRequested(SWARM, HI, 41, 320, 328, "main", true);
  const good = new LiveSeeder({ store, seeders: 1, fetchVerified: async () => bytes(7), random: () => 0 });
  assert.equal(await good.consider(announcement(42), { rendition: "hi", peers: 0, turn: true }), true);
  assert.deepEqual([good.seeded, good.seededBytes], [1, 7]);
  const bad = new LiveSeeder({ store, seeders: 1, fetchVerified: async () => null, random: () => 0 });
  assert.equal(await bad.consider(announcement(43), { rendition: "hi", peers: 0, turn: true }), false);
  const failing = new LiveSeeder({ store, seeders: 1, fetchVerified: async () => { throw new Error("503"); }, random: () => 0 });
  assert.equal(await failing.consider(announcement(44), { rendition: "hi", peers: 0, turn: true }), false);
  assert.deepEqual(store.getStoredSegmentIds(SWARM, HI), [42]);
});

test("while a viewer takes a segment for the swarm, hls.js' request for it can wait for it: whether it was stored", async () => {
  const { store } = storeLoading();
  store.onSegmentRequested(SWARM, HI, 41, 320, 328, "main", true);
  let deliver;
  const steps = [];
  const seeder = new LiveSeeder({ store, seeders: 1, random: () => 0, trace: (a, step) => steps.push(`${step} ${a.index}`),
    fetchVerified: () => new Promise((resolve) => { deliver = resolve; }) });
  assert.equal(seeder.whenTaken("s42hi"), null, "nothing taken yet");
  const considered = seeder.consider(announcement(42), { rendition: "hi", peers: 0, turn: true });
  const taking = seeder.whenTaken("s42hi");
  assert.ok(taking instanceof Promise);
  let settled = false;
  taking.then(() => { settled = true; });
  await Promise.resolve();
  assert.equal(settled, false, "not before the bytes are stored");
  deliver(bytes(3));
  assert.equal(await taking, true);
  assert.equal(store.hasSegment(SWARM, HI, 42), true, "stored by the time the wait ends: the engine answers from the store");
  assert.equal(await considered, true);
  assert.equal(seeder.whenTaken("s42hi"), null, "done: hls.js asks the engine at once");
  assert.deepEqual(steps, ["seed 42", "seeded 42"]);
  const failing = new LiveSeeder({ store, seeders: 1, random: () => 0, fetchVerified: async () => null });
  const failed = failing.consider(announcement(43), { rendition: "hi", peers: 0, turn: true });
  assert.equal(await failing.whenTaken("s43hi"), false, "a failed seed ends the wait too: hls.js loads it as it would have");
  assert.equal(await failed, false);
});

test("a seed turn counts only when it names a verified announcement: rendition, index and SHA-256 alike", () => {
  const verified = new Map([["s42hi", announcement(42)]]);
  const of = (sha) => verified.get(sha);
  const turn = (t) => JSON.stringify({ room: "r", ...t });
  assert.equal(turnOf(turn({ rendition: "hi", index: 42, sha256: "s42hi" }), of), verified.get("s42hi"));
  assert.equal(turnOf(turn({ rendition: "hi", index: 43, sha256: "s42hi" }), of), null, "another index");
  assert.equal(turnOf(turn({ rendition: "lo", index: 42, sha256: "s42hi" }), of), null, "another rendition");
  assert.equal(turnOf(turn({ rendition: "hi", index: 42, sha256: "s43hi" }), of), null, "not announced (yet)");
  assert.equal(turnOf(turn({ rendition: "hi", index: 42 }), of), null, "no SHA-256");
  assert.equal(turnOf("{not json", of), null);
  assert.equal(turnOf("null", of), null);
});
