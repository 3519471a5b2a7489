// Seeding a live swarm (docs/live.md, "In the browser"). p2p-media-loader shares only what a viewer holds, and a viewer
// takes a segment over HTTP only once it is about to play it (the high-demand window), so a new segment reaches the
// swarm when the viewer in front needs it, and every viewer near the front takes it over HTTP too. Here, when a verified
// announcement names a new segment of the rendition a viewer plays, the viewer takes it over HTTP at once when it is its
// turn (the gateway gives each new announcement to one of the room's viewers connected to it: `event: seed`), or, as a
// fallback when `seeders` is above 1 (the page's default is 1: turns only), with a probability of `seeders - 1` in
// (its peers + 1), so that about `seeders` viewers of the swarm fetch
// each new segment the moment it exists, and offers it to its peers from then on (the store below announces it); the
// others take it from them while it is still seconds from playing.

/** p2p-media-loader's SegmentStorage for a live stream: the newest `keep` segments of each stream, in memory. */
export class LiveSegmentStore {
  constructor({ keep, renditionNow = () => null }) {
    this.keep = keep;
    this.renditionNow = renditionNow;
    this.items = new Map(); // `${streamId}|${segmentId}` -> { streamId, segmentId, data, startTime, endTime }
    this.streams = new Map(); // rendition -> { swarmId, streamId, streamType, segmentId, startTime, endTime }
    this.changed = null;
    this.loadedBefore = new Map(); // `${rendition}|${index}` -> { data, startTime, endTime }: what the page loaded before the core could store
    this.coming = new Set(); // `${streamId}|${segmentId}`: on its way over HTTP by the page itself (taking)
  }

  async initialize() {}

  onPlaybackUpdated() {}

  /** hls.js asked the engine for a segment: which stream the rendition it is loading is, and how far it asked. */
  onSegmentRequested(swarmId, streamId, segmentId, startTime, endTime, streamType) {
    const rendition = this.renditionNow();
    if (rendition !== null) this.streams.set(rendition, { swarmId, streamId, streamType, segmentId, startTime, endTime });
  }

  async storeSegment(swarmId, streamId, segmentId, data, startTime, endTime) {
    this.items.set(`${streamId}|${segmentId}`, { streamId, segmentId, data, startTime, endTime });
    const ids = this.getStoredSegmentIds(swarmId, streamId).sort((a, b) => a - b);
    for (const old of ids.slice(0, Math.max(0, ids.length - this.keep))) this.items.delete(`${streamId}|${old}`);
    this.changed?.(streamId);
  }

  async getSegmentData(swarmId, streamId, segmentId) {
    return this.items.get(`${streamId}|${segmentId}`)?.data;
  }

  getUsage() {
    let used = 0;
    for (const { data } of this.items.values()) used += data.byteLength;
    // live keeps a few segments per stream: never so full that p2p-media-loader stops loading ahead
    return { totalCapacity: Math.max(used * 4, 1), usedCapacity: used };
  }

  hasSegment(swarmId, streamId, segmentId) {
    const key = `${streamId}|${segmentId}`;
    return this.items.has(key) || this.coming.has(key) || this.adopt(streamId, segmentId);
  }

  /**
   * The page is taking segment `index` of `rendition` over HTTP itself (a seed, a fragment at its deadline): until the
   * returned function is called, the core finds it held, so its queue passes leave it out. Else, once in its
   * high-demand window, the core fetched it over HTTP a second time, or gave up a peer's transfer of it half done to do
   * so (in a 20-viewer run on a loaded machine, M5, 56 MiB received from peers were never played, a sixth of all
   * bytes: transfers given up for HTTP, each fetch competing with the ones that counted). A peer's transfer already on
   * its way goes on (the core keeps its request for hls.js) and races the page's; `getSegmentData` has nothing for it
   * yet and the peers are not offered it.
   */
  taking(rendition, index) {
    const s = this.streams.get(rendition);
    if (!s) return () => {};
    const key = `${s.streamId}|${index}`;
    this.coming.add(key);
    return () => this.coming.delete(key);
  }

  /**
   * Keeps a segment the page loaded itself while p2p-media-loader was disabled (before its first frame), until the core
   * asks for that index of its stream: the rendition hls.js is loading is that stream, and the core then finds it held
   * instead of loading it again, and offers it to peers.
   */
  loadedBeforeJoin(rendition, index, data, startTime, endTime) {
    this.loadedBefore.set(`${rendition}|${index}`, { data, startTime, endTime });
    if (this.loadedBefore.size > this.keep) this.loadedBefore.delete(this.loadedBefore.keys().next().value);
  }

  adopt(streamId, segmentId) {
    const key = `${this.renditionNow()}|${segmentId}`;
    const held = this.loadedBefore.get(key);
    if (!held) return false;
    this.loadedBefore.delete(key);
    this.items.set(`${streamId}|${segmentId}`, { streamId, segmentId, ...held });
    this.changed?.(streamId);
    return true;
  }

  getStoredSegmentIds(swarmId, streamId) {
    const ids = [];
    for (const item of this.items.values()) if (item.streamId === streamId) ids.push(item.segmentId);
    return ids;
  }

  setSegmentChangeCallback(callback) {
    this.changed = callback;
  }

  destroy() {
    this.items.clear();
  }

  /** The rendition's newest requested segment index, or null when hls.js has not asked for one of it yet. */
  requested(rendition) {
    return this.streams.get(rendition)?.segmentId ?? null;
  }

  /**
   * Stores a segment the page took over HTTP itself, as the rendition's stream holds it, and offers it to the peers: a
   * seed (hls.js has not asked for it yet) or the fragment hls.js asked for last, taken at its deadline. Stored at once,
   * before the promise resolves: p2p-media-loader's next queue pass must find it. False when the rendition's stream is
   * not known yet (nothing requested of it).
   */
  async seed(rendition, index, data, seconds) {
    const s = this.streams.get(rendition);
    if (!s) return false;
    const startTime = s.endTime + (index - s.segmentId - 1) * seconds;
    await this.storeSegment(s.swarmId, s.streamId, index, data, startTime, startTime + seconds);
    return true;
  }
}

/**
 * The verified announcement a seed turn names (the gateway's `event: seed`: `{room, rendition, index, sha256}`), or
 * null. The event is not signed: it can only pick which verified segment this viewer takes, never what it takes.
 * @param of (sha256) => the verified announcement of that segment, or undefined (AnnouncementBook.of)
 */
export function turnOf(data, of) {
  let turn;
  try {
    turn = JSON.parse(data);
  } catch {
    return null;
  }
  const a = typeof turn?.sha256 === "string" ? of(turn.sha256) : undefined;
  return a && a.rendition === turn.rendition && a.index === turn.index ? a : null;
}

/** Decides, for each verified announcement, whether this viewer seeds it, and does it. */
export class LiveSeeder {
  /**
   * @param store a LiveSegmentStore
   * @param fetchVerified (announcement) => Promise<ArrayBuffer|null>: its bytes over HTTP, hash-checked, or null
   * @param seeders how many viewers of a swarm should fetch each new segment: the one whose turn it is, and
   *        `seeders - 1` more by a draw; 0 seeds nothing, not even on a turn
   * @param listed (rendition, index) => Promise<boolean>: resolves once the player's playlist lists the segment (a peer
   *        asking for a segment its sender's playlist does not list yet gets no answer at all from p2p-media-loader,
   *        so it is offered only from then on), false when it never will
   * @param trace (announcement, step) => void: "seed" when it starts taking one, then "seeded" or "seed-failed"
   */
  constructor({ store, fetchVerified, seeders, listed = async () => true, random = Math.random, trace = () => {} }) {
    Object.assign(this, { store, fetchVerified, seeders, listed, random, trace });
    this.seeded = 0;
    this.seededBytes = 0;
    this.taking = new Map(); // sha256 -> Promise<boolean>: whether it was seeded
  }

  /**
   * While this viewer is taking segment `sha256` for the swarm: a promise of whether it was stored, else null. hls.js'
   * request for such a segment must wait for it: p2p-media-loader looks in the store only when hls.js asks, and leaves
   * out of its queue whatever the store holds, so a request made before the seed is stored is never answered (measured:
   * the viewer starved 8 to 12 s until something else moved it on).
   */
  whenTaken(sha256) {
    return this.taking.get(sha256) ?? null;
  }

  /**
   * Whether this viewer, playing `rendition` with `peers` connected, takes announcement `a` now: on its `turn` (the
   * gateway's seed event), else by the draw. A turn for a rendition it does not play is ignored.
   */
  decides(a, { rendition, peers, turn = false }) {
    if (this.seeders <= 0 || a.rendition !== rendition) return false;
    const requested = this.store.requested(rendition);
    if (requested === null || a.index <= requested || this.taking.has(a.sha256)) return false;
    return turn || this.random() < this.chance(peers);
  }

  /** The draw's chance, when it is not this viewer's turn: `seeders - 1` in (its peers + 1). */
  chance(peers) {
    return Math.min(1, Math.max(0, this.seeders - 1) / (peers + 1));
  }

  /** Takes `a` over HTTP and stores it for the peers when `decides` says so; resolves to whether it was seeded. */
  async consider(a, now) {
    if (!this.decides(a, now)) return false;
    const taking = this.take(a);
    this.taking.set(a.sha256, taking);
    try {
      return await taking;
    } finally {
      this.taking.delete(a.sha256);
    }
  }

  async take(a) {
    this.trace(a, "seed");
    let seeded = false;
    const arrived = this.store.taking(a.rendition, a.index);
    try {
      const [data, listed] = await Promise.all([this.fetchVerified(a), this.listed(a.rendition, a.index)]);
      if (data === null || !listed) return false;
      if (!(await this.store.seed(a.rendition, a.index, data, a.durationMicros / 1e6))) return false;
      this.seeded++;
      this.seededBytes += data.byteLength;
      seeded = true;
      return true;
    } catch {
      return false; // hls.js takes it as it would have: from a peer, or over HTTP once in high demand
    } finally {
      arrived();
      this.trace(a, seeded ? "seeded" : "seed-failed");
    }
  }
}
