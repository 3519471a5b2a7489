// The live player (docs/live.md, "In the browser"): the room's event stream first, each announcement checked here
// (the creator's signature, the chain link), then hls.js with p2p-media-loader configured for the live edge; a
// segment plays only when a verified announcement names its SHA-256 and its bytes hash to it, from any source.
// The player never rewinds: past the room's maximum delay it jumps forward to the edge and counts the skip.
import Hls from "hls.js";
import { HlsJsP2PEngine } from "p2p-media-loader-hlsjs";
import { verifyMessage } from "ethers";
import { sha256 as sha256Js } from "@noble/hashes/sha256";
import { AnnouncementBook, toHex } from "./announcements.js";
import { segmentOf } from "./sources.js";
import { PlaylistHold } from "./live-playlists.js";
import { HttpWindow, LiveSteering } from "./live-steering.js";
import { LiveSegmentStore, LiveSeeder, turnOf } from "./live-seeding.js";
import { LiveTrace } from "./live-trace.js";
import { neededIn, planDeadline, STARVING_GRACE_MS } from "./live-deadline.js";
import { Signal, StartHold, Waits } from "./live-waits.js";

const root = document.querySelector("[data-room]");
const room = root.dataset.room;
const video = root.querySelector("video");
const params = new URLSearchParams(location.search);
const d = Number(root.dataset.segmentSeconds);
const D = Number(root.dataset.maxDelaySeconds);
const book = new AnnouncementBook(root.dataset.creator, verifyMessage, sha256Js);
const started = performance.now();
const stats = { room, state: root.dataset.state, httpBytes: 0, p2pBytes: 0, peers: new Set(), skips: 0, rejected: [],
  errors: [], delayMs: null, viewers: 0, announcements: 0, book, startupMs: null, stalls: [], events: [],
  segmentsFromPeers: 0, segmentsOverHttp: 0, delays: [], maxDelayMs: 0, stalePlays: 0, playedSeconds: 0,
  fromOfSegment: new Map(), peerOfSegment: new Map(), uploadedBytes: 0, peersEver: new Set(), playlistWaits: 0, level: null, levelSwitches: 0, bytesByLevel: {},
  placements: 0, heldMs: 0, listedLateMs: [], targetMs: null, announcementWayMs: null, seeded: 0, seededBytes: 0, seedTurns: 0,
  deadlineFetches: 0, deadlinePlayed: 0, floorMs: 0 };
// the event stream's first event (the room, with the gateway's measure of the announcements' way): the first playlist
// waits for it, at most a second, so that the start is placed by that way (placeStart)
const roomEvent = new Signal();
// what bytes and seeds wait for (`named`, `listed`): woken by each verified announcement and each listing in hls.js
const news = new Waits();
let waitingSince = null;
let waitingWhy = null;
// samples every 500 ms and each recent segment's steps in this page (live-trace.js)
const trace = new LiveTrace({ now: () => performance.now() - started });
let pending = null; // the fragment hls.js is loading: { sn, sha256, since } (ms on the trace's clock)
const announcedAt = new Map(); // `${rendition}|${index}` -> when its verified announcement reached the page

/**
 * Why playback waits at `t`: "starved" when nothing is buffered past it (the next segment had not come), "gap" when a
 * later range is buffered (a hole between segments). `ahead` is what was buffered past `t`, seconds.
 */
function stallKind(t) {
  let ahead = 0;
  let next = null;
  for (let i = 0; i < video.buffered.length; i++) {
    const start = video.buffered.start(i);
    const end = video.buffered.end(i);
    if (start <= t + 0.05 && end >= t) ahead = Math.max(ahead, end - t);
    else if (start > t && (next === null || start < next)) next = start;
  }
  return { kind: next !== null && ahead < 0.5 ? "gap" : "starved", ahead: Math.round(ahead * 100) / 100,
    gap: next === null ? null : Math.round((next - t) * 100) / 100 };
}
let lastTime = null;

function note(kind, detail) {
  stats.events.push({ at: Math.round(performance.now() - started), kind, ...detail });
  if (stats.events.length > 500) stats.events.shift();
}

/** What the page measured, as JSON-friendly values (tests and benchmarks read this). */
function snapshot() {
  const { book: _b, peers, peersEver, fromOfSegment: _f, peerOfSegment, ...rest } = stats;
  // peerIds and segmentPeers let a benchmark tell relay depth: who each segment came from, and whom this page has met
  return { ...rest, peers: peers.size, peersEver: peersEver.size, peerIds: [...peersEver],
    segmentPeers: Object.fromEntries(peerOfSegment), bytesByLevel: { ...stats.bytesByLevel }, currentTime: video.currentTime, delays: [...stats.delays], events: [...stats.events],
    samples: [...trace.samples] };
}
window.shoalLive = { stats: snapshot, book };

async function sha256Hex(data) {
  if (globalThis.crypto?.subtle) return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", data)));
  return toHex(sha256Js(new Uint8Array(data)));
}

/**
 * True when a verified announcement names the segment (or it is the init segment one names) and its bytes hash to it.
 * Bytes can come before their announcement reaches this page (the gateway lists a segment the moment it accepts it,
 * and a playlist reload that timed out, or the first one, can list it before the event stream brings it here): they
 * wait for it, at most a segment's duration. Refused at once, the fragment was retried on hls.js' back-off and the
 * viewer stalled 5.7 s in a P2P-off run.
 */
async function playable(url, data) {
  const segment = segmentOf(url);
  if (!segment || !(await named(segment.sha256))) return false;
  return (await sha256Hex(data)) === segment.sha256;
}

function named(sha) {
  return news.until(() => book.names(sha), 1000 * d);
}

// a reload of a rendition's live playlist waits for the event stream to announce a newer segment (live-playlists.js)
const hold = new PlaylistHold((rendition) => book.tips.get(rendition)?.index, () => stats.state === "LIVE" || stats.state === "ENDING");

function liveLoader(Base) {
  return class LiveLoader extends Base {
    load(context, config, callbacks) {
      const segment = segmentOf(context.url);
      const rendition = segment ? null : PlaylistHold.renditionOf(context.url);
      if (rendition) {
        this.context = context;
        this.held = true;
        hold.until(rendition, 1000 * d).then((why) => (why === "first" ? roomEvent.within(1000).then(() => why) : why)).then((why) => {
          if (!this.held) return; // aborted or destroyed meanwhile
          this.held = false;
          if (why === "announced") stats.playlistWaits++;
          super.load(context, config, {
            ...callbacks,
            onSuccess: (response, loadStats, ctx, details) => {
              hold.loaded(rendition, response.data);
              const data = why === "first" ? placeStart(response.data) : response.data;
              if (hold.live()) askAgainAtOnce(context.level, loadStats);
              callbacks.onSuccess({ ...response, data }, loadStats, ctx, details);
            },
          });
        });
        return;
      }
      if (!segment) {
        super.load(context, config, callbacks);
        return;
      }
      begin(segment.sha256, "http");
      const ended = (then) => (...args) => {
        if (begun.get(segment.sha256) === "http") begin(segment.sha256, null);
        then?.(...args);
      };
      super.load(context, config, {
        ...callbacks,
        onError: ended(callbacks.onError),
        onTimeout: ended(callbacks.onTimeout),
        onAbort: ended(callbacks.onAbort),
        onSuccess: (response, loadStats, ctx, details) => {
          ended()();
          stats.httpBytes += response.data.byteLength;
          stats.segmentsOverHttp++;
          if (!joined) { // kept for the core (P2P on: handed over when it asks; P2P off: never asked, dropped as the store fills)
            const frag = context.frag;
            const rendition = PlaylistHold.renditionOf(player?.levels?.[frag?.level]?.url ?? "");
            if (rendition !== null && typeof frag?.sn === "number") {
              store.loadedBeforeJoin(rendition, frag.sn, response.data, frag.start, frag.start + frag.duration);
            }
          }
          note("segment-loaded", { url: ctx.url, bytes: response.data.byteLength, from: "http" });
          playable(ctx.url, response.data).then((ok) => {
            if (ok) {
              callbacks.onSuccess(response, loadStats, ctx, details);
            } else {
              stats.rejected.push({ from: "http", url: ctx.url });
              callbacks.onError({ code: 0, text: "no verified announcement names these bytes" }, ctx, details, loadStats);
            }
          });
        },
      });
    }

    abort() {
      this.held = false;
      super.abort();
    }

    destroy() {
      this.held = false;
      super.destroy();
    }
  };
}

/**
 * p2p-media-loader's fragment loader, made to wait while this viewer is seeding the fragment hls.js asks for
 * (LiveSeeder.whenTaken), and to keep the fragment's deadline (keepingDeadline). Asked before the seed is stored, the
 * engine never answers: it looks in the store only when hls.js asks, and leaves out of its queue what the store holds,
 * so nothing loads it (it showed as stalls of 8 to 12 s at the viewers that seeded the segment, the trail "seed, hls,
 * seeded" and nothing more until the stall's end). Asked once the seed is stored, it answers from the store at once; if
 * the seed fails, as it would have.
 */
function afterSeeding(Base) {
  return class SeedAwareLoader extends Base {
    load(context, config, callbacks) {
      const segment = segmentOf(context.url);
      const seeding = segment ? seeder.whenTaken(segment.sha256) : null;
      const taking = seeding ?? (segment ? secondAtStart(context.frag) : null);
      if (taking === null) {
        this.keepingDeadline(context, config, callbacks);
        return;
      }
      this.context = context;
      this.waitingFor = callbacks;
      trace.mark(segment.sha256, seeding ? "hls-waits-for-seed" : "hls-waits-for-first-frame");
      const go = () => {
        if (this.waitingFor !== callbacks) return; // aborted or destroyed meanwhile
        this.waitingFor = null;
        this.keepingDeadline(context, config, callbacks);
      };
      taking.then(go, go);
    }

    /**
     * Loads through p2p-media-loader and keeps the fragment's deadline here (live-deadline.js): the engine takes a
     * segment over HTTP only in a queue pass while it is in high demand, and passes come on events, from playback at
     * most once a second and none once playback has run dry, so it missed a window of a fraction of a second and the
     * viewer starved until the next event. Once what is buffered ahead of the playhead is within the window and no HTTP
     * fetch of the fragment is on its way, the page fetches it itself; whichever answer comes first, the engine's or
     * this one, is played.
     */
    keepingDeadline(context, config, callbacks) {
      const segment = segmentOf(context.url);
      const frag = context.frag;
      if (params.get("p2p") === "off" || !segment || typeof frag?.sn !== "number" || !Number.isFinite(frag.start)) {
        super.load(context, config, callbacks);
        return;
      }
      const race = { settled: false, fetch: null, timer: null, check: null };
      this.race = race;
      const first = (name) => (...args) => {
        if (race.settled) return;
        endRace(race);
        callbacks[name]?.(...args);
      };
      const onProgress = callbacks.onProgress && ((...args) => { if (!race.settled) callbacks.onProgress(...args); });
      race.check = () => {
        clearTimeout(race.timer);
        if (race.settled || race.fetch) return;
        const starvedMs = waitingSince !== null && waitingWhy?.kind === "starved" ? performance.now() - waitingSince : null;
        const plan = planDeadline({ ranges: bufferedRanges(), playhead: video.currentTime, start: frag.start,
          window: httpWindow.seconds, rate: video.playbackRate, playing: stats.startupMs !== null && !video.paused,
          begun: begun.get(segment.sha256) ?? null, starvedMs, grace: starvingGraceMs });
        if (plan.take) this.takeAtDeadline(segment, context, callbacks, race, plan.why);
        else race.timer = setTimeout(race.check, plan.recheckMs);
      };
      racing.add(race);
      super.load(context, config, { ...callbacks, onProgress, onSuccess: first("onSuccess"), onError: first("onError"),
        onTimeout: first("onTimeout"), onAbort: first("onAbort") });
      if (!race.settled) race.timer = setTimeout(race.check, 0);
    }

    /**
     * The deadline came: the fragment over HTTP as a seed is taken (checked against its announcement), stored for the
     * peers, and given to hls.js with its real timings (its bandwidth estimate reads them), the engine's request given
     * up; unless the engine answered meanwhile.
     */
    async takeAtDeadline(segment, context, callbacks, race, why) {
      const frag = context.frag;
      race.fetch = new AbortController();
      stats.deadlineFetches++;
      trace.mark(segment.sha256, "deadline-http");
      note("deadline-http", { sn: frag.sn, why, ahead: Math.round(100 * neededIn(bufferedRanges(), video.currentTime, frag.start)) / 100 });
      const rendition = PlaylistHold.renditionOf(player?.levels?.[frag.level]?.url ?? "");
      // the engine neither fetches it again nor gives up a peer's transfer of it for HTTP meanwhile (store.taking)
      const arrived = rendition === null ? () => {} : store.taking(rendition, frag.sn);
      try {
        const got = await fetchVerified(context.url, AbortSignal.any([race.fetch.signal, AbortSignal.timeout(1000 * d)]))
          .catch(() => null);
        if (race.settled) {
          if (got !== null) trace.mark(segment.sha256, "deadline-http-late");
          return; // the engine's answer came first and played
        }
        if (got === null) {
          trace.mark(segment.sha256, "deadline-http-failed");
          return; // the engine's request goes on
        }
        endRace(race);
        trace.mark(segment.sha256, "deadline-http-loaded");
        stats.deadlinePlayed++;
        stats.segmentsOverHttp++;
        stats.fromOfSegment.set(segment.sha256, "http");
        takenAt(segment.sha256);
        // stored before the engine's request is given up: its queue pass then leaves the segment out (it would take it
        // over HTTP again), and the peers are told this viewer has it
        if (rendition !== null) store.seed(rendition, frag.sn, got.data, frag.duration);
        super.abort(); // the engine's abort reaches only the callbacks this race already ended
        this.answered = true;
        const bytes = got.data.byteLength;
        Object.assign(this.stats, { aborted: false, loaded: bytes, total: bytes, chunkCount: 1,
          loading: { start: got.start, first: got.first, end: got.end } });
        callbacks.onProgress?.(this.stats, context, got.data, undefined);
        callbacks.onSuccess({ data: got.data, url: context.url }, this.stats, context, undefined);
      } finally {
        arrived(); // after the store has it (store.seed), or with nothing to wait for
      }
    }

    abort() {
      const callbacks = this.waitingFor;
      if (!callbacks) {
        super.abort(); // the engine's onAbort reaches hls.js through the race (and ends it)
        if (this.race) endRace(this.race);
        return;
      }
      this.waitingFor = null;
      this.stats.aborted = true;
      callbacks.onAbort?.(this.stats, this.context, null);
    }

    destroy() {
      if (this.race) endRace(this.race);
      this.waitingFor = null;
      // answered here: the engine's request was given up then, and its destroy would mark hls.js' stats aborted (they
      // are the same object), which makes hls.js drop the fragment's bandwidth sample
      if (!this.answered) super.destroy();
    }
  };
}

// the fragments whose deadline is kept (keepingDeadline), looked at again at once when playback runs dry
const racing = new Set();
function endRace(race) {
  race.settled = true;
  clearTimeout(race.timer);
  race.fetch?.abort();
  racing.delete(race);
}
// which source has each recent segment on its way: "http" or "p2p" (p2p-media-loader's, the page's own loads)
const begun = new Map();
function begin(sha, source) {
  if (!sha) return;
  if (source === null) begun.delete(sha);
  else begun.set(sha, source);
  if (begun.size > 32) begun.delete(begun.keys().next().value);
}
const takenAtDeadline = new Set(); // the segments hls.js had from a deadline's fetch: their source is HTTP
function takenAt(sha) {
  takenAtDeadline.add(sha);
  if (takenAtDeadline.size > 32) takenAtDeadline.delete(takenAtDeadline.values().next().value);
}
function bufferedRanges() {
  const ranges = [];
  for (let i = 0; i < video.buffered.length; i++) ranges.push([video.buffered.start(i), video.buffered.end(i)]);
  return ranges;
}

/**
 * With P2P on, a media fragment hls.js asks for before the first frame after the first one waits for the first frame
 * (StartHold; null: no wait). hls.js asks for the next fragment as soon as it has the first, and its seek to the start
 * then moves the playhead by more than half a segment, which makes p2p-media-loader take the fragment it is asked for
 * at that moment over HTTP at once: every viewer took its first two segments from the origin, a quarter of all it
 * played in a minute. Asked after the seek, the next is fetched as any other: from a peer that has it, else over HTTP
 * once it is within `lead` of the playhead. The first frame needs the first fragment only, or one before it.
 */
const startHold = new StartHold();
let startDateMs = null; // where the page placed the start (placeStart), by the encoder's clock
function secondAtStart(frag) {
  if (params.get("p2p") === "off" || stats.startupMs !== null || typeof frag?.sn !== "number") return null;
  const fromStart = startDateMs !== null && Number.isFinite(frag.programDateTime)
    ? (frag.programDateTime - startDateMs) / 1000 : Infinity;
  if (!startHold.holds(frag.sn, fromStart)) return null;
  // it goes as soon as the first frame turns out to need it (StartHold.releases), and never later than a second
  const needed = () => startHold.releases(startPlaced(),
    Number.isFinite(frag.start) ? neededIn(bufferedRanges(), video.currentTime, frag.start) : Infinity,
    startPlacedAt === null ? 0 : performance.now() - startPlacedAt);
  const startNeedsIt = startWaits.until(needed, 1000).then((now) => {
    if (now && stats.startupMs === null) {
      note("start-needs-next", { sn: frag.sn, currentTime: video.currentTime, start: frag.start,
        sincePlacedMs: Math.round(performance.now() - startPlacedAt) });
    }
  });
  return Promise.race([firstFrame.within(1000), startNeedsIt]);
}
const firstFrame = new Signal();
/** What the held fragment's check reads (the start placed, the buffer, the playhead, the time since) changed. */
const startWaits = new Waits();
let startPlacedAt = null;
/** Whether hls.js has placed the start; the first time it is seen, the check is looked at again after the grace. */
function startPlaced() {
  if (player?.hasEnoughToStart !== true) return false;
  if (startPlacedAt === null) {
    startPlacedAt = performance.now();
    setTimeout(() => startWaits.wake(), StartHold.GRACE_MS);
  }
  return true;
}

/**
 * hls.js asks for the rendition's next playlist as soon as it has this one, and the hold keeps the request until the
 * next announcement. Left alone, hls.js asks on a clock of its own, a target duration apart from its first request
 * (`LevelDetails.requestScheduled`, kept from one playlist to the next), and the hold can only delay a request, not
 * bring it forward: a viewer whose clock fell after the announcements listed every new segment that much later (0 to
 * `d`), measured as `listedLateMs`; it then took the segment late (stalls at P2P off too, or HTTP where a peer had it),
 * and hls.js, which measures its latency from the playlist's arrival, held it that much behind its place with no stall.
 * hls.js reloads at once when a reload is overdue, which this makes it: it copies the previous playlist's
 * `requestScheduled` into the next one and moves it on by the reload interval only when that is not yet past; for a
 * rendition's first playlist it starts from the request's `stats.loading.start` (used for nothing else in a playlist's
 * load), put back here by two segments' durations.
 */
function askAgainAtOnce(level, loadStats) {
  const details = player?.levels?.[level]?.details;
  if (details && typeof details.requestScheduled === "number") details.requestScheduled = -Infinity;
  else if (!details && loadStats?.loading) loadStats.loading.start -= 2000 * d;
}

function setState(state) {
  stats.state = state;
  hold.wake();
  const label = root.querySelector("[data-state]");
  label.textContent = state === "LIVE" ? "LIVE" : state === "INTERRUPTED" ? "Interrupted"
    : state === "ENDING" ? "Ending" : state === "ENDED" ? "Ended" : "Starts soon";
  label.dataset.state = state;
}

function events() {
  // a page that does not seed says so: the gateway gives its seed turns to the others
  const source = new EventSource(`/live/${room}/events${seeder.seeders > 0 ? "" : "?seeding=off"}`);
  source.addEventListener("announcement", (e) => {
    const a = JSON.parse(e.data);
    const old = steering.fromWindow();
    if (book.accept(a) === null) {
      stats.announcements++;
      announcedAt.set(`${a.rendition}|${a.index}`, performance.now());
      if (announcedAt.size > 64) announcedAt.delete(announcedAt.keys().next().value);
      if (!old) steering.announced(a, Date.now());
      news.wake();
      hold.wake();
      seed(a);
    }
  });
  // this viewer's turn to seed a new segment (LiveFanOut): only one a verified announcement names (turnOf)
  source.addEventListener("seed", (e) => {
    stats.seedTurns++;
    const a = turnOf(e.data, (sha) => book.of(sha));
    if (a !== null) seed(a, true);
  });
  source.addEventListener("state", (e) => setState(JSON.parse(e.data).state));
  source.addEventListener("viewers", (e) => { stats.viewers = JSON.parse(e.data).viewers; });
  source.addEventListener("room", (e) => {
    const r = JSON.parse(e.data);
    steering.began(r);
    setState(r.state);
    roomEvent.resolve();
  });
  return source;
}

// Where this viewer sits behind the origin (live-steering.js): `d` + the announcement's measured way + `lead`, the time
// the viewer in front has to fetch a new segment over HTTP (p2p-media-loader's high-demand window), + this viewer's own
// `lag`, drawn at random in [0, spread]. Viewers spread so need a new segment one after the other: the one in front
// takes it over HTTP as it needs it and offers it at once; each one further back has its lag's worth of time to take it
// from a peer. Nothing is fetched over HTTP before it is in high demand (no random HTTP loads ahead of the playhead), so
// a segment leaves the origin about once, not once per viewer. The start is placed on that delay by the encoder's wall
// clock, not by hls.js' distance from the end of whichever playlist it loaded first.
const lead = number("lead", Math.min(1.5, d / 4));
const spread = number("spread", Math.min(1.5, d / 2));
// p2p-media-loader's high-demand window: a segment goes over HTTP only this close to the playhead. Shorter than `lead`,
// so that the viewer in front too has `lead - httpWindow` seconds to take a new segment from a seeder (they have it
// a few hundred ms after its announcement) before it falls back to HTTP; as long as `lead`, the front viewers took
// every segment over HTTP, because a seeder's copy reached them later than they entered the window.
// Longer while HTTP fetches are slow (HttpWindow), within `lead`.
const httpWindow = new HttpWindow({ base: number("http", Math.min(0.6, lead / 2)), lead });
let p2pEngine = null;
let appliedWindow = httpWindow.seconds;
stats.httpWindowMs = Math.round(1000 * appliedWindow);
const httpStarted = new Map(); // segment sha256 -> when p2p-media-loader began it over HTTP (ms)
function fetchedOverHttp(ms) {
  httpWindow.fetched(ms);
  const w = httpWindow.seconds;
  stats.httpWindowMs = Math.round(1000 * w);
  if (p2pEngine === null || Math.abs(w - appliedWindow) < 0.05) return;
  appliedWindow = w;
  p2pEngine.applyDynamicConfig({ core: { highDemandTimeWindow: w, httpDownloadTimeWindow: w } });
}
// A peer's transfer still going when playback runs dry is waited on this long before it is raced (live-deadline.js).
const starvingGraceMs = 1000 * number("grace", STARVING_GRACE_MS / 1000);
const lag = number("lag", Math.random() * spread);
const steering = new LiveSteering({ d, lead, lag });
stats.lagSeconds = lag;
let player = null;
let placed = false;

// Seeding (live-seeding.js): about `seeders` viewers of the swarm take each new segment over HTTP the moment it is
// announced and offer it at once, so the others have it from a peer seconds before they need it: the one whose turn it
// is (`event: seed`), and, with `?seeders=` above 1, `seeders - 1` more by a draw (off by default: docs/live.md).
let loading = { rendition: null, base: null, ext: "" }; // the rendition hls.js is loading, and where its segments are
const store = new LiveSegmentStore({ keep: Math.ceil((D + d) / d) + 2, renditionNow: () => loading.rendition });
const seeder = new LiveSeeder({ store, seeders: params.get("p2p") === "off" ? 0 : number("seeders", 1), listed,
  trace: (a, step) => trace.mark(a.sha256, step),
  fetchVerified: async (a) => {
    if (loading.base === null) return null;
    // hls.js may wait on it (afterSeeding)
    const got = await fetchVerified(`${loading.base}${a.sha256}${loading.ext}`, AbortSignal.timeout(1000 * d));
    return got?.data ?? null;
  } });

/**
 * A segment over HTTP by the page itself (a seed, a deadline), checked against its announcement: `{ data, start, first,
 * end }` (performance.now() when asked, at the first byte, when done) or null. Its bytes count as HTTP bytes and its
 * time feeds the high-demand window (HttpWindow).
 */
async function fetchVerified(url, signal) {
  const start = performance.now();
  const response = await fetch(url, { signal });
  if (!response.ok) return null;
  const first = performance.now();
  const data = await response.arrayBuffer();
  const end = performance.now();
  fetchedOverHttp(end - start);
  stats.httpBytes += data.byteLength;
  if (!(await playable(url, data))) {
    stats.rejected.push({ from: "http", url });
    return null;
  }
  return { data, start, first, end };
}

// the newest segment index each rendition's playlist lists in hls.js (and so in p2p-media-loader's stream)
const listedIndex = new Map();
function listed(rendition, index) {
  return news.until(() => (listedIndex.get(rendition) ?? -1) >= index, 1000 * d);
}
function listedNow(rendition, index) {
  listedIndex.set(rendition, Math.max(index, listedIndex.get(rendition) ?? -1));
  news.wake();
}

function seed(a, turn = false) {
  seeder.consider(a, { rendition: loading.rendition, peers: stats.peers.size, turn }).then((seeded) => {
    if (!seeded) return;
    stats.seeded = seeder.seeded;
    stats.seededBytes = seeder.seededBytes;
    stats.fromOfSegment.set(a.sha256, "http");
    note("seeded", { index: a.index, rendition: a.rendition, bytes: a.size, turn });
  });
}

/**
 * The first media playlist: hls.js starts this far behind its end (EXT-X-START, which hls.js does not clamp to a target
 * duration behind the end as it does its own live start), so that the viewer plays at its target delay.
 */
function placeStart(text) {
  const edge = typeof text === "string" ? LiveSteering.edgeOf(text) : null;
  if (player === null || edge === null || placed) return text;
  placed = true;
  const latency = steering.startLatency(edge, Date.now());
  startDateMs = edge - 1000 * latency;
  player.config.liveSyncDuration = latency;
  return LiveSteering.startingAt(text, latency);
}

/**
 * hls.js clamps a start to a target duration behind the playlist's end, so a viewer whose target is nearer the edge
 * starts further back: it moves forward once, within what it has buffered (never backwards). From then on hls.js holds
 * it (liveSyncDuration = `steering.behindEnd`, d + lead + floor + lag behind the playlist's end, which with the playlist
 * reloaded as each segment is announced is the wall-clock target less the announcement's way), speeding up when a
 * stall put it behind.
 */
function place(hls) {
  const playing = hls.playingDate;
  stats.targetMs = Math.round(1000 * steering.target);
  stats.announcementWayMs = Math.round(1000 * steering.way);
  if (playing === null || video.paused || video.seeking || waitingSince !== null) return;
  const behind = (Date.now() - playing.getTime()) / 1000 - steering.target;
  // at the start only: later, a longer way measured (the longest of the last few) moved the place back by a second
  // and this held three viewers of six still for 1.1 s each, for good
  if (stats.placements > 0 || stats.startupMs === null || stats.playedSeconds >= 5) return;
  if (behind > 1) {
    const to = video.currentTime + behind;
    if (buffered(to + 0.5)) {
      video.currentTime = to;
      stats.placements++;
    }
    return;
  }
  // nearer the origin than the target (joined while the room's window was too short to start further back): hold
  // still once for the difference, so this viewer needs each new segment after the ones in front have it
  const hold = steering.holdMs(behind);
  if (hold > 0) {
    stats.placements++;
    stats.heldMs = hold;
    note("hold", { ms: hold });
    video.pause();
    setTimeout(() => video.play().catch(() => {}), hold);
  }
}

function buffered(t) {
  for (let i = 0; i < video.buffered.length; i++) {
    if (video.buffered.start(i) <= t && t <= video.buffered.end(i)) return true;
  }
  return false;
}

function number(name, fallback) {
  const v = Number(params.get(name));
  return params.has(name) && Number.isFinite(v) ? v : fallback;
}

function coreConfig() {
  // the tracker admits `live-{room}` while the gateway's room is LIVE or INTERRUPTED (LiveRooms.SWARM_PREFIX)
  const tracker = new URL(`/tracker/live-${room}`, location.href);
  tracker.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  return {
    swarmId: `live-${room}`,
    announceTrackers: [tracker.toString()],
    rtcConfig: { iceServers: [] },
    // left to its defaults p2p-media-loader holds viewers up to 120 s behind the live edge; here a segment goes to
    // HTTP only in the last `httpWindow` seconds before it plays, and peers may send anything in the room's window
    highDemandTimeWindow: httpWindow.seconds,
    httpDownloadTimeWindow: httpWindow.seconds,
    p2pDownloadTimeWindow: D + d,
    httpDownloadInitialTimeoutMs: 0,
    customSegmentStorageFactory: () => store,
    // until the first frame the page does what a P2P-off page does, then it joins the swarm (joinTheSwarm)
    isP2PDisabled: true,
    validateHTTPSegment: (url, byteRange, data) => playable(url, data),
    validateP2PSegment: async (url, byteRange, data) => {
      const ok = await playable(url, data);
      if (!ok) stats.rejected.push({ from: "p2p", url });
      return ok;
    },
  };
}

/**
 * With P2P on, the page joins the swarm at its first frame, not before: until then p2p-media-loader is disabled
 * (`isP2PDisabled`), so hls.js loads through `liveLoader` over HTTP as with P2P off, and no tracker announce, WebRTC
 * offer or handshake competes with the first segment's fetch, check, demuxing and decoding (pair by pair, 30 pages
 * opened into one swarm started 1.28x later with P2P on than with it off, their peers' handshakes at 0.8 to 1.3 s).
 * Enabled, the core makes its stream's loader, and with it the tracker client that announces, only at the next
 * segment hls.js asks it for, a target duration on; so the page makes it now, for the fragment playing: the announce
 * (and its offers) go at the first frame, and the fragments after the first, held for it (StartHold), find peers.
 */
async function joinTheSwarm(hls) {
  joined = true; // what the page loads from now on goes through p2p-media-loader (or, P2P off, is not kept)
  if (params.get("p2p") === "off" || p2pEngine === null) return;
  p2pEngine.applyDynamicConfig({ core: { isP2PDisabled: false } });
  // the loader is made for the fragment playing: the page loaded it itself, and the store hands it to the core when the
  // core asks (LiveSegmentStore.loadedBeforeJoin), so it is not loaded again (run I: made without that, every viewer
  // fetched its first segment twice) and is offered to the peers
  const frag = playingFragment(hls);
  if (!frag) {
    note("joined-swarm", { announced: false, why: "no fragment listed at the playhead" }); // then at the next one asked for
    return;
  }
  const core = p2pEngine.core;
  try {
    // p2p-media-loader-core 2.x: what Core.loadSegment does before loading (storage, the stream's hybrid loader)
    await core.initializeSegmentStorage();
    core.getStreamHybridLoader(core.identifySegment(frag.url));
    // told where the playhead is before the next fragment is asked for: else the loader, placed at that fragment's
    // start, takes the playhead's next move for a seek (more than half a segment) and loads what is asked at once over HTTP
    core.updatePlayback(video.currentTime, video.playbackRate || 1);
    note("joined-swarm", { announced: true });
  } catch (e) {
    note("joined-swarm", { announced: false, why: String(e) });
  }
}

let joined = false; // the page is in the swarm (P2P on) or has played its first frame (P2P off)

/** The fragment of the playing level that holds the playhead, else the first after it. */
function playingFragment(hls) {
  const fragments = hls.levels[hls.currentLevel]?.details?.fragments ?? [];
  return fragments.find((f) => f.start + f.duration > video.currentTime);
}

/** Past the maximum delay, forward (steering.skipTo): to the edge, or to the first fragment made within it. */
function keepNearTheEdge(hls) {
  if (!video.seekable.length) return;
  const edge = video.seekable.end(video.seekable.length - 1);
  const playing = hls.playingDate;
  const from = video.currentTime;
  const to = steering.skipTo({ started: stats.startupMs !== null, currentTime: from, edge,
    playingAgeMs: playing === null ? null : Date.now() - playing.getTime(), D, fresh: () => freshFragmentStart(hls) });
  if (to === null) return;
  video.currentTime = to;
  stats.skips++;
  note("skip", { from: round2(from), to: round2(to), edge: round2(edge) });
}

/** Where the first fragment of the playing level starts whose first frame was made less than D ago, if any. */
function freshFragmentStart(hls) {
  const level = hls.levels?.[hls.currentLevel >= 0 ? hls.currentLevel : 0];
  const fragments = level?.details?.fragments ?? [];
  const oldest = Date.now() - 1000 * D;
  for (const f of fragments) {
    if (f.programDateTime && f.programDateTime > oldest && f.start > video.currentTime) return f.start + 0.05;
  }
  return null;
}

/** The player now (live-trace.js): compared in the benchmark, delay against the place, hls.js' latency against its target. */
function sample(hls) {
  if (stats.startupMs === null) return;
  const ranges = bufferedRanges();
  const now = performance.now() - started;
  trace.sample({ delayMs: stats.delayMs, targetMs: stats.targetMs, latency: round2(hls.latency), hlsTarget: round2(hls.targetLatency),
    rate: video.playbackRate, ahead: LiveTrace.ahead(ranges, video.currentTime),
    waiting: waitingSince !== null || video.paused, pendingSn: pending?.sn ?? null,
    pendingMs: pending === null ? null : Math.round(now - pending.since) });
}

function round2(x) {
  return typeof x === "number" && Number.isFinite(x) ? Math.round(x * 100) / 100 : null;
}

function render(hls) {
  const playing = hls.playingDate;
  stats.delayMs = playing ? Date.now() - playing.getTime() : null;
  // only once the first frame has played: before it hls.js' playhead is 0 while it loads the fragment it starts on, and
  // the date there is the window's first segment's (in run R8 a page counted a stale play, 42.8 s, though no fragment
  // it played started more than 18.8 s behind and it never skipped: a tick before its first frame)
  if (stats.delayMs !== null && stats.startupMs !== null && !video.paused && !video.seeking && waitingSince === null) {
    stats.maxDelayMs = Math.max(stats.maxDelayMs, stats.delayMs);
    // a stale play: playing a point older than the room's maximum delay (the skip to the edge comes next)
    if (stats.delayMs > 1000 * D) stats.stalePlays++;
  }
  if (lastTime !== null && video.currentTime > lastTime) stats.playedSeconds += video.currentTime - lastTime;
  lastTime = video.currentTime;
  const total = stats.httpBytes + stats.p2pBytes;
  root.querySelector("[data-delay]").textContent = stats.delayMs === null ? "–" : `${(stats.delayMs / 1000).toFixed(1)} s`;
  root.querySelector("[data-peers]").textContent = String(stats.peers.size);
  root.querySelector("[data-peer-share]").textContent = `${total === 0 ? 0 : Math.round((100 * stats.p2pBytes) / total)}%`;
  root.querySelector("[data-viewers]").textContent = String(stats.viewers);
  root.querySelector("[data-skips]").textContent = String(stats.skips);
  root.querySelector("[data-verified]").textContent = String(stats.announcements);
}

function start() {
  events();
  if (!Hls.isSupported()) {
    root.querySelector("[data-error]").hidden = false;
    root.querySelector("[data-error]").textContent = "This browser cannot play HLS with Media Source Extensions.";
    return;
  }
  const HlsWithP2P = HlsJsP2PEngine.injectMixin(Hls);
  const hls = new HlsWithP2P({
    // the start is placed by the first playlist (placeStart), then this
    liveSyncDuration: steering.behindEnd,
    // not a second more per stall, for good: the place is the target (a stall is made up at up to 1.1x)
    liveSyncOnStallIncrease: 0,
    liveMaxLatencyDuration: D,
    maxLiveSyncPlaybackRate: 1.1,
    liveDurationInfinity: true,
    backBufferLength: d,
    // a segment may be unreachable for a while (the origin restarting, no peer has it yet): keep asking, the room's
    // maximum delay and the skip to the edge bound how long that can hold playback, not a fatal error
    fragLoadPolicy: { default: { maxTimeToFirstByteMs: 10000, maxLoadTimeMs: 60000,
      timeoutRetry: { maxNumRetry: 20, retryDelayMs: 500, maxRetryDelayMs: 1000 * d },
      errorRetry: { maxNumRetry: 200, retryDelayMs: 500, maxRetryDelayMs: 1000 * d } } },
    loader: liveLoader(Hls.DefaultConfig.loader),
    p2p: {
      core: coreConfig(),
      onHlsJsCreated: (h) => {
        p2pEngine = h.p2pEngine;
        h.p2pEngine.addEventListener("onChunkDownloaded", (bytes, from) => {
          if (from === "p2p") stats.p2pBytes += bytes; else stats.httpBytes += bytes;
        });
        h.p2pEngine.addEventListener("onChunkUploaded", (bytes) => { stats.uploadedBytes += bytes; });
        h.p2pEngine.addEventListener("onSegmentLoaded", ({ segmentUrl, bytesLength, downloadSource, peerId }) => {
          if (downloadSource === "p2p") stats.segmentsFromPeers++; else stats.segmentsOverHttp++;
          const segment = segmentOf(segmentUrl);
          // a segment hls.js had from the deadline's own fetch played from HTTP, whatever the engine still brought
          if (segment && !takenAtDeadline.has(segment.sha256)) stats.fromOfSegment.set(segment.sha256, downloadSource);
          begin(segment?.sha256, null);
          if (segment && downloadSource === "http" && httpStarted.has(segment.sha256)) {
            fetchedOverHttp(performance.now() - httpStarted.get(segment.sha256));
          }
          if (segment) httpStarted.delete(segment.sha256);
          if (segment && downloadSource === "p2p" && peerId) stats.peerOfSegment.set(segment.sha256, peerId);
          trace.mark(segment?.sha256, `${downloadSource}-loaded`);
          note("segment-loaded", { url: segmentUrl, bytes: bytesLength, from: downloadSource, peerId });
        });
        h.p2pEngine.addEventListener("onSegmentError", ({ error, segment, downloadSource }) => {
          note("segment-error", { error: String(error?.type ?? error) });
          begin(segmentOf(segment?.url ?? "")?.sha256, null);
          trace.mark(segmentOf(segment?.url ?? "")?.sha256, `${downloadSource}-error:${error?.type ?? "?"}`);
        });
        h.p2pEngine.addEventListener("onSegmentStart", ({ segment, downloadSource }) => {
          const sha = segmentOf(segment?.url ?? "")?.sha256;
          trace.mark(sha, `${downloadSource}-start`);
          begin(sha, downloadSource);
          if (sha && downloadSource === "http") {
            httpStarted.set(sha, performance.now());
            if (httpStarted.size > 32) httpStarted.delete(httpStarted.keys().next().value);
          }
        });
        h.p2pEngine.addEventListener("onSegmentAbort", ({ segment, downloadSource }) => {
          const sha = segmentOf(segment?.url ?? "")?.sha256;
          trace.mark(sha, `${downloadSource ?? "none"}-abort`);
          if (begun.get(sha) === downloadSource) begin(sha, null);
        });
        h.p2pEngine.addEventListener("onPeerConnect", ({ peerId, streamType }) => {
          stats.peers.add(peerId);
          stats.peersEver.add(peerId);
          note("peer-connect", { peerId, streamType });
        });
        h.p2pEngine.addEventListener("onPeerClose", ({ peerId }) => stats.peers.delete(peerId));
      },
    },
  });
  hls.config.fLoader = afterSeeding(hls.config.fLoader);
  // which rendition and segment URLs hls.js is loading: what a seeded segment is stored as, and fetched from
  hls.on(Hls.Events.FRAG_LOADING, (_, { frag }) => {
    if (frag.type !== "main") return;
    const rendition = PlaylistHold.renditionOf(hls.levels[frag.level]?.url ?? "");
    const segment = segmentOf(frag.url);
    pending = { sn: frag.sn, sha256: segment?.sha256 ?? null, since: performance.now() - started };
    trace.mark(segment?.sha256, "hls");
    if (rendition === null || !segment) return;
    const at = frag.url.lastIndexOf(segment.sha256);
    loading = { rendition, base: frag.url.slice(0, at), ext: frag.url.slice(at + segment.sha256.length).replace(/[?#].*$/, "") };
  });
  // once every handler of the event has run (p2p-media-loader's registers later than this one): its stream then lists
  // what this playlist lists
  hls.on(Hls.Events.LEVEL_UPDATED, (_, { details, level }) => {
    const rendition = PlaylistHold.renditionOf(hls.levels[level]?.url ?? "");
    if (rendition !== null && Number.isFinite(details?.endSN)) setTimeout(() => listedNow(rendition, details.endSN), 0);
    // how long after its announcement reached the page a new segment was listed in hls.js
    const at = announcedAt.get(`${rendition}|${details?.endSN}`);
    if (at !== undefined && (listedIndex.get(rendition) ?? -1) < details.endSN) {
      stats.listedLateMs.push(Math.round(performance.now() - at));
      if (stats.listedLateMs.length > 60) stats.listedLateMs.shift();
    }
  });
  // which rendition each fragment came in for: viewers on different renditions are in different swarms
  hls.on(Hls.Events.FRAG_LOADED, (_, { frag, payload }) => {
    if (frag.type !== "main") return;
    const segment = segmentOf(frag.url);
    if (pending?.sn === frag.sn) pending = null;
    trace.mark(segment?.sha256, "hls-loaded");
    const from = segment ? (stats.fromOfSegment.get(segment.sha256) ?? "http") : "http";
    const level = (stats.bytesByLevel[frag.level] ??= { http: 0, p2p: 0 });
    level[from === "p2p" ? "p2p" : "http"] += payload?.byteLength ?? 0;
  });
  // before the first frame, a held fragment may turn out to be needed (StartHold.releases): hls.js places the start
  // in its own handler of this event, which may run after this one (hence the timeout), and its seek ends in `seeked`
  hls.on(Hls.Events.FRAG_BUFFERED, () => { if (stats.startupMs === null) setTimeout(() => startWaits.wake(), 0); });
  video.addEventListener("seeked", () => { if (stats.startupMs === null) startWaits.wake(); });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_, { level }) => {
    if (stats.level !== null && stats.level !== level) stats.levelSwitches++;
    stats.level = level;
    note("level-switched", { level });
  });
  hls.on(Hls.Events.ERROR, (_, data) => {
    if (data.fatal) stats.errors.push(data.details);
    if (data.frag?.type === "main") trace.mark(segmentOf(data.frag.url ?? "")?.sha256, `hls-${data.details}`);
  });
  // each fragment that starts playing: how far behind the origin's wall clock, and where its bytes came from
  hls.on(Hls.Events.FRAG_CHANGED, (_, { frag }) => {
    if (!frag.programDateTime) return;
    const segment = segmentOf(frag.url);
    const delayMs = Date.now() - frag.programDateTime - 1000 * Math.max(0, video.currentTime - frag.start);
    if (delayMs > 1000 * D) keepNearTheEdge(hls);
    stats.delays.push({ sha256: segment?.sha256, ms: Math.round(delayMs),
      from: segment ? (stats.fromOfSegment.get(segment.sha256) ?? "http") : "http" });
    if (stats.delays.length > 1000) stats.delays.shift();
  });
  video.addEventListener("playing", () => {
    if (stats.startupMs === null) {
      stats.startupMs = Math.round(performance.now() - started);
      // the held fragment after the first (StartHold) goes once the page is in the swarm, its loader placed
      joinTheSwarm(hls).finally(() => firstFrame.resolve());
      hls.config.liveSyncDuration = steering.behindEnd; // placed: from now on hls.js holds it there
    }
    if (waitingSince !== null) {
      // what the fragment it waited on went through, relative to the stall's start
      const { sha256, ...why } = waitingWhy;
      stats.stalls.push({ ms: Math.round(performance.now() - waitingSince), ...why,
        trail: sha256 ? trace.trailOf(sha256, waitingSince - started) : "" });
      waitingSince = null;
    }
  });
  video.addEventListener("waiting", () => {
    if (stats.startupMs === null) startWaits.wake();
    if (stats.startupMs === null || waitingSince !== null) {
      for (const race of racing) race.check();
      return;
    }
    waitingSince = performance.now();
    waitingWhy = { ...stallKind(video.currentTime), sn: pending?.sn ?? null, sha256: pending?.sha256 ?? null,
      pendingMs: pending === null ? null : Math.round(waitingSince - started - pending.since) };
    if (waitingWhy.kind === "starved") {
      // where playback runs dry: the place counts from there (LiveSteering.starved), and hls.js no longer makes up
      // the stall past it
      steering.starved(waitingWhy.ahead);
      hls.config.liveSyncDuration = steering.behindEnd;
      stats.floorMs = Math.round(1000 * steering.floor);
    }
    for (const race of racing) race.check(); // ran dry: every pending fragment is due
  });
  player = hls;
  hls.loadSource(`/live/${room}/master.m3u8`);
  hls.attachMedia(video);
  video.muted = true;
  video.play().catch(() => {});
  setInterval(() => { keepNearTheEdge(hls); place(hls); render(hls); sample(hls); }, 500);
}

start();
