// The player's source choice, without a browser: node --test (run by Maven in the test phase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SourcePool, expectedSha256, segmentOf, segmentUrl, MAX_AGENTS } from "../../main/web/sources.js";

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

const mirror = (host) => ({ url: `http://${host}/shoal/segments/{sha256}.{ext}`, kind: "mirror", agent: null });

test("mirrors are equal to agents: tried at once, then chosen by measured speed", () => {
  const pool = new SourcePool([...agents(2), mirror("fast.example"), origin]);
  const first = Array.from({ length: 3 }, () => pool.pick());
  assert.deepEqual(new Set(first.map((s) => s.kind)), new Set(["agent", "mirror"]), "the mirror is tried with the agents");
  // the mirror delivers 10x faster than the agents: it takes every request while the others are far slower
  pool.credit(pool.mirrors[0], 1_000_000, 100);
  pool.agents.forEach((a) => pool.credit(a, 100_000, 100));
  const picked = Array.from({ length: 6 }, () => pool.pick().url);
  assert.ok(picked.every((u) => u === pool.mirrors[0].url), picked.join());
  // an agent about as fast shares the requests
  pool.credit(pool.agents[0], 10_000_000, 500);
  assert.ok(Array.from({ length: 6 }, () => pool.pick().url).includes(pool.agents[0].url));
  assert.ok(!picked.includes(origin.url));
});

test("a mirror alone serves when every agent is gone, and a lying mirror is banned for the rest of the session", () => {
  const pool = new SourcePool([mirror("good.example"), mirror("liar.example"), origin]);
  assert.equal(pool.healthyAgents(), 2);
  const liar = pool.mirrors[1];
  pool.ban(liar, "sent bytes that do not match the manifest's SHA-256");
  assert.ok(Array.from({ length: 6 }, () => pool.pick().url).every((u) => u === pool.mirrors[0].url));
  pool.replace([mirror("good.example"), mirror("liar.example")]);
  assert.equal(pool.mirrors[1].banned, "sent bytes that do not match the manifest's SHA-256");
});

test("a mirror that answers only without CORS is banned with a message; one that is down only rests", async () => {
  const pool = new SourcePool([mirror("nocors.example"), mirror("down.example")]);
  const [nocors, down] = pool.mirrors;
  const why = await pool.noAnswer(nocors, "http://nocors.example/x", async () => ({ type: "opaque" }));
  assert.equal(why, "mirror nocors.example refuses cross-origin reads (no CORS)");
  assert.equal(nocors.banned, why);
  assert.equal(await pool.noAnswer(down, "http://down.example/x", async () => { throw new TypeError("Failed to fetch"); }), null);
  assert.equal(down.banned, null);
  assert.ok(down.restUntil > 0);
  assert.equal(await pool.noAnswer(pool.mirrors[1], "x", async () => ({})), "mirror down.example refuses cross-origin reads (no CORS)");
});

test("a mirror's URL template says where a segment is; agents and origins keep /segments/ and the content", () => {
  const sha = "ab".repeat(32);
  const m = mirror("cdn.example");
  assert.equal(segmentUrl(m, { sha256: sha, name: `${sha}.m4s` }, "c1"), `http://cdn.example/shoal/segments/${sha}.m4s`);
  assert.equal(segmentUrl({ url: "http://b.example/v/{sha256}", kind: "mirror" }, { sha256: sha, name: sha }, "c1"), `http://b.example/v/${sha}`);
  assert.equal(segmentUrl(origin, { sha256: sha, name: `${sha}.ts` }, "c1"), `http://origin.example/segments/${sha}.ts?content=c1`);
});

test("origins are used last, when no agent or mirror can serve", () => {
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
