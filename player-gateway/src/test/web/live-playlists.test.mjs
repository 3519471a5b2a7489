// When the live player reloads a rendition's playlist, without a browser: node --test (run by Maven in the test phase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { PlaylistHold } from "../../main/web/live-playlists.js";

const playlist = (first, count) => "#EXTM3U\n#EXT-X-TARGETDURATION:8\n#EXT-X-MEDIA-SEQUENCE:" + first + "\n"
  + Array.from({ length: count }, (_, i) => `#EXTINF:8.000,\n/live/r/segments/${String(first + i).padStart(64, "0")}.ts\n`).join("");

function room() {
  const tips = new Map();
  const state = { live: true };
  const hold = new PlaylistHold((r) => tips.get(r), () => state.live);
  return { tips, state, hold };
}

test("names the rendition of a live media playlist, not the master's nor a segment's", () => {
  assert.equal(PlaylistHold.renditionOf("http://g:8080/live/5f0c/hi.m3u8"), "hi");
  assert.equal(PlaylistHold.renditionOf("/live/5f0c/stream_0.m3u8?x=1"), "stream_0");
  assert.equal(PlaylistHold.renditionOf("http://g:8080/live/5f0c/master.m3u8"), null);
  assert.equal(PlaylistHold.renditionOf("http://g:8080/live/5f0c/segments/ab.ts"), null);
  assert.equal(PlaylistHold.renditionOf("http://g:8080/vod/5f0c/hi.m3u8"), null);
});

test("reads the last index a playlist lists", () => {
  assert.equal(PlaylistHold.lastIndexOf(playlist(7, 4)), 10);
  assert.equal(PlaylistHold.lastIndexOf("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:3\n"), null);
});

test("the first load goes at once; a reload waits for an announcement newer than what the last playlist listed", async () => {
  const { tips, hold } = room();
  assert.equal(await hold.until("hi", 60_000), "first");
  hold.loaded("hi", playlist(7, 4));
  tips.set("hi", 10);
  let answered = null;
  const reload = hold.until("hi", 60_000).then((why) => { answered = why; });
  hold.wake();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(answered, null, "nothing newer than #10 yet: the reload waits");
  tips.set("lo", 11);
  hold.wake();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(answered, null, "another rendition's announcement does not count");
  tips.set("hi", 11);
  hold.wake();
  await reload;
  assert.equal(answered, "announced");
});

test("a reload waits at most its timeout, and not at all when the room is not LIVE", async () => {
  const { state, hold } = room();
  hold.loaded("hi", playlist(0, 3));
  assert.equal(await hold.until("hi", 30), "timeout");
  state.live = false;
  assert.equal(await hold.until("hi", 60_000), "not live");
  state.live = true;
  const waiting = hold.until("hi", 60_000);
  state.live = false;
  hold.wake();
  assert.equal(await waiting, "not live", "the room interrupted while a reload waited");
});
