// The ad rules of a fork's player, without a browser: node --test (run by Maven in the test phase).
import { test } from "node:test";
import assert from "node:assert/strict";
import { adAt, adLabel, adsFromDateRanges, adsFromPlan, finishedBetween, receiptsToReport, seekTarget } from "../../main/web/ads.js";

// the sample with a 16 s ad at 0:24: the ad plays from 24 s to 40 s of the fork
const ads = [{ id: "ad-1", start: 24, end: 40 }];
const two = [{ id: "ad-1", start: 24, end: 40 }, { id: "ad-2", start: 64, end: 80 }];

test("hls.js's date ranges of class dev.shoal.ad are the ads, in play order; other classes are not", () => {
  const ranges = {
    "ad-2": { id: "ad-2", class: "dev.shoal.ad", startTime: 64, duration: 16 },
    chapter: { id: "chapter", class: "com.example.chapter", startTime: 0, duration: 10 },
    "ad-1": { id: "ad-1", class: "dev.shoal.ad", startTime: 24, duration: 16 },
  };
  assert.deepEqual(adsFromDateRanges(ranges), two);
  assert.deepEqual(adsFromDateRanges(undefined), []);
  assert.deepEqual(adsFromPlan({ ads: [{ id: "ad-1", startSeconds: 24, durationSeconds: 16 }] }), ads);
});

test("a seek into or past an unwatched ad lands at its start", () => {
  const none = new Set();
  assert.equal(seekTarget(ads, none, 5, 30), 24, "into the ad");
  assert.equal(seekTarget(ads, none, 5, 55), 24, "past the ad");
  assert.equal(seekTarget(two, none, 5, 70), 24, "past two ads: the first");
  assert.equal(seekTarget(ads, none, 5, 20), 20, "short of the ad: free");
  assert.equal(seekTarget(ads, none, 5, 24), 24, "to its very start");
});

test("inside an ad a seek forward stays where it was; a seek backward is free", () => {
  const none = new Set();
  assert.equal(seekTarget(ads, none, 30, 50), 30);
  assert.equal(seekTarget(ads, none, 30, 35), 30);
  assert.equal(seekTarget(ads, none, 50, 10), 10);
  assert.equal(seekTarget(ads, none, 30, 26), 26);
});

test("hls.js's nudges over a gap (under a second) are never held, at the ad's start or inside it", () => {
  const none = new Set();
  assert.equal(seekTarget(ads, none, 23.9, 24.2), 24.2);
  assert.equal(seekTarget(ads, none, 30, 30.3), 30.3);
  assert.equal(seekTarget(ads, none, 23.5, 25), 24, "more than a nudge");
});

test("once watched, seeking is free past that ad, not past the next", () => {
  const watched = new Set(["ad-1"]);
  assert.equal(seekTarget(ads, watched, 5, 55), 55);
  assert.equal(seekTarget(two, watched, 5, 70), 64);
  assert.equal(seekTarget(two, watched, 45, 90), 64);
  assert.equal(seekTarget(two, new Set(["ad-1", "ad-2"]), 0, 90), 90);
});

test("an ad is watched when natural playback reaches its end, not when a jump lands there", () => {
  assert.deepEqual(finishedBetween(ads, 39.5, 39.8), ["ad-1"]);
  assert.deepEqual(finishedBetween(ads, 39.6, 40.1), ["ad-1"]);
  assert.deepEqual(finishedBetween(ads, 30, 30.25), []);
  assert.deepEqual(finishedBetween(ads, 10, 45), [], "a jump over it");
  assert.deepEqual(finishedBetween(ads, 39.9, 12), [], "backward");
});

test("the label says Ad and the time left in it", () => {
  assert.equal(adAt(ads, 23.9), null);
  assert.equal(adAt(ads, 24).id, "ad-1");
  assert.equal(adLabel(ads[0], 28), "Ad · 0:12");
  assert.equal(adLabel(ads[0], 24), "Ad · 0:16");
  assert.equal(adLabel({ id: "x", start: 0, end: 75 }, 0), "Ad · 1:15");
});

test("receipts of an ad's segments are reported once the ad has started, each once", () => {
  const fragments = [{ start: 16, sha256: "o2" }, { start: 24, sha256: "a0" }, { start: 32, sha256: "a1" }, { start: 40, sha256: "o3" }];
  const receipts = [{ value: "r-o2", sha256: "o2" }, { value: "r-a0", sha256: "a0" }, { value: "r-a1", sha256: "a1" },
    { value: "r-a1", sha256: "a1" }, { value: "r-o3", sha256: "o3" }];
  assert.deepEqual(receiptsToReport(ads, fragments, receipts, new Set(), 20), [], "the ad has not started");
  assert.deepEqual(receiptsToReport(ads, fragments, receipts, new Set(), 24), ["r-a0", "r-a1"]);
  assert.deepEqual(receiptsToReport(ads, fragments, receipts, new Set(["r-a0"]), 41), ["r-a1"]);
  assert.deepEqual(receiptsToReport([], fragments, receipts, new Set(), 41), []);
});
