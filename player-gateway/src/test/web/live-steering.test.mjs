// Where a live viewer sits behind the origin, without a browser: node --test (run by Maven in the test phase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { HttpWindow, LiveSteering } from "../../main/web/live-steering.js";

const announcement = (startedAtMillis, seconds = 8) => ({ startedAtMillis, durationMicros: seconds * 1_000_000 });

test("the target is the segment, the announcement's measured way, the lead and the viewer's own lag", () => {
  const s = new LiveSteering({ d: 8, lead: 1, lag: 1.5 });
  assert.equal(s.target, 8 + 1.5 + 1 + 1.5); // no announcement measured yet: a way of 1.5 s
  s.announced(announcement(100_000), 108_400); // reached the page 0.4 s after its segment ended
  s.announced(announcement(108_000), 116_600);
  s.announced(announcement(116_000), 124_500);
  assert.equal(s.way, 0.6, "the longest of the last few");
  assert.equal(s.target, 8 + 0.6 + 1 + 1.5);
  for (let i = 0; i < 4; i++) s.announced(announcement(124_000 + 8000 * i), 132_300 + 8000 * i);
  assert.equal(s.way, 0.3, "an old late one is forgotten");
});

test("a window received on joining says nothing of the way: only announcements within a segment's duration count", () => {
  const s = new LiveSteering({ d: 8, lead: 1, lag: 0 });
  s.announced(announcement(0), 30_000); // announced long before this viewer joined
  s.announced(announcement(20_000), 27_000); // before its segment ended: another clock
  assert.equal(s.way, 1.5);
});

test("the window the event stream starts with is not measured, and the gateway's measured way is the default", () => {
  const s = new LiveSteering({ d: 8, lead: 1, lag: 0 });
  s.began({ window: 2, announcementWayMillis: 400 });
  assert.equal(s.way, 0.4, "the gateway's measure until this page has one");
  // the window: the newest segment ended 7 s before this viewer joined, which is no way at all
  assert.equal(s.fromWindow(), true);
  assert.equal(s.fromWindow(), true);
  assert.equal(s.fromWindow(), false, "what follows the window is measured");
  s.announced(announcement(100_000), 108_300);
  assert.equal(s.way, 0.3);
  const none = new LiveSteering({ d: 8, lead: 1, lag: 0 });
  none.began({ window: 0, announcementWayMillis: -1 });
  assert.equal(none.way, 1.5, "no measure from the gateway: the default");
  assert.equal(none.fromWindow(), false);
});

test("viewers who join at different moments of a segment start at their own target, not at the playlist's end", () => {
  const s = new LiveSteering({ d: 8, lead: 1, lag: 2, way: 1 }); // target 12 s behind the encoder
  const edge = 1_000_000; // the newest listed segment ended then
  // joined 1 s after the edge: hls.js should hold 12 - 1 - 0.3 s behind the playlist's end
  assert.equal(s.startLatency(edge, edge + 1000, 300).toFixed(2), "10.70");
  // joined 7 s after: much closer to the playlist's end, so the same delay behind the encoder
  assert.equal(s.startLatency(edge, edge + 7000, 300).toFixed(2), "4.70");
  // another viewer with less lag is nearer the edge at the same moment
  const front = new LiveSteering({ d: 8, lead: 1, lag: 0, way: 1 });
  assert.ok(front.startLatency(edge, edge + 7000) < s.startLatency(edge, edge + 7000));
});

test("reads when the newest segment of a live playlist ended, by its program date-time", () => {
  const text = "#EXTM3U\n#EXT-X-TARGETDURATION:8\n#EXT-X-MEDIA-SEQUENCE:4\n"
    + "#EXT-X-PROGRAM-DATE-TIME:2026-12-04T20:00:00.000Z\n#EXTINF:8.000,\nsegments/a.ts\n"
    + "#EXT-X-PROGRAM-DATE-TIME:2026-12-04T20:00:08.000Z\n#EXTINF:7.500,\nsegments/b.ts\n";
  assert.equal(LiveSteering.edgeOf(text), Date.parse("2026-12-04T20:00:15.500Z"));
  assert.equal(LiveSteering.edgeOf("#EXTM3U\n#EXTINF:8.000,\nsegments/a.ts\n"), null);
});

test("a viewer that could only start nearer the origin than its target holds still once for the difference", () => {
  const s = new LiveSteering({ d: 8, lead: 2, lag: 6, way: 1 }); // target 17 s behind the encoder
  assert.equal(s.holdMs(10.5 - 17), 6500, "started 10.5 s behind: holds 6.5 s");
  assert.equal(s.holdMs(-0.8), 0, "within a second of the target: plays on");
  assert.equal(s.holdMs(2), 0, "behind the target: never holds (it moves forward instead)");
  assert.equal(s.holdMs(-60), 17000, "never holds longer than its target");
});

test("the first playlist names the viewer's start, before its end; a playlist naming its own start is left alone", () => {
  const text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:8\n#EXTINF:8.0,\na.ts\n";
  const placed = LiveSteering.startingAt(text, 11.25);
  assert.equal(placed, "#EXTM3U\n#EXT-X-START:TIME-OFFSET=-11.250\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:8\n#EXTINF:8.0,\na.ts\n");
  assert.equal(LiveSteering.startingAt(placed, 3), placed);
  assert.equal(LiveSteering.startingAt("not a playlist", 3), "not a playlist");
});

test("the high-demand window grows when HTTP fetches are slow, within the lead, and shrinks back", () => {
  const w = new HttpWindow({ base: 0.6, lead: 1.5 });
  assert.equal(w.seconds, 0.6, "nothing fetched yet");
  w.fetched(150);
  assert.equal(w.seconds, 0.6, "quick fetches keep the base");
  w.fetched(600);
  assert.equal(w.seconds.toFixed(2), "1.10", "a 0.6 s fetch: 1.5 x 0.6 + 0.2");
  w.fetched(3000);
  assert.equal(w.seconds, 1.5, "never longer than the lead");
  for (let i = 0; i < 4; i++) w.fetched(100);
  assert.equal(w.seconds, 0.6, "the slow ones forgotten");
});

test("past the maximum delay a viewer jumps forward, never backwards, and not before its first frame", () => {
  const s = new LiveSteering({ d: 8, lead: 1.5, lag: 1.5 }); // its place: 11 s before the playlist's end
  const at = (over) => s.skipTo({ started: true, currentTime: 20, edge: 40, playingAgeMs: 12_000, D: 24, ...over });
  assert.equal(at({}), null, "12 s behind the origin, 20 s before the playlist's end: within D = 24 s, stays");
  // by the playlist: more than D before its end, on to the place behind it
  assert.equal(at({ edge: 48 }), 37);
  assert.equal(at({ edge: 48, currentTime: 37.5, playingAgeMs: 30_000, fresh: () => 33 }), null,
    "a fresh fragment behind the playhead is not a jump back");
  // by the wall clock: the frame playing was made more than D ago (after an interruption): the first fresh fragment
  assert.equal(at({ playingAgeMs: 30_000, fresh: () => 33.05 }), 33.05);
  assert.equal(at({ playingAgeMs: 30_000 }), 40, "none fresh yet: to the playlist's end, to wait there");
  assert.equal(at({ playingAgeMs: 30_000, currentTime: 41 }), null, "already at the end: stays");
  // before the first frame the playhead is hls.js' 0 while it loads the fragment it starts on: nothing to skip
  assert.equal(at({ started: false, currentTime: 0, edge: 48, playingAgeMs: null }), null);
  assert.equal(at({ started: true, currentTime: 0, edge: 48, playingAgeMs: null }), 37,
    "the same place after the first frame is a jump");
});

test("the floor is where playback ran dry: the median of the last stalls, at most 2 s, and the place keeps it", () => {
  const s = new LiveSteering({ d: 8, lead: 1.5, lag: 0.5, way: 2 });
  assert.equal(s.floor, 0, "nothing learned before a stall");
  assert.equal(s.behindEnd, 10);
  s.starved(1.01);
  assert.equal(s.floor, 1.01);
  assert.equal(s.behindEnd, 11.01);
  assert.equal(s.target, 13.01, "the way + d + lead + floor + lag");
  s.starved(0.52);
  s.starved(0.98);
  assert.equal(s.floor, 0.98, "the median of 1.01, 0.52, 0.98");
  for (let i = 0; i < 5; i++) s.starved(9);
  assert.equal(s.floor, 2, "a stall with the buffer full is not a floor past 2 s, and only the last five count");
  s.starved(Number.NaN);
  assert.equal(s.floor, 2);
  // the skip by the playlist goes to the place with the floor kept: 50 - 12 = 38
  assert.equal(s.skipTo({ started: true, currentTime: 20, edge: 50, playingAgeMs: null, D: 24 }), 50 - (8 + 1.5 + 2 + 0.5));
});
