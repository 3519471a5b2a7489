// What a live page records about its own playback, for benchmarks and tests (docs/live.md, "What the page records"):
// a sample of the player every 500 ms (delay behind the origin's wall clock, hls.js' latency and target latency,
// the playback rate, what is buffered past the playhead, the fragment hls.js is loading and for how long), and for
// each recent segment the steps it went through in this page (hls.js asked for it, p2p-media-loader started it over
// HTTP or from a peer, it was seeded, it loaded), so that a stall can name what the fragment it waited on went through.
// Free of imports so node --test runs it.

export class LiveTrace {
  /** `now()` in ms; at most `keepSamples` samples and the trails of the newest `keepTrails` segments are kept. */
  constructor({ now, keepSamples = 300, keepTrails = 24 }) {
    Object.assign(this, { now, keepSamples, keepTrails });
    this.samples = [];
    this.trails = new Map(); // sha256 -> [{ at, what }]
  }

  /** Segment `sha256` went through `what` now. */
  mark(sha256, what) {
    if (!sha256) return;
    let trail = this.trails.get(sha256);
    if (!trail) {
      trail = [];
      this.trails.set(sha256, trail);
      if (this.trails.size > this.keepTrails) this.trails.delete(this.trails.keys().next().value);
    }
    trail.push({ at: Math.round(this.now()), what });
  }

  /** A segment's steps as `what@ms`, ms relative to `since` (a stall's start): "hls@-3200 http@+7100 loaded@+7300". */
  trailOf(sha256, since) {
    const trail = this.trails.get(sha256) ?? [];
    return trail.map(({ at, what }) => {
      const ms = Math.round(at - since);
      return `${what}@${ms >= 0 ? "+" : ""}${ms}`;
    }).join(" ");
  }

  /** Records a sample (its `at` is set here). */
  sample(values) {
    this.samples.push({ at: Math.round(this.now()), ...values });
    if (this.samples.length > this.keepSamples) this.samples.shift();
  }

  /** Seconds buffered past `t` without a hole, from `ranges` [[start, end], ...] (a TimeRanges copied). */
  static ahead(ranges, t) {
    let ahead = 0;
    for (const [start, end] of ranges) if (start <= t + 0.05 && end >= t) ahead = Math.max(ahead, end - t);
    return Math.round(ahead * 100) / 100;
  }
}
