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

const root = document.querySelector("[data-room]");
const room = root.dataset.room;
const video = root.querySelector("video");
const params = new URLSearchParams(location.search);
const d = Number(root.dataset.segmentSeconds);
const D = Number(root.dataset.maxDelaySeconds);
const book = new AnnouncementBook(root.dataset.creator, verifyMessage, sha256Js);
const stats = { room, state: root.dataset.state, httpBytes: 0, p2pBytes: 0, peers: new Set(), skips: 0, rejected: [],
  errors: [], delayMs: null, viewers: 0, announcements: 0, book };
window.shoalLive = stats;

async function sha256Hex(data) {
  if (globalThis.crypto?.subtle) return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", data)));
  return toHex(sha256Js(new Uint8Array(data)));
}

/** True when a verified announcement names the segment and its bytes hash to it. */
async function playable(url, data) {
  const segment = segmentOf(url);
  if (!segment || !book.of(segment.sha256)) return false;
  return (await sha256Hex(data)) === segment.sha256;
}

function liveLoader(Base) {
  return class LiveLoader extends Base {
    load(context, config, callbacks) {
      const segment = segmentOf(context.url);
      if (!segment) {
        super.load(context, config, callbacks);
        return;
      }
      super.load(context, config, {
        ...callbacks,
        onSuccess: (response, loadStats, ctx, details) => {
          stats.httpBytes += response.data.byteLength;
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
  };
}

function setState(state) {
  stats.state = state;
  const label = root.querySelector("[data-state]");
  label.textContent = state === "LIVE" ? "LIVE" : state === "INTERRUPTED" ? "Interrupted" : state === "ENDED" ? "Ended" : "Starts soon";
  label.dataset.state = state;
}

function events() {
  const source = new EventSource(`/live/${room}/events`);
  source.addEventListener("announcement", (e) => {
    const a = JSON.parse(e.data);
    if (book.accept(a) === null) stats.announcements++;
  });
  source.addEventListener("state", (e) => setState(JSON.parse(e.data).state));
  source.addEventListener("viewers", (e) => { stats.viewers = JSON.parse(e.data).viewers; });
  source.addEventListener("room", (e) => setState(JSON.parse(e.data).state));
  return source;
}

function coreConfig() {
  const tracker = new URL(`/tracker/live-${room}`, location.href);
  tracker.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  return {
    swarmId: `live-${room}`,
    announceTrackers: [tracker.toString()],
    rtcConfig: { iceServers: [] },
    // left to its defaults p2p-media-loader holds viewers up to 120 s behind the live edge
    highDemandTimeWindow: d,
    httpDownloadTimeWindow: 2 * d,
    p2pDownloadTimeWindow: 3 * d,
    httpDownloadInitialTimeoutMs: 0,
    isP2PDisabled: params.get("p2p") === "off",
    validateHTTPSegment: (url, byteRange, data) => playable(url, data),
    validateP2PSegment: async (url, byteRange, data) => {
      const ok = await playable(url, data);
      if (!ok) stats.rejected.push({ from: "p2p", url });
      return ok;
    },
  };
}

/** Past the maximum delay, forward to the edge; never backwards. */
function keepNearTheEdge() {
  if (!video.seekable.length) return;
  const edge = video.seekable.end(video.seekable.length - 1);
  const target = edge - 1.25 * d;
  if (edge - video.currentTime > D && target > video.currentTime) {
    video.currentTime = target;
    stats.skips++;
  }
}

function render(hls) {
  const playing = hls.playingDate;
  stats.delayMs = playing ? Date.now() - playing.getTime() : null;
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
    liveSyncDuration: 1.25 * d,
    liveMaxLatencyDuration: D,
    maxLiveSyncPlaybackRate: 1.1,
    liveDurationInfinity: true,
    backBufferLength: d,
    loader: liveLoader(Hls.DefaultConfig.loader),
    p2p: {
      core: coreConfig(),
      onHlsJsCreated: (h) => {
        h.p2pEngine.addEventListener("onChunkDownloaded", (bytes, from) => { if (from === "p2p") stats.p2pBytes += bytes; });
        h.p2pEngine.addEventListener("onPeerConnect", ({ peerId }) => stats.peers.add(peerId));
        h.p2pEngine.addEventListener("onPeerClose", ({ peerId }) => stats.peers.delete(peerId));
      },
    },
  });
  hls.on(Hls.Events.ERROR, (_, data) => {
    if (data.fatal) stats.errors.push(data.details);
  });
  hls.loadSource(`/live/${room}/master.m3u8`);
  hls.attachMedia(video);
  video.muted = true;
  video.play().catch(() => {});
  setInterval(() => { keepNearTheEdge(); render(hls); }, 500);
}

start();
