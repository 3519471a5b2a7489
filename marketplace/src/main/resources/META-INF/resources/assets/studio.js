// A dashboard page's upload (the creator's videos, the advertiser's ads): a video sent in chunks that resume after an
// interruption (as tus does it: the marketplace keeps the bytes, HEAD says how many, each PATCH says where it starts),
// the transcoding followed per rendition, the manifest signed by the person's own wallet (personal_sign; no key leaves
// the wallet); on the creator's page then a quote, an order, and the replicas coming up (funding is fund.js's). The
// page's #studio says where its uploads go (data-base) and, for an ad, the original it is cut like (data-original);
// once published it fires "shoal:published" with the upload's view.
import { textHex } from "./wallet.js";

const $ = (id) => document.getElementById(id);
const BASE = $("studio")?.dataset.base || "/dashboard/creator";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(path, init = {}) {
  const res = await fetch(BASE + path, { credentials: "same-origin", headers: { Accept: "application/json", ...(init.headers || {}) }, ...init });
  const body = res.status === 204 || init.method === "HEAD" ? {} : await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new Error(body.detail || body.title || `HTTP ${res.status}`);
    error.status = res.status;
    error.type = body.type || "";
    throw error;
  }
  return { res, body };
}

/** An element with attributes and children (text is set as text, never parsed: agents choose their regions). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

function status(text, state = "", failed = false) {
  const el = $("upload-status");
  el.textContent = text;
  el.dataset.state = state;
  el.classList.toggle("bad", failed);
}

function fail(e) {
  const el = $("upload-status");
  status(e.message || String(e), "FAILED", true);
  el.dataset.problem = (e.type || "").replace(/.*\//, "");
  $("upload").disabled = false;
}

// an ad cut like another original is another upload of the same file
const key = (file) => `shoal-upload:${file.name}:${file.size}:${file.lastModified}${$("studio").dataset.original ? ":" + $("studio").dataset.original : ""}`;

/** The upload this file already has on the server (then the offset it holds), or a new one. */
async function start(file, title) {
  const known = localStorage.getItem(key(file));
  if (known) {
    try {
      const { res } = await call(`/uploads/${known}`, { method: "HEAD" });
      const offset = Number(res.headers.get("Upload-Offset"));
      const { body } = await call(`/uploads/${known}`);
      if (body.state !== "FAILED") {
        return { id: known, offset, resumed: offset > 0, view: body };
      }
    } catch (e) {
      // gone or not this creator's: start again
    }
    localStorage.removeItem(key(file));
  }
  const original = $("studio").dataset.original;
  const { body } = await call("/uploads", json("POST", { name: file.name, size: file.size, title, ...(original ? { original } : {}) }));
  localStorage.setItem(key(file), body.id);
  return { id: body.id, offset: 0, resumed: false, view: body };
}

async function upload() {
  const file = $("video").files[0];
  if (!file) {
    status("Choose a video file first.", "", true);
    return;
  }
  $("upload").disabled = true;
  const section = $("studio");
  const chunk = Number(section.dataset.chunk);
  const bar = $("upload-progress");
  bar.hidden = false;
  try {
    let { id, offset, resumed, view } = await start(file, $("title").value);
    section.dataset.upload = id;
    if (resumed) {
      section.dataset.resumedAt = String(offset);
      status(`Resuming at ${offset.toLocaleString()} of ${file.size.toLocaleString()} bytes`, "RECEIVING");
    }
    while (view.state === "RECEIVING" && offset < file.size) {
      const { res, body } = await call(`/uploads/${id}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/octet-stream", "Upload-Offset": String(offset) },
        body: file.slice(offset, Math.min(offset + chunk, file.size)),
      });
      offset = Number(res.headers.get("Upload-Offset"));
      view = body;
      bar.value = offset / file.size;
      section.dataset.offset = String(offset);
      if (view.state === "RECEIVING") {
        status(`Uploaded ${Math.floor((100 * offset) / file.size)}% (${offset.toLocaleString()} of ${file.size.toLocaleString()} bytes)`, "RECEIVING");
      }
    }
    localStorage.removeItem(key(file));
    await follow(id);
  } catch (e) {
    fail(e);
  }
}

function renditions(view) {
  $("renditions").replaceChildren(...view.renditions.map((r) => {
    const li = document.createElement("li");
    li.className = "rendition";
    li.dataset.rendition = r.name;
    const done = r.of > 0 ? Math.min(1, r.done / r.of) : 0;
    li.dataset.done = String(done >= 1);
    const progress = document.createElement("progress");
    progress.max = 1;
    progress.value = done;
    li.append(`${r.name} (${r.width}×${r.height}) `, progress, ` ${Math.floor(done * 100)}%`);
    return li;
  }));
}

/** Transcoding's progress until the manifest waits for the wallet. */
async function follow(id) {
  for (;;) {
    const { body: view } = await call(`/uploads/${id}`);
    renditions(view);
    if (view.state === "TRANSCODING") {
      status("Transcoding…", view.state);
      await sleep(1000);
      continue;
    }
    if (view.state === "FAILED") {
      const e = new Error(view.error);
      e.type = view.errorType;
      throw e;
    }
    status(`${view.renditions.length} renditions ready: sign the manifest with your wallet to publish.`, view.state);
    $("sign").hidden = false;
    $("sign-button").onclick = () => sign(id).catch(fail);
    return;
  }
}

async function sign(id) {
  const wallet = window.ethereum;
  if (!wallet) {
    throw new Error("No wallet in this browser: install one (MetaMask, for example) to sign as the creator.");
  }
  $("sign-button").disabled = true;
  const [account] = await wallet.request({ method: "eth_requestAccounts" });
  const { body: unsigned } = await call(`/uploads/${id}/manifest`, json("POST", { creator: account }));
  status("Your wallet asks you to sign the manifest…", "SIGNING");
  const signature = await wallet.request({ method: "personal_sign", params: [textHex(unsigned.textToSign), account] });
  const { body: view } = await call(`/uploads/${id}/signature`, json("POST", { signature }));
  $("sign").hidden = true;
  status(`Published as content ${view.contentId.slice(0, 12)}…, signed by ${view.creator}`, view.state);
  $("studio").dataset.content = view.contentId;
  $("published").hidden = false;
  if ($("watch-link")) {
    $("watch-link").href = view.watchUrl;
    $("watch-link").textContent = view.watchUrl;
    $("embed").value = view.embed;
  }
  $("studio").dispatchEvent(new CustomEvent("shoal:published", { detail: view }));
}

async function quote() {
  const contentId = $("studio").dataset.content;
  const request = { contentId, replicas: Number($("replicas").value), months: Number($("months").value) };
  try {
    const { body: q } = await call("/orders/quote", json("POST", request));
    const view = $("quote-view");
    view.dataset.total = q.total;
    view.className = "";
    const fact = (label, value, id) => el("tr", {}, el("th", {}, label), el("td", { class: "num", ...(id ? { id } : {}) }, value));
    const facts = el("table", { class: "facts quote" },
      fact(`total for ${q.months} months, ${q.replicas} replicas, gas included`, `${q.total} sUSD`, "quote-total"),
      fact("storage", `${q.storage} sUSD`),
      fact(`gas (${q.gas.units.toLocaleString()} units at ${q.gas.gasPriceGwei} gwei)`, `${q.gas.cost} sUSD`),
      fact(`one copy on S3 Standard (${q.s3.pricePerGbMonth} sUSD per GB-month)`, `${q.s3.total} sUSD`),
      fact("ratio to one S3 copy", String(q.ratioToS3)));
    const heads = ["replica region", "ask, sUSD per GB-month", "term, sUSD"];
    const replicas = el("table", { class: "records" },
      el("thead", {}, el("tr", {}, ...heads.map((h, i) => el("th", i ? { class: "num" } : {}, h)))),
      el("tbody", {}, ...q.perReplica.map((r) => el("tr", {},
        el("td", { "data-label": heads[0] }, r.region ?? ""),
        el("td", { "data-label": heads[1], class: "num" }, r.askPerGbMonth),
        el("td", { "data-label": heads[2], class: "num" }, r.total)))));
    view.replaceChildren(facts, replicas);
    const order = $("order");
    order.hidden = false;
    order.textContent = `Order ${q.replicas} replicas for ${q.months} months`;
    order.onclick = () => place(request, q).catch((e) => { $("order-status").textContent = e.message; $("order-status").className = "bad"; });
  } catch (e) {
    $("quote-view").textContent = e.message;
    $("quote-view").className = "bad";
  }
}

async function place(request, q) {
  $("order").disabled = true;
  const { body: order } = await call("/orders", json("POST", { ...request, maxPricePerGbMonth: q.maxPricePerGbMonth || q.perReplica.map((r) => r.askPerGbMonth).sort((a, b) => Number(b) - Number(a))[0] }));
  $("order-status").textContent = `Ordered: ${order.id}. Fund it below.`;
  location.hash = `order-${order.id}`;
  location.reload();
}

/**
 * Each order not fully up: its count of ACTIVE replicas refreshed in place (never a reload while the wallet may be
 * funding); the page reloads once, when every replica is placed and the funding control still waits for them.
 */
/** The states' colours, as the page's legend draws them. */
const colours = new Map(Array.from(document.querySelectorAll(".legend span"), (s) => [s.textContent.trim(), s.querySelector("i")?.style.background]));

async function watchReplicas(section) {
  const state = section.querySelector(".replica-state");
  if (!state) return;
  const funding = section.querySelector("[data-funding-order]");
  while (Number(state.dataset.active) < Number(state.dataset.replicas)) {
    await sleep(2000);
    try {
      const { body: o } = await call(`/orders/${section.dataset.order}`);
      state.dataset.active = String(o.activeReplicas);
      state.dataset.live = String(o.liveReplicas);
      state.querySelector(".replicas-active").textContent = String(o.activeReplicas);
      const byAgent = new Map(o.deals.map((d) => [d.agent.toLowerCase(), d.state]));
      for (const row of section.querySelectorAll("tr.replica")) {
        const agent = row.querySelector("td[data-label=agent] code")?.title?.toLowerCase();
        const cell = row.querySelector("td[data-label=state]");
        if (agent && cell && byAgent.has(agent) && cell.dataset.state !== "WARNED") {
          cell.textContent = byAgent.get(agent);
          cell.dataset.state = byAgent.get(agent);
          cell.style.color = colours.get(byAgent.get(agent).toLowerCase()) ?? cell.style.color;
        }
      }
      const waiting = funding && funding.querySelector(".funding-status[data-status='AWAITING_REPLICAS']");
      if (waiting && o.liveReplicas >= o.replicas) {
        location.reload();
        return;
      }
    } catch (e) {
      return;
    }
  }
}

$("upload").addEventListener("click", upload);
$("quote")?.addEventListener("click", quote);
document.querySelectorAll("section.order[data-order]").forEach(watchReplicas);
