// The deadline of a live fragment (docs/live.md, "In the browser"): when the page takes a fragment hls.js is waiting for
// over HTTP itself. p2p-media-loader takes a segment over HTTP only when it processes its queue while the segment is in
// its high-demand window (the playhead within `httpWindow` of it), and it processes the queue on events: hls.js'
// requests, peers' messages, playlist updates and, while playing, the media element's `timeupdate` at most once a
// second (it stops when playback runs dry). A window of 0.25 to 0.5 s (2 s segments) was missed more often than not,
// and viewers starved until the next event. Here the page keeps the deadline itself: once what is buffered ahead of the
// playhead is within the window and no source has the fragment on its way over HTTP, it fetches it. Free of imports so
// node --test runs it.

/** Holes this short between buffered ranges are played through (hls.js jumps them, `maxBufferHole`). */
const HOLE = 0.1;
/** How often a pending fragment is looked at while it is not due yet, at most (ms). */
const RECHECK_MS = 250;
/** How much later than the window a peer's transfer still going is raced over HTTP, at most (seconds; see below). */
const PEER_GRACE = 0.1;
/** How long a peer's transfer still going is waited on once playback has run dry, before it is raced (ms; see below). */
export const STARVING_GRACE_MS = 250;

/**
 * Seconds of playback left at playhead `t` before the fragment starting at `start` is needed: the end of what is
 * buffered from `t` on (holes hls.js jumps included), or the fragment's start when it begins after a hole further on.
 * `ranges` [[start, end], ...], a TimeRanges copied.
 */
export function neededIn(ranges, t, start) {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let end = t;
  for (const [s, e] of sorted) {
    if (s <= end + HOLE && e > end) end = e;
  }
  return Math.max(0, (start > end + HOLE ? start : end) - t);
}

/**
 * What to do now about a fragment hls.js is waiting for: `{ take: true, why }` to fetch it over HTTP at once, else
 * `{ take: false, recheckMs }`, when to look again.
 * - `begun`: the source that has it on its way, `"http"`, `"p2p"` or null.
 * - `window`: the high-demand window, seconds (the same p2p-media-loader is given).
 * - `rate`: the playback rate; `playing`: false while paused or before the first frame (the playhead does not move).
 * - `starvedMs`: how long playback has been dry waiting for it (a starved stall, with what the decoder holds back still
 *   buffered, LiveSteering.starved), null while it is not: it is due however much is buffered, at once when no source
 *   has it on its way, `grace` ms in when a peer's transfer is (four 20-viewer runs of 8 s segments, raced at once: of
 *   213 races the peer's copy won 53, each a segment over HTTP for nothing, or near; of the peers' copies that came
 *   after such a race began, 39 of 49 came within 250 ms). Counted from an empty buffer, a window shorter than
 *   what playback runs dry with (at 2 frames a second, a second) was never reached: of 166 stalls in a 20-viewer run,
 *   71 (62 s) waited for a peer's copy without a race. Counting the window from there instead made every front
 *   viewer's deadline come at once as a segment was listed: 45% of the bytes over HTTP.
 * A fragment already coming from a peer is raced over HTTP too, `PEER_GRACE` later (at most half the window): under
 * load, of the peers' transfers a stall waited on, 60 of 62 ended switched to HTTP by the engine after running 0.1 to
 * 2.5 s (20 viewers, 8 s segments), but with 2 s segments 10 of 11 still going at the window finished 11 to 84 ms later,
 * and raced at once each cost a segment over HTTP for nothing (a sixth of the origin's bytes). The peer's copy is not
 * given up: whichever comes first is played.
 */
export function planDeadline({ ranges, playhead, start, window, rate = 1, playing = true, begun = null, starvedMs = null,
  grace = STARVING_GRACE_MS }) {
  if (begun === "http") return { take: false, recheckMs: RECHECK_MS };
  if (starvedMs !== null) {
    if (begun !== "p2p") return { take: true, why: "none-starving" };
    if (starvedMs >= grace) return { take: true, why: "p2p-starving" };
    return { take: false, recheckMs: Math.max(10, Math.ceil(grace - starvedMs)) };
  }
  if (!playing || !(rate > 0)) return { take: false, recheckMs: RECHECK_MS };
  const late = begun === "p2p" ? Math.min(PEER_GRACE, window / 2) : 0;
  const left = neededIn(ranges, playhead, start) - (window - late);
  if (left <= 1e-6) return { take: true, why: begun === "p2p" ? "p2p-unfinished" : "none-begun" };
  return { take: false, recheckMs: Math.max(10, Math.min(RECHECK_MS, Math.round((1000 * left) / rate))) };
}
