// The advertiser page's way to a fork request: pick the original from the catalog and a cue point among its segment
// boundaries, upload the ad through the studio's pipeline (studio.js, cut like the original), preview the spliced fork
// in hls.js with the ad labelled, then have the wallet sign the fork's manifest (personal_sign, as the ad's) and request
// the creator's consent. The marketplace builds the fork with Fork.splice; no key is held here.
import Hls from "./vendor/hls.light.min.mjs";
import { textHex } from "./wallet.js";

const $ = (id) => document.getElementById(id);
const form = $("make-fork");
const DRAFTS = "/dashboard/advertiser/drafts";

/** µs as people read a time: m:ss. */
const clock = (micros) => {
  const s = Math.floor(micros / 1e6);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

async function call(path, init = {}) {
  const res = await fetch(path, { credentials: "same-origin", ...init, headers: { Accept: "application/json", "Content-Type": "application/json", ...(init.headers || {}) } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new Error(body.detail || body.title || `HTTP ${res.status}`);
    error.type = (body.type || "").replace(/.*\//, "");
    throw error;
  }
  return body;
}

function say(id, text, failed = false, problem = "") {
  const el = $(id);
  el.textContent = ` ${text}`;
  el.classList.toggle("bad", failed);
  el.dataset.problem = problem;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

async function search() {
  const q = $("original-q").value.trim();
  const page = await call(`${DRAFTS}/originals?size=12${q ? `&q=${encodeURIComponent(q)}` : ""}`);
  $("originals").replaceChildren(...page.items.map((c) => el("li", { class: "original", "data-content": c.contentId },
    el("img", { src: c.poster || `/api/catalog/${c.contentId}/poster`, alt: "", width: "96", height: "54", loading: "lazy" }),
    el("span", {}, el("strong", {}, c.title), ` by ${c.creatorName} · ${clock(c.durationSeconds * 1e6)} `),
    el("button", { type: "button", class: "pick-original", "data-content": c.contentId }, "Choose"))));
  if (!page.items.length) $("originals").replaceChildren(el("li", {}, "Nothing found."));
}

async function choose(contentId) {
  const o = await call(`${DRAFTS}/originals/${contentId}`);
  form.dataset.original = o.contentId;
  $("studio").dataset.original = o.contentId;
  $("original-title").textContent = o.title;
  $("original-length").textContent = `by ${o.creatorName}, ${clock(o.durationMicros)}, renditions ${o.renditions.join(", ")}`;
  const last = o.cuesMicros.length - 1;
  $("cue").replaceChildren(...o.cuesMicros.map((c, i) => el("option", { value: String(c) },
    clock(c) + (i === 0 ? " (before the video)" : i === last ? " (after the video)" : ""))));
  $("cue").selectedIndex = Math.min(1, last);
  $("cue-step").hidden = false;
  $("studio").hidden = false;
  $("ad-needs-original").hidden = true;
  for (const li of $("originals").children) li.classList.toggle("chosen", li.dataset.content === contentId);
}

const proposal = () => ({ original: form.dataset.original, ad: form.dataset.ad, cuesMicros: [Number($("cue").value)], title: $("fork-title").value.trim() || null });

let hls;
async function preview() {
  say("preview-status", "Building the fork…");
  const draft = await call(DRAFTS, { method: "POST", body: JSON.stringify(proposal()) });
  const video = $("preview-video");
  video.dataset.reachedAd = "false";
  video.dataset.ads = JSON.stringify(draft.ads);
  $("preview-ads").textContent = draft.ads.map((a) => `ad ${a.number}: ${clock(a.startSeconds * 1e6)} to ${clock((a.startSeconds + a.durationSeconds) * 1e6)}`).join(", ");
  video.parentElement.hidden = false;
  if (hls) hls.destroy();
  hls = new Hls();
  hls.on(Hls.Events.ERROR, (event, data) => {
    if (data.fatal) say("preview-status", `The preview cannot play: ${data.details}`, true, "playback");
  });
  hls.loadSource(draft.preview);
  hls.attachMedia(video);
  video.ontimeupdate = () => {
    const t = video.currentTime;
    const ad = draft.ads.find((a) => t >= a.startSeconds && t < a.startSeconds + a.durationSeconds);
    $("ad-label").hidden = !ad;
    if (ad) {
      $("ad-label").textContent = `Ad · ${clock((ad.startSeconds + ad.durationSeconds - t) * 1e6)}`;
      if (!video.paused && t >= ad.startSeconds + 0.5) video.dataset.reachedAd = "true";
    }
  };
  $("preview-jump").hidden = !draft.ads.length;
  $("preview-jump").onclick = () => {
    video.currentTime = Math.max(0, draft.ads[0].startSeconds - 2);
    video.play().catch(() => {});
  };
  say("preview-status", `Fork ${draft.forkId.slice(0, 12)}…: the ad plays where the yellow label shows.`);
  form.dataset.preview = draft.forkId;
  video.play().catch(() => {});
}

async function request() {
  const wallet = window.ethereum;
  if (!wallet) throw new Error("No wallet in this browser: install one (MetaMask, for example) to sign as the advertiser.");
  $("request").disabled = true;
  const draft = await call(DRAFTS, { method: "POST", body: JSON.stringify(proposal()) });
  const [account] = await wallet.request({ method: "eth_requestAccounts" });
  if (account.toLowerCase() !== draft.advertiser.toLowerCase()) {
    throw new Error(`Sign with the account that signed the ad (${draft.advertiser}), not ${account}.`);
  }
  say("request-status", "Your wallet asks you to sign the fork…");
  const signature = await wallet.request({ method: "personal_sign", params: [textHex(draft.textToSign), account] });
  const requested = await call(`${DRAFTS}/request`, { method: "POST", body: JSON.stringify({
    ...proposal(), amountSusd: $("amount").value.trim(), replicas: Number($("fork-replicas").value),
    termSeconds: Number($("term-days").value) * 86400, offerFirst: $("offer-first").checked, signature }) });
  say("request-status", `Requested: fork ${requested.forkId.slice(0, 12)}… is ${requested.state}; the creator answers on their dashboard.`);
  form.dataset.requested = requested.forkId;
  location.reload();
}

const failed = (id, button) => (e) => {
  say(id, e.message, true, e.type || "");
  if (button) $(button).disabled = false;
};

$("original-search").addEventListener("click", () => search().catch(failed("cue-step")));
$("original-q").addEventListener("keydown", (e) => { if (e.key === "Enter") search().catch(() => {}); });
$("originals").addEventListener("click", (e) => {
  const button = e.target.closest("button.pick-original");
  if (button) choose(button.dataset.content).catch((err) => { $("originals").append(el("li", { class: "bad" }, err.message)); });
});
$("studio").addEventListener("shoal:published", (e) => {
  form.dataset.ad = e.detail.contentId;
  $("ad-id").textContent = e.detail.contentId;
  $("fork-step").hidden = false;
});
$("preview").addEventListener("click", () => preview().catch(failed("preview-status")));
$("request").addEventListener("click", () => request().catch(failed("request-status", "request")));
search().catch(() => {});
