// The Shoal web player: hls.js with p2p-media-loader. Segments come over HTTP from the agents the locator
// names and over WebRTC from other viewers; every one is checked against the SHA-256 in the playlist (which
// the gateway made from the creator's signed manifest) before it is played or passed on.
import Hls from "hls.js";
import { HlsJsP2PEngine } from "p2p-media-loader-hlsjs";
import { sha256 as sha256Js } from "@noble/hashes/sha256";
import { SourcePool, expectedSha256, segmentOf, segmentUrl } from "./sources.js";
import { setupTips } from "./tip.js";
import { verifyingLoader } from "./loader.js";
import { nameBySha256 } from "./swarm.js";
import { adAt, adLabel, adsFromDateRanges, adsFromPlan, finishedBetween, receiptsToReport, seekTarget } from "./ads.js";

const root = document.querySelector("[data-content]");
const contentId = root.dataset.content;
const video = root.querySelector("video");
const params = new URLSearchParams(location.search);
const number = (name, fallback) => (params.has(name) && !Number.isNaN(Number(params.get(name))) ? Number(params.get(name)) : fallback);

const started = performance.now();
const stats = {
  contentId,
  swarm: null, // the content id of the swarm this viewer joined
  session: null,
  httpBytes: 0,
  p2pBytes: 0,
  uploadedBytes: 0,
  segmentsFromPeers: 0,
  segmentsFromAgents: 0,
  segmentsLoaded: [], // {sha256, from: "http" | "p2p", bytes} of each segment the P2P engine loaded
  peers: new Set(),
  rejected: [],
  errors: [],
  events: [],
  stalls: [],
  startupMs: null,
  receipts: [],
  ticket: null,
  ads: [], // a fork's ads: {id, start, end} on the player's timeline
  adsFrom: null, // "playlist" (hls.js's parsed EXT-X-DATERANGE) or "plan" (the gateway's /api/watch)
  adsWatched: new Set(),
  seeksHeld: [],
  deliveries: { sent: new Set(), counted: 0, reports: 0, refused: [] },
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
  if (receipt) stats.receipts.push({ value: receipt, source, sha256: expectedSha256(input.url) });
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
  // the gateway names the swarm: a fork's is its original's, so both feed one swarm per shared segment (swarm.js);
  // ?swarm=own keeps a fork's viewers apart (the swarm benchmark's reference)
  const swarm = params.get("swarm") === "own" ? contentId : (info.swarm ?? contentId);
  const tracker = new URL(`/tracker/${swarm}`, location.href);
  tracker.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  // the swarm's content id again as a query parameter: what a cluster's load balancer hashes on (docs/operations.md)
  tracker.searchParams.set("content", swarm);
  stats.swarm = swarm;
  return {
    swarmId: swarm,
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
  engine.addEventListener("onSegmentLoaded", ({ segmentUrl, bytesLength, downloadSource, peerId }) => {
    stats.segmentsLoaded.push({ sha256: expectedSha256(segmentUrl), from: downloadSource, bytes: bytesLength });
    note("segment-loaded", { url: segmentUrl, bytes: bytesLength, from: downloadSource, peerId });
  });
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
    swarm: stats.swarm,
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
    segmentsLoaded: [...stats.segmentsLoaded],
    peers: stats.peers.size,
    speedBytesPerSecond: downloadSpeed(),
    startupMs: stats.startupMs,
    stalls: [...stats.stalls, ...(stallStart === null ? [] : [{ at: Math.round(stallStart - started), ms: Math.round(performance.now() - stallStart), ongoing: true }])],
    rejected: [...stats.rejected],
    errors: [...stats.errors],
    sources: pool ? pool.snapshot() : [],
    receipts: stats.receipts.length,
    ads: stats.ads.map((ad) => ({ ...ad, watched: stats.adsWatched.has(ad.id) })),
    adsFrom: stats.adsFrom,
    seeksHeld: [...stats.seeksHeld],
    deliveries: { sent: stats.deliveries.sent.size, counted: stats.deliveries.counted, reports: stats.deliveries.reports,
      refused: [...stats.deliveries.refused] },
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
        if (receipt) stats.receipts.push({ value: receipt, source, sha256: expectedSha256(url) });
      });
    },
    p2p: {
      core: coreConfig(info),
      onHlsJsCreated: (h) => {
        // the engine's core is not public API; without it segments keep p2p-media-loader's own names (no shared items)
        if (h.p2pEngine.core) nameBySha256(h.p2pEngine.core, expectedSha256);
        else note("swarm-names-unchanged", {});
        listen(h.p2pEngine);
      },
    },
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
  if (info.fork) setupAds(hls, info);
  hls.loadSource(info.playlist);
  hls.attachMedia(video);
  video.muted = params.get("muted") !== "0";
  if (params.get("autoplay") !== "0") video.play().catch((e) => note("autoplay-refused", { error: String(e) }));
  setInterval(render, 500);
}

// A fork's ads: labelled on screen and on the track under the video, not seeked past until watched, and their
// delivery reported with the agents' receipts of their segments.
function setupAds(hls, info) {
  const label = root.querySelector("[data-ad-label]");
  const track = root.querySelector("[data-ad-track]");
  let fragments = []; // {start, sha256} of the playing level
  let lastTime = 0;
  const useAds = (ads, from) => {
    if (!ads.length) return;
    stats.ads = ads;
    stats.adsFrom = from;
    drawTrack();
  };
  useAds(adsFromPlan(info.fork), "plan");
  hls.on(Hls.Events.LEVEL_LOADED, (_, data) => {
    useAds(adsFromDateRanges(data.details.dateRanges), "playlist");
    fragments = data.details.fragments.map((f) => ({ start: f.start, sha256: expectedSha256(f.url) }));
  });
  function drawTrack() {
    const duration = Number.isFinite(video.duration) && video.duration > 0 ? video.duration : null;
    if (!duration || !track) return;
    track.replaceChildren(...stats.ads.map((ad) => {
      const span = document.createElement("span");
      span.style.left = `${(ad.start / duration) * 100}%`;
      span.style.width = `${((ad.end - ad.start) / duration) * 100}%`;
      span.title = `Ad, ${Math.round(ad.start)} s to ${Math.round(ad.end)} s`;
      span.dataset.adSpan = ad.id;
      if (stats.adsWatched.has(ad.id)) span.className = "watched";
      return span;
    }));
    track.hidden = false;
  }
  video.addEventListener("durationchange", drawTrack);
  video.addEventListener("seeking", () => {
    const to = video.currentTime;
    const target = seekTarget(stats.ads, stats.adsWatched, lastTime, to);
    if (Math.abs(target - to) > 0.05) {
      stats.seeksHeld.push({ from: lastTime, to, landed: target });
      note("seek-held", { from: lastTime, to, landed: target });
      video.currentTime = target;
    }
  });
  video.addEventListener("seeked", () => { lastTime = video.currentTime; });
  video.addEventListener("timeupdate", () => {
    const t = video.currentTime;
    if (!video.seeking) {
      for (const id of finishedBetween(stats.ads, lastTime, t)) {
        stats.adsWatched.add(id);
        note("ad-watched", { id });
        drawTrack();
      }
      lastTime = t;
    }
    const ad = adAt(stats.ads, t);
    if (label) {
      label.hidden = !ad;
      label.dataset.ad = ad ? ad.id : "";
      if (ad) label.textContent = adLabel(ad, t);
    }
  });
  setInterval(() => reportDeliveries(fragments), 2000);
}

async function reportDeliveries(fragments) {
  const d = stats.deliveries;
  const receipts = stats.receipts.filter((r) => !r.source?.banned);
  const batch = receiptsToReport(stats.ads, fragments, receipts, d.sent, video.currentTime);
  if (!batch.length) return;
  batch.forEach((r) => d.sent.add(r)); // each receipt is sent once; only a failure to reach the gateway sends it again
  try {
    const response = await fetch(`/api/forks/${contentId}/deliveries`, {
      method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ session: stats.session, receipts: batch }),
    });
    const body = await response.json().catch(() => ({}));
    d.reports++;
    if (response.ok) {
      d.counted += body.counted ?? 0;
      note("deliveries-reported", { receipts: batch.length, counted: body.counted });
    } else if (response.status >= 500) {
      batch.forEach((r) => d.sent.delete(r));
      note("deliveries-failed", { status: response.status, detail: body.detail });
    } else {
      d.refused.push({ status: response.status, type: body.type, detail: body.detail });
      note("deliveries-refused", { status: response.status, detail: body.detail });
    }
  } catch (e) {
    batch.forEach((r) => d.sent.delete(r));
    note("deliveries-failed", { error: String(e?.message ?? e) });
  }
}

start();
