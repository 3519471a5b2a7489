// The browser's own check of live announcements, without a browser: node --test (run by Maven in the test phase).
// The announcements are contracts' (signed by the demo creator key in Java; src/test/resources/live-announcements.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { AnnouncementBook, signedText } from "../../main/web/announcements.js";

const { verifyMessage, Wallet } = createRequire(new URL("../../../../tools/node_modules/", import.meta.url))("ethers");
const sha256 = (bytes) => new Uint8Array(createHash("sha256").update(bytes).digest());
const [first, second] = JSON.parse(readFileSync(new URL("../resources/live-announcements.json", import.meta.url), "utf8"));
const creator = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

test("the canonical encoding re-derived in JavaScript is the one the creator signed in Java", () => {
  assert.equal(verifyMessage(signedText(first, sha256), first.signature), creator);
  assert.equal(verifyMessage(signedText(second, sha256), second.signature), creator);
});

test("a room's announcements are accepted in order, once each", () => {
  const book = new AnnouncementBook(creator, verifyMessage, sha256);
  assert.equal(book.accept(first), null);
  assert.equal(book.accept(second), null);
  assert.equal(book.accept(first), null, "already held: nothing new");
  assert.equal(book.of(second.sha256).index, 1);
});

test("a changed field, another signer, a broken link or an unknown replay is refused and not held", async () => {
  const book = new AnnouncementBook(creator, verifyMessage, sha256);
  assert.equal(book.accept({ ...first, size: first.size + 1 }), "not signed by the room's creator");
  const other = Wallet.createRandom();
  const byOther = { ...first, creator: other.address };
  byOther.signature = await other.signMessage(signedText(byOther, sha256));
  assert.equal(book.accept(byOther), "not signed by the room's creator");
  assert.equal(book.of(first.sha256), undefined);
  assert.equal(book.accept(first), null);

  const mislinked = { ...second, link: first.link };
  const creatorWallet = new Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  mislinked.signature = await creatorWallet.signMessage(signedText(mislinked, sha256));
  assert.equal(book.accept(mislinked), "chain link mismatch");
  assert.equal(book.of(second.sha256), undefined);
  assert.equal(book.accept(second), null);
});

test("a viewer joining late starts its chain at the first announcement it sees: the signature authenticates it", () => {
  const book = new AnnouncementBook(creator, verifyMessage, sha256);
  assert.equal(book.accept(second), null);
  assert.equal(book.edgeMillis(), second.startedAtMillis + second.durationMicros / 1000);
});

test("an fMP4 init segment is playable once a verified announcement names it, and not before", async () => {
  const creatorWallet = new Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  const init = "ab".repeat(32);
  const fmp4 = { ...first, container: "fmp4", init };
  fmp4.signature = await creatorWallet.signMessage(signedText(fmp4, sha256));
  const book = new AnnouncementBook(creator, verifyMessage, sha256);
  assert.equal(book.names(init), false);
  assert.equal(book.accept({ ...fmp4, init: "cd".repeat(32) }), "not signed by the room's creator");
  assert.equal(book.names("cd".repeat(32)), false, "an init named by a forged announcement is not playable");
  assert.equal(book.accept(fmp4), null);
  assert.equal(book.names(init), true);
  assert.equal(book.names(fmp4.sha256), true);
  assert.equal(book.of(init), undefined, "an init is no segment of the chain");
});
