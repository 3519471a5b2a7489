// The live player's bounded waits, without a browser: node --test (run by Maven in the test phase).
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { Signal, StartHold, Waits } from "../../main/web/live-waits.js";

test("a signal gives its value when it comes within the bound, and the fallback when it does not", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const came = new Signal();
    const early = came.within(1000, "late");
    came.resolve("room");
    assert.equal(await early, "room");
    assert.equal(await came.within(1000, "late"), "room", "once happened, it stays happened");

    const never = new Signal();
    const waiting = never.within(1000, "late");
    mock.timers.tick(999);
    let settled = false;
    waiting.then(() => { settled = true; });
    await Promise.resolve();
    assert.equal(settled, false, "not before the bound");
    mock.timers.tick(1);
    assert.equal(await waiting, "late");
  } finally {
    mock.timers.reset();
  }
});

test("a wait resolves at once when its condition already holds, and never registers", async () => {
  const waits = new Waits();
  assert.equal(await waits.until(() => "announced", 1000), "announced");
  assert.equal(waits.size, 0);
});

test("a wait resolves on the wake after its condition became true, with the check's value", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const waits = new Waits();
    let tip = 3;
    let looked = 0;
    const reload = waits.until(() => { looked++; return tip > 4 ? "announced" : null; }, 8000, "timeout");
    waits.wake();
    assert.equal(waits.size, 1, "still waiting: nothing newer");
    tip = 5;
    waits.wake();
    assert.equal(await reload, "announced");
    assert.equal(waits.size, 0, "a settled wait is forgotten");
    const before = looked;
    waits.wake();
    assert.equal(looked, before, "wakes no longer look at it");
  } finally {
    mock.timers.reset();
  }
});

test("a wait gives the fallback after its bound, and is forgotten", async () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const waits = new Waits();
    const named = waits.until(() => false, 2000);
    const held = waits.until(() => null, 8000, "timeout");
    mock.timers.tick(2000);
    assert.equal(await named, false);
    assert.equal(waits.size, 1);
    mock.timers.tick(6000);
    assert.equal(await held, "timeout");
    assert.equal(waits.size, 0);
  } finally {
    mock.timers.reset();
  }
});

test("one wake settles every wait whose condition holds, and leaves the others", async () => {
  const waits = new Waits();
  const listed = new Map();
  const at = (rendition, index) => waits.until(() => (listed.get(rendition) ?? -1) >= index, 60_000);
  const hi7 = at("hi", 7);
  const hi8 = at("hi", 8);
  const lo7 = at("lo", 7);
  listed.set("hi", 7);
  waits.wake();
  assert.equal(await hi7, true);
  assert.equal(waits.size, 2, "hi #8 and lo #7 still wait");
  listed.set("hi", 9);
  listed.set("lo", 7);
  waits.wake();
  assert.deepEqual(await Promise.all([hi8, lo7]), [true, true]);
});

test("at the start, a fragment after the first one asked waits for the first frame, the first and any before it do not", () => {
  const hold = new StartHold();
  assert.equal(hold.holds(41), false, "the first asked");
  assert.equal(hold.holds(41), false, "the first asked again (a retry)");
  assert.equal(hold.holds(42), true, "the next one: the first frame needs the first only");
  assert.equal(hold.holds(40), false, "one before the first: the start lies before it, the first frame needs this one");
  assert.equal(hold.holds(43), true);
  assert.equal(hold.holds(43, 2.5), true, "begins 2.5 s after the start: the first frame does not need it");
  assert.equal(hold.holds(43, 0.4), false, "begins 0.4 s after the start: the first frame needs it, it goes at once");
  assert.equal(hold.holds(43, 1.6), false, "1.6 s: at 2 frames a second the decoder wants that much past the start");
});

test("a held fragment goes before the first frame once the start is placed and the first frame needs it", () => {
  const hold = new StartHold();
  assert.equal(hold.releases(false, 0, 5000), false, "the start not placed yet: the playhead says nothing");
  assert.equal(hold.releases(undefined, 0, 0), false, "no player yet");
  assert.equal(hold.releases(true, 6.5, 0), false, "the start well inside the first fragment: the first frame needs it only");
  assert.equal(hold.releases(true, 6.5, StartHold.GRACE_MS - 1), false, "placed just now: the first frame is on its way");
  assert.equal(hold.releases(true, StartHold.AHEAD, 0), false);
  assert.equal(hold.releases(true, 0.4, 0), true, "the start near the first fragment's end");
  assert.equal(hold.releases(true, 0, 0), true, "the start past what is buffered");
  assert.equal(hold.releases(true, 4.5, StartHold.GRACE_MS), true, "placed, no first frame since: the decoder wants more");
});
