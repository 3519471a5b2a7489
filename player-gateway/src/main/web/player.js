// The Shoal web player: hls.js with p2p-media-loader. Segments come over HTTP from the agents the locator
// names and over WebRTC from other viewers; every one is checked against the SHA-256 in the playlist (which
// the gateway made from the creator's signed manifest) before it is played or passed on.
import Hls from "hls.js";
import { HlsJsP2PEngine } from "p2p-media-loader-hlsjs";
import { sha256 as sha256Js } from "@noble/hashes/sha256";
import { SourcePool, expectedSha256, segmentOf, segmentUrl } from "./sources.js";
import { setupTips } from "./tip.js";
import { verifyingLoader } from "./loader.js";

const root = document.querySelector("[data-content]");
const contentId = root.dataset.content;
const video = root.querySelector("video");
const params = new URLSearchParams(location.search);
const number = (name, fallback) => (params.has(name) && !Number.isNaN(Number(params.get(name))) ? Number(params.get(name)) : fallback);

const started = performance.now();
const stats = {
  contentId,
  session: null,
  httpBytes: 0,
  p2pBytes: 0,
  uploadedBytes: 0,
  segmentsFromPeers: 0,
  segmentsFromAgents: 0,
  peers: new Set(),
  rejected: [],
  errors: [],
  events: [],
  stalls: [],
  startupMs: null,
  receipts: [],
  ticket: null,
};
let stallStart = null;
let pool = null;
const sourceOfUrl = new Map(); // segment URL -> the source of its latest HTTP request
const sourceOfRequest = new WeakMap(); // Request -> source, for our fetch wrapper

function note(kind, detail) {
  stats.events.push({ at: Math.round(performance.now() - started), kind, ...detail });
  if (stats.events.length > 500) stats.events.shift();
}

function hex(bytes) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256Hex(data) {
  // crypto.subtle exists only in secure contexts (https, localhost); elsewhere a JS SHA-256
  if (globalThis.crypto?.subtle) return hex(await crypto.subtle.digest("SHA-256", data));
  return hex(sha256Js(new Uint8Array(data)));
}

async function verified(url, data) {
  const expected = expectedSha256(url);
  return expected !== null && (await sha256Hex(data)) === expected;
}

// Segment requests go through fetch: this sees which source failed and keeps the agents' serving receipts.
const plainFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const source = input instanceof Request ? sourceOfRequest.get(input) : undefined;
  if (!source) return plainFetch(input, init);
  let response;
  try {
    response = await plainFetch(input, init);
  } catch (e) {
    if (e?.name !== "AbortError") {
      const why = await pool.noAnswer(source, input.url, (url) => plainFetch(url, { mode: "no-cors" }));
      if (why) fail(why);
      note("source-failed", { source: source.url, error: String(e?.message ?? e) });
    }
    throw e;
  }
  if (!response.ok && response.status !== 416) {
    pool.rest(source);
    note("source-failed", { source: source.url, status: response.status });
  }
  const receipt = response.headers.get("Shoal-Receipt");
  if (receipt) stats.receipts.push({ value: receipt, source });
  return response;
};

async function watchInfo() {
  const response = await fetch(`/api/watch/${contentId}`, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail ?? body.title ?? `the gateway answered ${response.status}`);
  return body;
}

async function refreshSources() {
  try {
    const info = await watchInfo();
    pool.replace(info.sources);
    stats.ticket = info.ticket;
    note("sources-refreshed", { agents: pool.healthyAgents() });
  } catch (e) {
    note("sources-refresh-failed", { error: String(e.message ?? e) });
  }
}

function coreConfig(info) {
  const tracker = new URL(`/tracker/${contentId}`, location.href);
  tracker.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  // the content id again as a query parameter: what a cluster's load balancer hashes on (docs/operations.md)
  tracker.searchParams.set("content", contentId);
  return {
    swarmId: contentId,
    announceTrackers: [tracker.toString()],
    // no public STUN: viewers on one network find each other by host candidates; deployments add their own
    rtcConfig: { iceServers: info.iceServers ?? [] },
    simultaneousHttpDownloads: number("httpDownloads", 2),
    simultaneousP2PDownloads: number("p2pDownloads", 3),
    // startup is not bought with peer share: the segment under the playhead (the startup buffer) comes over HTTP at
    // once, and a segment further ahead only when the playhead is within 2 s of it; until then peers have the time
    // to send it (they are asked as soon as one has it)
    highDemandTimeWindow: number("highDemand", 2),
    httpDownloadTimeWindow: number("httpWindow", 3000),
    p2pDownloadTimeWindow: number("p2pWindow", 6000),
    httpDownloadInitialTimeoutMs: number("p2pWaitMs", 0),
    httpErrorRetries: 2 * Math.max(1, pool.all.length),
    isP2PDisabled: params.get("p2p") === "off",
    // the playlist's URI of the segment (not named segmentUrl: that is the function that says where a source keeps it)
    async httpRequestSetup(playlistUrl, segmentByteRange, signal, requestByteRange) {
      const segment = segmentOf(playlistUrl);
      if (pool.healthyAgents() === 0) await refreshSources();
      const source = pool.pick();
      if (!segment || !source) throw new Error(`no source can serve ${playlistUrl}`);
      // a mirror is another site: no header of ours, so a plain CORS GET needs no preflight
      const headers = source.kind === "mirror" ? {} : { "Shoal-Session": stats.session };
      if (requestByteRange) headers.Range = `bytes=${requestByteRange.start}-${requestByteRange.end ?? ""}`;
      const request = new Request(segmentUrl(source, segment, contentId), { headers, signal });
      sourceOfUrl.set(playlistUrl, source);
      sourceOfRequest.set(request, source);
      return request;
    },
    async validateHTTPSegment(url, byteRange, data) {
      const source = sourceOfUrl.get(url);
      if (await verified(url, data)) {
        pool.credit(source, data.byteLength);
        stats.segmentsFromAgents++;
        return true;
      }
      pool.ban(source, "sent bytes that do not match the manifest's SHA-256");
      stats.rejected.push({ from: "http", source: source?.url ?? null, url });
      note("segment-rejected", { from: "http", source: source?.url });
      return false;
    },
    async validateP2PSegment(url, byteRange, data) {
      if (await verified(url, data)) {
        stats.segmentsFromPeers++;
        return true;
      }
      stats.rejected.push({ from: "p2p", source: null, url });
      note("segment-rejected", { from: "p2p" });
      return false;
    },
  };
}

function listen(engine) {
  engine.addEventListener("onChunkDownloaded", (bytes, source) => {
    if (source === "p2p") stats.p2pBytes += bytes;
    else stats.httpBytes += bytes;
    speed.push([performance.now(), bytes]);
  });
  engine.addEventListener("onChunkUploaded", (bytes) => { stats.uploadedBytes += bytes; });
  engine.addEventListener("onPeerConnect", ({ peerId }) => { stats.peers.add(peerId); note("peer-connect", { peerId }); });
  engine.addEventListener("onPeerClose", ({ peerId }) => { stats.peers.delete(peerId); note("peer-close", { peerId }); });
  engine.addEventListener("onSegmentLoaded", ({ segmentUrl, bytesLength, downloadSource, peerId }) =>
    note("segment-loaded", { url: segmentUrl, bytes: bytesLength, from: downloadSource, peerId }));
  engine.addEventListener("onSegmentError", ({ error, downloadSource, peerId }) =>
    note("segment-error", { type: error?.type, from: downloadSource, peerId }));
  engine.addEventListener("onTrackerError", ({ error }) => note("tracker-error", { error: String(error?.message ?? error) }));
  engine.addEventListener("onTrackerWarning", ({ warning }) => note("tracker-warning", { warning: String(warning?.message ?? warning) }));
}

const speed = [];
function downloadSpeed() {
  const now = performance.now();
  while (speed.length && speed[0][0] < now - 5000) speed.shift();
  return speed.reduce((sum, [, b]) => sum + b, 0) / 5; // bytes per second over the last 5 s
}

video.addEventListener("playing", () => {
  if (stats.startupMs === null) stats.startupMs = Math.round(performance.now() - started);
  if (stallStart !== null) {
    stats.stalls.push({ at: Math.round(stallStart - started), ms: Math.round(performance.now() - stallStart) });
    stallStart = null;
  }
});
video.addEventListener("waiting", () => {
  if (stats.startupMs !== null && stallStart === null && !video.ended && !video.seeking) stallStart = performance.now();
});

function snapshot() {
  const total = stats.httpBytes + stats.p2pBytes;
  return {
    contentId,
    session: stats.session,
    currentTime: video.currentTime,
    duration: Number.isFinite(video.duration) ? video.duration : null,
    paused: video.paused,
    ended: video.ended,
    httpBytes: stats.httpBytes,
    p2pBytes: stats.p2pBytes,
    uploadedBytes: stats.uploadedBytes,
    peerShare: total === 0 ? 0 : stats.p2pBytes / total,
    segmentsFromPeers: stats.segmentsFromPeers,
    segmentsFromAgents: stats.segmentsFromAgents,
    peers: stats.peers.size,
    speedBytesPerSecond: downloadSpeed(),
    startupMs: stats.startupMs,
    stalls: [...stats.stalls, ...(stallStart === null ? [] : [{ at: Math.round(stallStart - started), ms: Math.round(performance.now() - stallStart), ongoing: true }])],
    rejected: [...stats.rejected],
    errors: [...stats.errors],
    sources: pool ? pool.snapshot() : [],
    receipts: stats.receipts.length,
    events: [...stats.events],
  };
}
window.shoalPlayer = { stats: snapshot, video, tip: null };

const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
function render() {
  const s = snapshot();
  const total = s.httpBytes + s.p2pBytes;
  root.querySelector("[data-peers]").textContent = String(s.peers);
  root.querySelector("[data-from-peers]").textContent = `${mib(s.p2pBytes)} (${Math.round(s.peerShare * 100)}%)`;
  root.querySelector("[data-from-agents]").textContent = `${mib(s.httpBytes)} (${total === 0 ? 0 : Math.round((s.httpBytes / total) * 100)}%)`;
  root.querySelector("[data-share-bar]").style.width = `${Math.round(s.peerShare * 100)}%`;
  root.querySelector("[data-speed]").textContent = `${((s.speedBytesPerSecond * 8) / 1e6).toFixed(2)} Mbit/s`;
  root.querySelector("[data-uploaded]").textContent = mib(s.uploadedBytes);
  const list = root.querySelector("[data-sources]");
  list.replaceChildren(...s.sources.map((src) => {
    const li = document.createElement("li");
    const state = src.banned ? `dropped: ${src.banned}` : src.resting ? "not answering" : "ok";
    li.textContent = `${src.kind} ${src.url} · ${mib(src.bytes)} · ${state}`;
    li.className = src.banned ? "bad" : src.resting ? "resting" : "";
    return li;
  }));
}

function fail(message) {
  stats.errors.push(message);
  root.querySelector("[data-error]").textContent = message;
  root.querySelector("[data-error]").hidden = false;
}

async function start() {
  let info;
  try {
    info = await watchInfo();
  } catch (e) {
    fail(`This video cannot be played: ${e.message}`);
    return;
  }
  stats.session = info.session;
  stats.ticket = info.ticket;
  pool = new SourcePool(info.sources);
  root.querySelector("[data-replicas]").textContent = String(info.replicas);
  if (!Hls.isSupported()) {
    fail("This browser cannot play HLS with Media Source Extensions.");
    return;
  }
  const HlsWithP2P = HlsJsP2PEngine.injectMixin(Hls);
  const hls = new HlsWithP2P({
    // hls.js keeps at least bufferSeconds ahead and at most twice that: a viewer who leaves early has not
    // fetched the whole video (hls.js would otherwise fill up to 60 MB)
    maxBufferLength: number("bufferSeconds", 30),
    maxMaxBufferLength: 2 * number("bufferSeconds", 30),
    loader: verifyingLoader(Hls.DefaultConfig.loader, {
      pool: () => pool, contentId, sha256Hex, stats, note, warn: fail,
      received: (bytes) => speed.push([performance.now(), bytes]),
    }),
    xhrSetup(xhr, url) {
      if (!expectedSha256(url) || !url.includes("?content=")) return; // mirrors' URLs carry no content parameter
      xhr.setRequestHeader("Shoal-Session", stats.session);
      xhr.addEventListener("load", () => {
        const receipt = xhr.getResponseHeader("Shoal-Receipt");
        const source = pool?.all.find((s) => url.startsWith(s.url));
        if (receipt) stats.receipts.push({ value: receipt, source });
      });
    },
    p2p: { core: coreConfig(info), onHlsJsCreated: (h) => listen(h.p2pEngine) },
  });
  hls.on(Hls.Events.ERROR, (_, data) => {
    note("hls-error", { type: data.type, details: data.details, fatal: data.fatal });
    if (data.fatal) fail(`Playback failed: ${data.details}`);
  });
  window.shoalPlayer.tip = setupTips(root, {
    contentId,
    get id() { return stats.session; },
    // receipts of agents whose bytes failed their hash are not evidence of serving this viewer
    get receipts() { return stats.receipts.filter((r) => !r.source?.banned).map((r) => r.value); },
    get ticket() { return stats.ticket; },
    renewTicket: () => refreshSources(),
  });
  hls.loadSource(info.playlist);
  hls.attachMedia(video);
  video.muted = params.get("muted") !== "0";
  if (params.get("autoplay") !== "0") video.play().catch((e) => note("autoplay-refused", { error: String(e) }));
  setInterval(render, 500);
}

start();
