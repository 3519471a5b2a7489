// The hls.js loader's checks, without a browser: node --test (run by Maven in the test phase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { verifyingLoader } from "../../main/web/loader.js";
import { SourcePool } from "../../main/web/sources.js";

const good = new TextEncoder().encode("segment bytes").buffer;
const sha = createHash("sha256").update(new Uint8Array(good)).digest("hex");
const sha256Hex = async (data) => createHash("sha256").update(new Uint8Array(data)).digest("hex");
const playlistUrl = `http://127.0.0.1:8080/vod/abc/segments/${sha}.ts`;

/** hls.js' loader as far as ours uses it: answers every load with the given bytes. */
function fakeBase(bytes, requested) {
  return class {
    load(context, config, callbacks) {
      requested.push(context.url);
      queueMicrotask(() => callbacks.onSuccess({ data: bytes }, {}, context, null));
    }
  };
}

function load(Loader, url) {
  return new Promise((resolve) => {
    new Loader().load({ url }, {}, {
      onSuccess: () => resolve("success"),
      onError: (e) => resolve(`error: ${e.text}`),
      onTimeout: () => resolve("timeout"),
    });
  });
}

function player(bytes, sources) {
  const requested = [];
  const stats = { httpBytes: 0, segmentsFromAgents: 0, rejected: [] };
  const Loader = verifyingLoader(fakeBase(bytes, requested), {
    pool: () => sources, contentId: "abc", sha256Hex, stats, note: () => {}, received: () => {},
  });
  return { Loader, requested, stats };
}

test("a segment is asked of an agent and played only when its bytes match the playlist's SHA-256", async () => {
  const sources = new SourcePool([{ url: "http://127.0.0.1:9000/", kind: "agent", agent: "0x1" }]);
  const { Loader, requested, stats } = player(good, sources);
  assert.equal(await load(Loader, playlistUrl), "success");
  assert.deepEqual(requested, [`http://127.0.0.1:9000/segments/${sha}.ts?content=abc`]);
  assert.equal(stats.segmentsFromAgents, 1);
});

test("the segment's extension is kept towards the source, and the bare form of older playlists still works", async () => {
  for (const [url, asked] of [
    [`http://127.0.0.1:8080/vod/abc/segments/${sha}.m4s`, `${sha}.m4s`],
    [`http://127.0.0.1:8080/vod/abc/segments/${sha}.mp4`, `${sha}.mp4`],
    [`http://127.0.0.1:8080/vod/abc/segments/${sha}`, sha],
  ]) {
    const sources = new SourcePool([{ url: "http://127.0.0.1:9000", kind: "agent", agent: "0x1" }]);
    const { Loader, requested } = player(good, sources);
    assert.equal(await load(Loader, url), "success");
    assert.deepEqual(requested, [`http://127.0.0.1:9000/segments/${asked}?content=abc`]);
  }
});

test("an unknown extension is not a segment URL", async () => {
  const sources = new SourcePool([{ url: "http://127.0.0.1:9000", kind: "agent", agent: "0x1" }]);
  const { Loader, requested } = player(good, sources);
  const url = `http://127.0.0.1:8080/vod/abc/segments/${sha}.mkv`;
  await load(Loader, url);
  assert.deepEqual(requested, [url], "passed through, not sent to an agent");
});

test("an agent that sends other bytes is refused and banned", async () => {
  const agent = { url: "http://127.0.0.1:9000", kind: "agent", agent: "0x1" };
  const sources = new SourcePool([agent]);
  const { Loader, stats } = player(new TextEncoder().encode("forged").buffer, sources);
  assert.match(await load(Loader, playlistUrl), /does not match its SHA-256/);
  assert.deepEqual(stats.rejected.map((r) => r.source), [agent.url]);
  assert.equal(sources.pick(), null, "the only agent is banned");
});

test("with no usable source the playlist's URL is loaded and still checked", async () => {
  const forged = player(new TextEncoder().encode("forged").buffer, null);
  assert.match(await load(forged.Loader, playlistUrl), /does not match its SHA-256/);
  assert.deepEqual(forged.requested, [playlistUrl]);
  assert.equal(forged.stats.rejected[0].source, "gateway redirect");

  const honest = player(good, null);
  assert.equal(await load(honest.Loader, playlistUrl), "success");
});

test("URLs without a segment hash (playlists, keys) pass through untouched", async () => {
  const { Loader, requested } = player(new TextEncoder().encode("#EXTM3U").buffer, null);
  assert.equal(await load(Loader, "http://127.0.0.1:8080/vod/abc/master.m3u8"), "success");
  assert.deepEqual(requested, ["http://127.0.0.1:8080/vod/abc/master.m3u8"]);
});

test("a mirror is asked at its URL template, timed, and a mirror without CORS is banned with a message for the page", async () => {
  const sources = new SourcePool([{ url: "http://mirror.example/s/segments/{sha256}.{ext}", kind: "mirror", agent: null }]);
  const { Loader, requested } = player(good, sources);
  assert.equal(await load(Loader, playlistUrl), "success");
  assert.deepEqual(requested, [`http://mirror.example/s/segments/${sha}.ts`]);
  assert.equal(sources.mirrors[0].segments, 1);
  assert.notEqual(sources.mirrors[0].speed, null);

  const warnings = [];
  const noCors = new SourcePool([{ url: "http://nocors.example/{sha256}.{ext}", kind: "mirror", agent: null }]);
  const Refused = verifyingLoader(class {
    load(context, config, callbacks) {
      queueMicrotask(() => callbacks.onError({ code: 0, text: "" }, context, null, {}));
    }
  }, { pool: () => noCors, contentId: "abc", sha256Hex, stats: { httpBytes: 0, segmentsFromAgents: 0, rejected: [] },
    note: () => {}, received: () => {}, probe: async () => ({ type: "opaque" }), warn: (m) => warnings.push(m) });
  assert.equal(await load(Refused, playlistUrl), "error: ");
  assert.deepEqual(warnings, ["mirror nocors.example refuses cross-origin reads (no CORS)"]);
  assert.equal(noCors.mirrors[0].banned, warnings[0]);
});
