// A live room's announcements as the browser checks them itself (docs/live.md, "In the browser"): the canonical
// encoding of contracts' Announcement v2 re-derived here, the creator's EIP-191 signature over its digest, and the
// chain link to the previous announcement of the rendition whenever the page holds it. Free of imports (the page
// gives it SHA-256 and signature recovery), so node --test runs it.

const utf8 = new TextEncoder();

function hexBytes(hex) {
  if (!/^[0-9a-f]{64}$/.test(hex ?? "")) throw new Error(`not a SHA-256: ${hex}`);
  return Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
}

export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

class Writer {
  constructor() { this.parts = []; }
  u8(v) { this.parts.push(Uint8Array.of(v)); return this; }
  u32(v) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v); this.parts.push(b); return this; }
  u64(v) { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(v)); this.parts.push(b); return this; }
  str(s) { const b = utf8.encode(s); this.u32(b.length); this.parts.push(b); return this; }
  raw(b) { this.parts.push(b); return this; }
  bytes() {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) { out.set(p, at); at += p.length; }
    return out;
  }
}

/** The text the creator signed for announcement JSON `a` (version 2); `sha256(bytes)` returns the digest's bytes. */
export function signedText(a, sha256) {
  if (a.version !== 2) throw new Error(`announcement version ${a.version} is not read here`);
  const encoding = new Writer().str("shoal-announcement/2").str(a.room).str(a.rendition)
    .u8(a.container === "fmp4" ? 1 : 0).u64(a.index).u64(a.durationMicros).u64(a.size)
    .raw(hexBytes(a.sha256)).raw(hexBytes(a.link)).raw(a.init ? hexBytes(a.init) : new Uint8Array(32))
    .u64(a.startedAtMillis).u8(a.discontinuity ? 1 : 0).str(a.codecs).u32(a.width).u32(a.height).u64(a.bandwidth)
    .bytes();
  return `Shoal announcement v2\n${toHex(sha256(encoding))}`;
}

/** link(i) = SHA-256(link(i-1) || sha256(segment i)) */
export function nextLink(previousLinkHex, segmentShaHex, sha256) {
  const both = new Uint8Array(64);
  both.set(hexBytes(previousLinkHex), 0);
  both.set(hexBytes(segmentShaHex), 32);
  return toHex(sha256(both));
}

/**
 * Keeps a room's verified announcements. `recover(text, signature)` returns the signer's address (ethers'
 * verifyMessage in the page), `sha256(bytes)` the digest's bytes. `accept(a)` returns null when `a` is verified
 * (or already held), else why not.
 */
export class AnnouncementBook {
  constructor(creator, recover, sha256) {
    this.creator = creator.toLowerCase();
    this.recover = recover;
    this.sha256 = sha256;
    this.bySha = new Map();
    this.inits = new Set(); // fMP4 init segments (#EXT-X-MAP) that verified announcements name
    this.tips = new Map(); // rendition -> { index, link }
    this.refused = [];
  }

  accept(a) {
    const why = this.check(a);
    if (why) {
      this.refused.push({ rendition: a?.rendition, index: a?.index, why });
      return why;
    }
    return null;
  }

  check(a) {
    let signer;
    try {
      signer = this.recover(signedText(a, this.sha256), a.signature).toLowerCase();
    } catch (e) {
      return `unreadable: ${e.message}`;
    }
    if (signer !== this.creator || a.creator.toLowerCase() !== this.creator) return "not signed by the room's creator";
    const tip = this.tips.get(a.rendition);
    if (tip && a.index <= tip.index) return this.bySha.has(a.sha256) ? null : "replayed";
    if (tip && a.index === tip.index + 1 && nextLink(tip.link, a.sha256, this.sha256) !== a.link) return "chain link mismatch";
    if (!tip && a.index === 0 && nextLink("0".repeat(64), a.sha256, this.sha256) !== a.link) return "chain link mismatch";
    this.tips.set(a.rendition, { index: a.index, link: a.link });
    this.bySha.set(a.sha256, a);
    if (a.init) this.inits.add(a.init);
    return null;
  }

  /** The verified announcement of a segment, or undefined. */
  of(sha) {
    return this.bySha.get(sha);
  }

  /** True when a verified announcement names these bytes: a segment, or the fMP4 init segment it plays after. */
  names(sha) {
    return this.bySha.has(sha) || this.inits.has(sha);
  }

  /** Where the newest announcement of any rendition ends, in epoch milliseconds. */
  edgeMillis() {
    let edge = 0;
    for (const a of this.bySha.values()) edge = Math.max(edge, a.startedAtMillis + a.durationMicros / 1000);
    return edge;
  }
}
