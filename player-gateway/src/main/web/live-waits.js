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
