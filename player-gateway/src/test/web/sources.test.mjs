// The player's source choice, without a browser: node --test (run by Maven in the test phase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SourcePool, expectedSha256, segmentOf, MAX_AGENTS } from "../../main/web/sources.js";

const agents = (n) => Array.from({ length: n }, (_, i) => ({ url: `http://127.0.0.1:${9000 + i}`, kind: "agent", agent: `0x${i}` }));
const origin = { url: "http://origin.example", kind: "origin", agent: null };

test("requests are spread over the agents in turn, at most eight of them", () => {
  const pool = new SourcePool([...agents(10), origin]);
  const picked = Array.from({ length: 16 }, () => pool.pick().url);
  assert.equal(new Set(picked).size, MAX_AGENTS);
  assert.deepEqual(picked.slice(0, 8), picked.slice(8));
  assert.ok(!picked.includes(origin.url), "origins are not used while an agent can serve");
});

test("a source that sent bad bytes is never picked again", () => {
  const pool = new SourcePool(agents(3));
  const bad = pool.pick();
  pool.ban(bad, "sha256 mismatch");
  const picked = Array.from({ length: 12 }, () => pool.pick().url);
  assert.ok(!picked.includes(bad.url));
  assert.equal(new Set(picked).size, 2);
});

test("a source that failed rests, then comes back", () => {
  let now = 0;
  const pool = new SourcePool(agents(2), () => now);
  const failed = pool.pick();
  pool.rest(failed);
  assert.ok(Array.from({ length: 6 }, () => pool.pick().url).every((u) => u !== failed.url));
  now += 31_000;
  assert.ok(Array.from({ length: 4 }, () => pool.pick().url).includes(failed.url));
});

test("origins and mirrors are used last, when no agent can serve", () => {
  const pool = new SourcePool([...agents(2), origin]);
  pool.all.filter((s) => s.kind === "agent").forEach((s) => pool.ban(s, "bad"));
  assert.equal(pool.pick().url, origin.url);
  pool.ban(pool.origins[0], "bad");
  assert.equal(pool.pick(), null);
});

test("a new locator answer keeps what was learnt about known sources", () => {
  const pool = new SourcePool(agents(2));
  const bad = pool.agents[0];
  pool.ban(bad, "bad");
  pool.replace([...agents(3)]);
  assert.equal(pool.agents.find((s) => s.url === bad.url).banned, "bad");
  assert.equal(pool.agents.length, 3);
});

test("the expected hash is read from the segment URI only", () => {
  const sha = "ab".repeat(32);
  assert.equal(expectedSha256(`http://gw/vod/x/segments/${sha}`), sha);
  assert.equal(expectedSha256(`http://gw/vod/x/segments/${sha}?session=1`), sha);
  assert.equal(expectedSha256(`http://gw/vod/x/segments/${sha}/../evil`), null);
  assert.equal(expectedSha256("http://gw/vod/x/segment.ts"), null);
  assert.equal(expectedSha256(`http://gw/vod/x/segments/${sha}.ts`), sha);
  assert.equal(expectedSha256(`http://gw/vod/x/segments/${sha}.m4s?content=1`), sha);
  assert.equal(expectedSha256(`http://gw/vod/x/segments/${sha}.mkv`), null);
  assert.equal(expectedSha256(`http://gw/vod/x/segments/${sha}.ts/../evil`), null);
  assert.deepEqual(segmentOf(`http://gw/vod/x/segments/${sha}.mp4`), { sha256: sha, name: `${sha}.mp4` });
});
