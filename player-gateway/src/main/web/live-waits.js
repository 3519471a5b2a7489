// Waiting in the live player for what another event brings (docs/live.md, "In the browser"): bytes for their
// announcement, a seed for the playlist that lists it, a playlist reload for a newer announcement, the first
// playlist for the room event, the second fragment for the first frame. Never forever: each wait has a bound.
// Free of imports so node --test runs it without a browser.

/** Something that happens once, told from outside with `resolve(value)`. */
export class Signal {
  constructor() {
    this.promise = new Promise((resolve) => { this.resolve = resolve; });
  }

  /** Its value once it happened, or `otherwise` if it did not within `ms`. */
  within(ms, otherwise = undefined) {
    let timer = null;
    const late = new Promise((resolve) => { timer = setTimeout(() => resolve(otherwise), ms); });
    return Promise.race([this.promise, late]).finally(() => clearTimeout(timer));
  }
}

/**
 * Waits on conditions that events make true. `until(check, ms)` resolves to the first truthy value `check()` returns,
 * looked at now and at each `wake()` (call it whenever something a check reads has changed), or to `otherwise` after
 * `ms`. A settled wait is forgotten: wakes no longer look at it.
 */
export class Waits {
  constructor() {
    this.waiting = new Set();
  }

  until(check, ms, otherwise = false) {
    const now = check();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (value) => {
        this.waiting.delete(look);
        clearTimeout(timer);
        resolve(value);
      };
      const look = () => {
        const value = check();
        if (value) done(value);
      };
      const timer = setTimeout(() => done(otherwise), ms);
      this.waiting.add(look);
    });
  }

  /** Something changed: each wait looks again. */
  wake() {
    for (const look of [...this.waiting]) look();
  }

  /** How many waits are still open. */
  get size() {
    return this.waiting.size;
  }
}

/**
 * Which fragments hls.js asks for before the first frame wait for it (P2P on; docs/live.md, "The second fragment at
 * the start"). The first one asked never waits. One after it waits: the first frame needs the first only, and asked
 * after the seek to the start it comes from a peer that has it. One before it never waits: hls.js placed the start by
 * the playlist, the first fragment's own times put the start before it, and the first frame needs that one now. Held
 * too, it cost a second at the start of 3 viewers in 10 (1.7 to 1.9 s against 0.5 to 1.0 s with P2P off), each of
 * whose first frame came from a fragment hls.js asked for second, one before its first.
 */
export class StartHold {
  /**
   * A held fragment goes before the first frame after all when, once hls.js has placed the start, less than this is
   * buffered from the playhead to it (seconds): the first fragment's own times put the start at or near its end, and
   * the first frame waits on the next one. The decoder wants a few frames past the playhead before it plays: at 2
   * frames a second, of 22 P2P-on starts in five 20-viewer runs that needed the next fragment, 16 lay 0.01 to 0.95 s
   * before it and 6 lay 1.17 to 1.68 s before it (those waited out `GRACE_MS`, and were the slowest starts).
   */
  static AHEAD = 2;

  /**
   * ... or when the first frame has not come this long after the start was placed (ms): the decoder wants a few
   * frames past the playhead before it plays (at 2 frames a second, starts with 1.1 to 1.5 s of the first fragment
   * left waited on the next one). A start with what it needs plays 40 to 220 ms after its first fragment is loaded
   * (20 viewers, 2 cores). Held to its 1 s bound instead, the next fragment cost a second at 5 of 20 P2P-on starts
   * (1.1 to 2.5 s against 0.3 to 0.95 s with P2P off; docs/benchmarks.md, "Start hold, again").
   */
  static GRACE_MS = 300;

  constructor() {
    this.first = null;
  }

  /**
   * Whether hls.js's request for the fragment numbered `sn` waits for the first frame. `fromStart`: seconds from the
   * start the page placed to the fragment's start, by the playlist's dates (Infinity when not known). A fragment that
   * begins less than `AHEAD` after the start never waits: the start lies at the end of the first one, and the first
   * frame needs this one. Held until the start was placed, it cost 4 to 6 of 20 P2P-on starts 0.1 to 0.6 s each (a
   * second HTTP fetch only begun once the first was in; those starts were the slowest two in three runs of four), and
   * no start with P2P off needed it (hls.js asks for both at once).
   */
  holds(sn, fromStart = Infinity) {
    if (this.first === null) this.first = sn;
    return sn > this.first && !(fromStart < StartHold.AHEAD);
  }

  /**
   * Whether a held fragment goes now: hls.js has placed the start (`hasEnoughToStart`, its seek to the start done)
   * `sincePlacedMs` ago, and what is buffered from the playhead lasts `neededIn` seconds before the fragment is needed.
   */
  releases(hasEnoughToStart, neededIn, sincePlacedMs) {
    return hasEnoughToStart === true && (neededIn < StartHold.AHEAD || sincePlacedMs >= StartHold.GRACE_MS);
  }
}
