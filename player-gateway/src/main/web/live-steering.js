// Where a live viewer sits behind the origin, held by the wall clock (docs/live.md, "In the browser"). hls.js places a
// new viewer relative to the end of the playlist it happened to load, so its distance behind the origin depended on
// how long ago the newest segment was announced (anything from 0 to a segment's duration) and not on the viewer's
// drawn `lag`; and it only ever speeds up toward its target, so a viewer that started close to the edge stayed there.
// Viewers then did not sit in their drawn order and the ones in front, which take new segments over HTTP, were any.
// Here each viewer's target is a delay behind the encoder's wall clock: the segment's duration, the measured way of an
// announcement to this page, `lead` (the front viewer's time to fetch over HTTP) and its own `lag`; the start is
// placed on it, so a viewer needs a new segment `lag` seconds after the front one, while a peer already has it.
// (Steering the playback rate both ways toward it too was tried: on a loaded machine viewers then stalled 2.4 times per
// viewer-minute, with P2P off too.) Free of imports so node --test runs it.

const SAMPLES = 4;
/** The most buffered playback may be found to run dry at (seconds), and how many stalls the floor is the median of. */
const MAX_FLOOR = 2;
const FLOOR_SAMPLES = 5;

export class LiveSteering {
  /** `d` segment duration, `lead` and `lag` in seconds; `way` the announcement's way until one is measured. */
  constructor({ d, lead, lag, way = 1.5 }) {
    Object.assign(this, { d, lead, lag, defaultWay: way });
    this.ways = [];
    this.replayed = 0;
    this.starvedAt = [];
  }

  /**
   * The room's event stream began: the gateway's own measure of the announcements' way (ms, -1 when it has none) is
   * the default until this page has measured one, and the next `window` announcements are the room's window, made
   * before this viewer came. Counted as measures they made the way up to a segment's duration long: a viewer joining
   * 7 s after the newest announcement took 7 s as the way, started 6.5 s behind its place, and no seek at the start
   * moved it (its place had moved back with the way); it closed the gap at hls.js' 1.1x for a minute.
   */
  began({ window = 0, announcementWayMillis = -1 } = {}) {
    this.replayed = window;
    if (announcementWayMillis >= 0 && announcementWayMillis <= 1000 * this.d) this.defaultWay = announcementWayMillis / 1000;
  }

  /** An announcement came on the event stream: true when it is one of the window's (above), counted off here. */
  fromWindow() {
    if (this.replayed <= 0) return false;
    this.replayed--;
    return true;
  }

  /**
   * A verified announcement, not the window's, arrived at `now` (ms): how long after its segment's end it reached this
   * page, as long as it came within a segment's duration.
   */
  announced(announcement, now) {
    const way = now - (announcement.startedAtMillis + announcement.durationMicros / 1000);
    if (way < 0 || way > 1000 * this.d) return;
    this.ways.push(way / 1000);
    if (this.ways.length > SAMPLES) this.ways.shift();
  }

  /**
   * The announcement's way, seconds: the longest of the last few measured, else the default. The longest, because a
   * segment announced later than the viewer in front expects is in high demand at every viewer at once when it comes,
   * and all of them take it over HTTP (measured: with the median, 15% of bytes from peers on a loaded machine).
   */
  get way() {
    return this.ways.length === 0 ? this.defaultWay : Math.max(...this.ways);
  }

  /**
   * Playback ran dry (a starved stall, not a hole) with `ahead` seconds still buffered. The media pipeline plays a frame
   * only once the decoder has the frames after it (B-frames: two at most), so it runs dry with their time still
   * buffered: a tenth of a second at 25 frames a second, a second at 2 (the benchmark's light pattern: its stalls began
   * with 0.5 to 1 s buffered). Counted from an empty buffer, the front viewer's `lead` and the HTTP deadline's window
   * were that much shorter than meant; with a 0.6 s window below a 1 s floor, a peer's transfer that had not come by
   * the stall was never raced over HTTP (71 of 166 stalls, 62 s, in a 20-viewer run).
   */
  starved(ahead) {
    if (!(ahead >= 0)) return;
    this.starvedAt.push(Math.min(MAX_FLOOR, ahead));
    if (this.starvedAt.length > FLOOR_SAMPLES) this.starvedAt.shift();
  }

  /** Seconds buffered at which this page's playback runs dry: the median of its last few starved stalls, else 0. */
  get floor() {
    if (this.starvedAt.length === 0) return 0;
    const sorted = [...this.starvedAt].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  }

  /** Where hls.js holds this viewer, seconds behind the playlist's end: d + lead + floor + lag. */
  get behindEnd() {
    return this.d + this.lead + this.floor + this.lag;
  }

  /** The delay behind the encoder's wall clock this viewer holds, seconds. */
  get target() {
    return this.way + this.behindEnd;
  }

  /**
   * hls.js' target latency for the first playlist (seconds behind its end) that starts the viewer on its target: the
   * newest segment listed ended at `edgeMillis` by the encoder's clock; `startupMs` is what loading the first segment
   * adds.
   */
  startLatency(edgeMillis, now, startupMs = 300) {
    return Math.max(0, this.target - (now - edgeMillis) / 1000 - startupMs / 1000);
  }

  /**
   * How long (ms) a viewer playing `behind` seconds behind its target (negative: nearer the origin than its target)
   * holds still, once, at its start: the difference, when more than a second. A broadcast's first viewers join while
   * the room's window holds a single segment, so hls.js can only start them on it, nearer the origin than their
   * targets, and it never slows down to reach a target further back. Left there, every viewer is a moment from the end
   * of what it holds when the next segment is announced, the segment is in high demand at all of them at once and each
   * takes it over HTTP: measured in LiveRoomIT, three viewers 0 and 3 and 6 s apart by their lags played 0.5 s from
   * the end of their buffers, all of them, for three minutes, with not a byte from a peer.
   */
  holdMs(behind) {
    return behind < -1 ? Math.round(1000 * Math.min(-behind, this.target)) : 0;
  }

  /**
   * The first media playlist with `#EXT-X-START:TIME-OFFSET` set `seconds` before its end, so that hls.js starts there.
   * Its own start (`liveSyncDuration` behind the end) is clamped to at least a target duration behind the end, so a
   * viewer whose place was nearer started up to a segment's duration behind it and needed most of a minute at 1.1x to
   * get there. A playlist that names its own start is left as it is.
   */
  static startingAt(text, seconds) {
    if (text.includes("#EXT-X-START:") || !text.startsWith("#EXTM3U")) return text;
    const newline = text.indexOf("\n");
    const cut = newline < 0 ? text.length : newline + 1;
    return `${text.slice(0, cut).trimEnd()}\n#EXT-X-START:TIME-OFFSET=-${seconds.toFixed(3)}\n${text.slice(cut)}`;
  }

  /**
   * Where this viewer, past the room's maximum delay `D` (seconds), jumps, or null to stay (docs/live.md, "Never
   * rewinds"): by the wall clock (the frame playing was made `playingAgeMs` ago, more than `D`: after an interruption
   * the playlist's time has no gap but its segments are stale) to `fresh()`, the first fragment made within `D`, else
   * to the playlist's end `edge`; by the playlist (the playhead more than `D` before its end) to its place behind the
   * end, `behindEnd`. Never backwards, and nothing before the first frame: until then `currentTime` is not a place
   * yet (0 while hls.js loads the fragment it will start on), and a jump counted from it was a skip at the start of a
   * page that had played nothing, and moved the start off the place the wall clock gave it.
   */
  skipTo({ started, currentTime, edge, playingAgeMs, D, fresh = () => null }) {
    if (!started) return null;
    if (playingAgeMs !== null && playingAgeMs > 1000 * D) {
      const to = fresh() ?? edge;
      return to > currentTime ? to : null;
    }
    const place = edge - this.behindEnd;
    return edge - currentTime > D && place > currentTime ? place : null;
  }

  /** The end time (ms) of the newest segment a live media playlist lists, by its EXT-X-PROGRAM-DATE-TIME, or null. */
  static edgeOf(text) {
    const lines = text.split(/\r?\n/);
    let date = null;
    let edge = null;
    for (const line of lines) {
      if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
        date = Date.parse(line.slice("#EXT-X-PROGRAM-DATE-TIME:".length));
      } else if (line.startsWith("#EXTINF:") && date !== null && Number.isFinite(date)) {
        edge = date + 1000 * parseFloat(line.slice("#EXTINF:".length));
        date = edge;
      }
    }
    return edge;
  }
}

/**
 * How close to the playhead a segment goes over HTTP (p2p-media-loader's high-demand window), seconds: `base` while
 * HTTP fetches are quick, longer when they are slow, never longer than `lead`. Under the load of 20 browsers on two
 * cores a segment took 1 to 3 s over HTTP; with a fixed 0.6 s window the fetch began too late and viewers stalled
 * 3.8 times per viewer-minute, each time a peer's copy had not come by the window.
 */
export class HttpWindow {
  constructor({ base, lead, keep = 4 }) {
    Object.assign(this, { base, lead, keep });
    this.fetches = [];
  }

  /** A segment came over HTTP in `ms`. */
  fetched(ms) {
    if (!(ms >= 0)) return;
    this.fetches.push(ms / 1000);
    if (this.fetches.length > this.keep) this.fetches.shift();
  }

  /** The window: the slowest recent fetch, half again, and a fifth of a second to ask; within [base, lead]. */
  get seconds() {
    if (this.fetches.length === 0) return this.base;
    const slowest = Math.max(...this.fetches);
    return Math.min(this.lead, Math.max(this.base, 1.5 * slowest + 0.2));
  }
}
