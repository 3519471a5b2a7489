// When a live player reloads a rendition's media playlist (docs/live.md, "In the browser"). hls.js reloads a live
// playlist on its own clock, about once a target duration, so left alone a viewer learns of a new segment anywhere up
// to a segment's duration after it was announced. By then the segment is often in p2p-media-loader's high-demand
// window, which takes HTTP first: viewers fetched from the origin what a peer already had, and their distance behind
// the edge varied by a segment's duration. Here a reload of a rendition waits until the room's event stream has
// brought a verified announcement newer than the end of the playlist loaded before (at most `timeoutMs`, and not at
// all while the room is not LIVE), so every viewer learns of a segment within the event stream's delay.
// Free of imports but live-waits.js (free of imports too), so node --test runs it without a browser.
import { Waits } from "./live-waits.js";

export class PlaylistHold {
  /** `tipOf(rendition)` is the newest verified index of a rendition (or undefined); `live()` whether the room is LIVE. */
  constructor(tipOf, live) {
    this.tipOf = tipOf;
    this.live = live;
    this.known = new Map(); // rendition -> the last index the playlist loaded before listed
    this.waits = new Waits();
  }

  /** The rendition a live media playlist URL names (`/live/{room}/{rendition}.m3u8`), or null (the master, segments). */
  static renditionOf(url) {
    const m = /\/live\/[^/]+\/([^/?#]+)\.m3u8$/.exec(new URL(url, "http://localhost/").pathname);
    return m && m[1] !== "master" ? m[1] : null;
  }

  /** The last media sequence number a media playlist lists, or null. */
  static lastIndexOf(text) {
    const sequence = /#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text);
    const count = (text.match(/^#EXTINF:/gm) ?? []).length;
    return sequence && count > 0 ? Number(sequence[1]) + count - 1 : null;
  }

  /** A rendition's playlist was loaded. */
  loaded(rendition, text) {
    const last = typeof text === "string" ? PlaylistHold.lastIndexOf(text) : null;
    if (last !== null) this.known.set(rendition, Math.max(last, this.known.get(rendition) ?? -1));
  }

  /** Resolves when the rendition's playlist should be loaded: at once the first time, else as said above. */
  until(rendition, timeoutMs) {
    if (!this.known.has(rendition)) return Promise.resolve("first");
    const after = this.known.get(rendition);
    const why = () => (!this.live() ? "not live" : (this.tipOf(rendition) ?? -1) > after ? "announced" : null);
    return this.waits.until(why, timeoutMs, "timeout");
  }

  /** An announcement was verified or the room's state changed: look again. */
  wake() {
    this.waits.wake();
  }
}
