// Where this viewer fetches segments over HTTP: at most 8 agents from the locator and the content's registered
// mirrors, equal sources chosen by measured speed (each is tried first, then requests go to those at least half
// as fast as the fastest, in turn), then the creator's origins, used only when none of those can serve. A source
// that sent bytes that fail their SHA-256 is banned for the session; one that failed to answer rests for a while;
// a mirror that answers but without CORS is banned with a message that says so.

export const MAX_AGENTS = 8;
const REST_MS = 30_000;

export class SourcePool {
  /** @param located [{url, kind: "agent"|"mirror"|"origin", agent}] as the gateway's /api/watch returns them, best first */
  constructor(located, now = () => Date.now()) {
    this.now = now;
    this.cursor = 0;
    this.replace(located);
  }

  /** New locator answer: keeps what was learnt (bans, bytes, speed) about sources seen before. */
  replace(located) {
    const old = new Map((this.all ?? []).map((s) => [s.url, s]));
    const fresh = (kind) => located.filter((s) => s.kind === kind)
      .map((s) => old.get(s.url) ?? { url: s.url, kind: s.kind, agent: s.agent ?? null, bytes: 0, segments: 0,
        failures: 0, restUntil: 0, banned: null, speed: null });
    this.agents = fresh("agent").slice(0, MAX_AGENTS);
    this.mirrors = fresh("mirror");
    this.equals = [...this.agents, ...this.mirrors];
    this.origins = fresh("origin");
    this.all = [...this.equals, ...this.origins];
  }

  usable(s) {
    return !s.banned && s.restUntil <= this.now();
  }

  /**
   * The next source for a request: among agents and mirrors, one not measured yet, else the usable ones at least half
   * as fast as the fastest, in turn; then origins in turn; null when none is usable.
   */
  pick() {
    const usable = this.equals.filter((s) => this.usable(s));
    if (usable.length > 0) {
      const unmeasured = usable.filter((s) => s.speed === null);
      let group = unmeasured;
      if (group.length === 0) {
        const fastest = Math.max(...usable.map((s) => s.speed));
        group = usable.filter((s) => s.speed >= fastest / 2);
      }
      return this.turn(group);
    }
    if (this.origins.some((s) => this.usable(s))) return this.turn(this.origins.filter((s) => this.usable(s)));
    // everything rests: the one that rests the shortest, rather than nothing
    const resting = this.all.filter((s) => !s.banned).sort((a, b) => a.restUntil - b.restUntil);
    return resting[0] ?? null;
  }

  turn(group) {
    const s = group[this.cursor % group.length];
    this.cursor = (this.cursor + 1) % 1_000_000;
    return s;
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

  /** Delivered `bytes` that verified, in `ms` when the caller timed it (the speed is an average over the last few). */
  credit(s, bytes, ms) {
    if (!s) return;
    s.bytes += bytes;
    s.segments++;
    s.failures = 0;
    if (typeof ms === "number" && ms >= 0) {
      const speed = bytes / Math.max(1, ms);
      s.speed = s.speed === null ? speed : 0.7 * s.speed + 0.3 * speed;
    }
  }

  /**
   * A request to `s` that got no answer at all (fetch threw): for a mirror, asks again without CORS; if that answers,
   * the mirror is up but refuses cross-origin reads, which the browser does not tell a page, so it is banned with a
   * message saying so (returned, for the page to show). Otherwise the source rests. `probe(url)` is fetch with mode
   * "no-cors" in the browser.
   */
  async noAnswer(s, url, probe) {
    if (!s) return null;
    if (s.kind === "mirror" && !s.banned) {
      try {
        await probe(url);
        this.ban(s, `mirror ${hostOf(s.url)} refuses cross-origin reads (no CORS)`);
        return s.banned;
      } catch {
        // down, not only without CORS
      }
    }
    this.rest(s);
    return null;
  }

  /** Agents and mirrors that can serve now (when none, the player asks the gateway for a fresh list). */
  healthyAgents() {
    return this.equals.filter((s) => this.usable(s)).length;
  }

  snapshot() {
    return this.all.map(({ url, kind, agent, bytes, segments, failures, banned, restUntil, speed }) =>
      ({ url, kind, agent, bytes, segments, failures, banned, resting: restUntil > this.now(), speed }));
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

/**
 * Where `source` keeps a segment: an agent or origin at {url}/segments/{name}?content=..., a mirror where its URL
 * template says ({sha256} and {ext} filled in; a bare name fills {ext} with nothing).
 */
export function segmentUrl(source, segment, contentId) {
  if (source.kind === "mirror") {
    const ext = segment.name.slice(segment.sha256.length + 1);
    return source.url.replaceAll("{sha256}", segment.sha256).replaceAll("{ext}", ext);
  }
  return `${source.url.replace(/\/$/, "")}/segments/${segment.name}?content=${contentId}`;
}

function hostOf(url) {
  try {
    return new URL(url.replaceAll("{sha256}", "x").replaceAll("{ext}", "x")).host;
  } catch {
    return url;
  }
}
