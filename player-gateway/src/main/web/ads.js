// The ads of an ad fork, on the viewer's side: where they are (from the playlist's EXT-X-DATERANGE, class
// dev.shoal.ad, as hls.js parsed them), which have been watched, where a seek may land, and what the label says.
// Pure logic, tested with node --test (src/test/web/ads.test.mjs); player.js wires it to the video.

export const AD_CLASS = "dev.shoal.ad";

// Playback counts as having reached an ad's end this close to it (the last frame's time is not exact).
const END_SLACK = 0.3;
// Between two time updates of natural playback the clock moves by less than this; more is a jump.
const MAX_STEP = 2;
// hls.js nudges the playhead over small gaps (at a discontinuity, say): a jump this short is never held, or the
// player and hls.js would undo each other's seeks.
const NUDGE = 1;

/** The ads among hls.js's parsed date ranges (LevelDetails.dateRanges), in play order: {id, start, end}. */
export function adsFromDateRanges(dateRanges) {
  return Object.values(dateRanges ?? {})
    .filter((r) => r.class === AD_CLASS && Number.isFinite(r.startTime) && Number.isFinite(r.duration))
    .map((r) => ({ id: r.id, start: r.startTime, end: r.startTime + r.duration }))
    .sort((a, b) => a.start - b.start);
}

/** The ads as the gateway's /api/watch states them (the fork's plan), when the playlist gave none. */
export function adsFromPlan(fork) {
  return (fork?.ads ?? []).map((a) => ({ id: a.id, start: a.startSeconds, end: a.startSeconds + a.durationSeconds }));
}

/**
 * Where a seek from `from` to `to` lands. A seek forward into or past an ad not yet watched lands at that ad's start
 * (the first such ad), or stays where it was when it started inside that ad; a watched ad, any seek backward and a
 * jump of less than a second (hls.js's nudges over gaps) leave the seek alone. Returns the time to land at.
 */
export function seekTarget(ads, watched, from, to) {
  if (!(to > from + NUDGE)) return to;
  for (const ad of ads) {
    if (watched.has(ad.id)) continue;
    if (ad.end <= from + END_SLACK / 10 || ad.start >= to) continue; // entirely behind, or not reached by the seek
    return from >= ad.start ? from : ad.start;
  }
  return to;
}

/** The ads whose end natural playback has just reached (the clock moved from `prev` to `now` without a jump). */
export function finishedBetween(ads, prev, now) {
  if (!(now >= prev) || now - prev > MAX_STEP) return [];
  return ads.filter((ad) => prev >= ad.start - 0.01 && prev < ad.end && now >= ad.end - END_SLACK).map((ad) => ad.id);
}

/** The ad playing at `t`, if any. */
export function adAt(ads, t) {
  return ads.find((ad) => t >= ad.start && t < ad.end - 0.05) ?? null;
}

const clock = (s) => {
  const whole = Math.max(0, Math.ceil(s));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
};

/** What the screen says while an ad plays: "Ad · 0:12", the time left in it. */
export function adLabel(ad, t) {
  return `Ad · ${clock(ad.end - t)}`;
}

/**
 * The receipts not yet reported for the ads that have started playing: receipts are {value, sha256}, segments of an
 * ad are the hashes of the fragments inside it; `sent` holds receipt values already reported (each is sent once).
 */
export function receiptsToReport(ads, fragments, receipts, sent, t) {
  const started = ads.filter((ad) => t >= ad.start - 0.01);
  if (!started.length) return [];
  const adSegments = new Set(fragments
    .filter((f) => started.some((ad) => f.start >= ad.start - 0.01 && f.start < ad.end - 0.01))
    .map((f) => f.sha256));
  return [...new Set(receipts.filter((r) => adSegments.has(r.sha256) && !sent.has(r.value)).map((r) => r.value))];
}
