// Where this viewer fetches segments over HTTP: at most 8 agents from the locator, spread round-robin,
// then the creator's origins and mirrors, which are used only when no agent can serve. A source that sent
// bytes that fail their SHA-256 is banned for the session; one that failed to answer rests for a while.

export const MAX_AGENTS = 8;
const REST_MS = 30_000;

export class SourcePool {
  /** @param located [{url, kind: "agent"|"origin", agent}] as the gateway's /api/watch returns them, best first */
  constructor(located, now = () => Date.now()) {
    this.now = now;
    this.cursor = 0;
    this.replace(located);
  }

  /** New locator answer: keeps what was learnt (bans, bytes) about sources seen before. */
  replace(located) {
    const old = new Map((this.all ?? []).map((s) => [s.url, s]));
    const fresh = (kind) => located.filter((s) => s.kind === kind)
      .map((s) => old.get(s.url) ?? { url: s.url, kind: s.kind, agent: s.agent ?? null, bytes: 0, segments: 0,
        failures: 0, restUntil: 0, banned: null });
    this.agents = fresh("agent").slice(0, MAX_AGENTS);
    this.origins = fresh("origin");
    this.all = [...this.agents, ...this.origins];
  }

  usable(s) {
    return !s.banned && s.restUntil <= this.now();
  }

  /** The next source for a request: agents in turn, then origins; null when none is usable. */
  pick() {
    for (const group of [this.agents, this.origins]) {
      for (let i = 0; i < group.length; i++) {
        const s = group[(this.cursor + i) % group.length];
        if (this.usable(s)) {
          this.cursor = (this.cursor + i + 1) % Math.max(1, group.length);
          return s;
        }
      }
    }
    // everything rests: the one that rests the shortest, rather than nothing
    const resting = this.all.filter((s) => !s.banned).sort((a, b) => a.restUntil - b.restUntil);
    return resting[0] ?? null;
  }

  /** Sent bytes that are not what the manifest says: never asked again in this session. */
  ban(s, reason) {
    if (s && !s.banned) s.banned = reason;
  }

  /** Did not answer (refused, reset, error status): rests, longer each time. */
  rest(s) {
    if (!s) return;
    s.failures++;
    s.restUntil = this.now() + REST_MS * Math.min(4, s.failures);
  }

  credit(s, bytes) {
    if (!s) return;
    s.bytes += bytes;
    s.segments++;
    s.failures = 0;
  }

  healthyAgents() {
    return this.agents.filter((s) => this.usable(s)).length;
  }

  snapshot() {
    return this.all.map(({ url, kind, agent, bytes, segments, failures, banned, restUntil }) =>
      ({ url, kind, agent, bytes, segments, failures, banned, resting: restUntil > this.now() }));
  }
}

const SEGMENT = /\/segments\/([0-9a-f]{64})(\.(?:ts|m4s|mp4))?(?:[?#].*)?$/;

/**
 * The segment a URL names: playlists from the gateway end every segment URI in /segments/<sha256>.<ext>
 * (.ts, .m4s, .mp4; older ones in the bare /segments/<sha256>). `name` is what to ask a source for.
 */
export function segmentOf(url) {
  const m = SEGMENT.exec(url);
  return m ? { sha256: m[1], name: m[1] + (m[2] ?? "") } : null;
}

/** The SHA-256 a segment URL names, or null for other URLs (playlists, keys). */
export function expectedSha256(url) {
  return segmentOf(url)?.sha256 ?? null;
}
