// The manifest's canonical encoding (docs/content-model.md), written independently of the Java code,
// so the browser derives the content id itself from the JSON form instead of trusting it.
export function encodeManifest(m, hexToBytes) {
  const out = [];
  const u8 = (v) => out.push(v & 0xff);
  const u32 = (v) => { for (let s = 24; s >= 0; s -= 8) u8(Math.floor(v / 2 ** s)); };
  const u64 = (v) => { const b = BigInt(v); for (let s = 56n; s >= 0n; s -= 8n) u8(Number((b >> s) & 0xffn)); };
  const raw = (bytes) => { for (const b of bytes) out.push(b); };
  const str = (s) => { const b = new TextEncoder().encode(s); u32(b.length); raw(b); };
  const digest = (hex) => { const b = hexToBytes('0x' + hex); if (b.length !== 32) throw new Error('digest'); raw(b); };
  raw([0x53, 0x48, 0x4f, 0x41, 0x4c, 0x4d, 0x46, 1]);            // "SHOALMF" v1
  str(m.title);
  raw(hexToBytes(m.creator.toLowerCase()));
  u32(m.chunkSize);
  u32(m.renditions.length);
  for (const r of m.renditions) {
    str(r.name);
    u8({ ts: 0, fmp4: 1 }[r.container]);
    str(r.codecs);
    u64(r.bandwidth); u32(r.width); u32(r.height); u32(r.frameRateMilli);
    u8(r.init ? 1 : 0);
    if (r.init) { u64(r.init.size); digest(r.init.sha256); digest(r.init.chunkRoot); }
    u32(r.segments.length);
    for (const s of r.segments) {
      u64(s.durationMicros); u64(s.size); digest(s.sha256); digest(s.link); digest(s.chunkRoot);
      u8(s.discontinuity ? 1 : 0);
    }
  }
  digest(m.retentionRoot);
  u64(m.chunkCount);
  return new Uint8Array(out);
}
