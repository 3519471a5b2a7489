// How segments are named in the P2P swarm, without a browser: node --test (run by Maven in the test phase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { nameBySha256, renditionOf, swarmSegmentId } from "../../main/web/swarm.js";
import { expectedSha256 } from "../../main/web/sources.js";

const sha = (text) => createHash("sha256").update(text).digest("hex");
const original = ["a", "b", "c", "d", "e", "f"].map(sha);
const ad = ["ad 1", "ad 2"].map(sha);
const fork = [...original.slice(0, 3), ...ad, ...original.slice(3)]; // the ad spliced in at the 4th segment

/**
 * What p2p-media-loader's hls.js integration hands its core for a VOD (segment-manager.js): each rendition of the
 * master with an index hashed from BANDWIDTH, CODECS and RESOLUTION, then each playlist's segments with their index
 * as external id. The fake core keeps what it is given, as the real one does.
 */
function watch(contentId, segments, bandwidth) {
  const core = { streams: new Map(),
    addStreamIfNoneExists(stream) { if (!this.streams.has(stream.runtimeId)) this.streams.set(stream.runtimeId, { ...stream, segments: [] }); },
    updateStream(id, add) { this.streams.get(id).segments.push(...add); },
  };
  nameBySha256(core, expectedSha256);
  const playlist = `http://127.0.0.1:8080/vod/${contentId}/video.m3u8`;
  core.addStreamIfNoneExists({ runtimeId: playlist, type: "main", index: `bandwidth ${bandwidth}` });
  core.updateStream(playlist, segments.map((s, index) => ({
    runtimeId: `${s}.ts`, url: `http://127.0.0.1:8080/vod/${contentId}/segments/${s}.ts`, externalId: index,
    startTime: 8 * index, endTime: 8 * index + 8,
  })), []);
  const stream = core.streams.get(playlist);
  return { stream: `${stream.type}-${stream.index}`, items: stream.segments.map((s) => s.externalId) };
}

test("a segment's swarm id is the first 48 bits of its SHA-256, exact in a JS number", () => {
  assert.equal(swarmSegmentId("ffffffffffff" + "0".repeat(52)), 2 ** 48 - 1);
  assert.equal(swarmSegmentId(original[0]), Number.parseInt(original[0].slice(0, 12), 16));
  assert.ok(Number.isSafeInteger(swarmSegmentId(original[0])));
  assert.throws(() => swarmSegmentId("not a hash"), /not a SHA-256/);
});

test("a media playlist URL names its rendition", () => {
  assert.equal(renditionOf("http://127.0.0.1:8080/vod/abc/720p.m3u8"), "720p");
  assert.equal(renditionOf("/vod/abc/video.m3u8"), "video");
  assert.equal(renditionOf("http://127.0.0.1:8080/vod/abc/my%20rendition.m3u8?x=1"), "my rendition");
});

test("an original and its fork name the same stream and every shared segment alike, the ad's apart", () => {
  const o = watch("original", original, 1_000_000);
  const f = watch("fork", fork, 1_400_000); // the ad's higher BANDWIDTH in the fork's master
  assert.equal(f.stream, o.stream, "one stream for both, whatever the masters declare");
  assert.deepEqual(f.items.filter((id) => o.items.includes(id)), o.items, "the original's segments are the fork's items too, in order");
  const adItems = f.items.slice(3, 5);
  assert.deepEqual(adItems, ad.map(swarmSegmentId));
  assert.ok(adItems.every((id) => !o.items.includes(id)), "the ad's segments are items of the fork's viewers only");
  // the segment after the ad is the 4th of the original and the 6th of the fork: p2p-media-loader's own names differ
  assert.equal(f.items[5], o.items[3]);
});

test("a segment URL without a SHA-256 keeps the index p2p-media-loader gave it", () => {
  const core = { addStreamIfNoneExists() {}, updateStream(id, add) { this.added = add; } };
  nameBySha256(core, expectedSha256);
  core.updateStream("p", [{ url: "http://127.0.0.1/other.ts", externalId: 7 }], []);
  assert.deepEqual(core.added.map((s) => s.externalId), [7]);
});
