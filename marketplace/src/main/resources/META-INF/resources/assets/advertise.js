// The advertiser page's way to a sponsorship, from the browser's wallet (any EIP-1193 provider): "Order storage & fund"
// places the fork's storage order (the marketplace places its replicas; fund.js then funds its escrow from the wallet),
// and "Fund sponsorship" has the wallet send the token's approve(sponsorship, amount) and the contract's
// sponsor(consent, signature, storageOrder), both encoded by the marketplace; the page waits for each receipt, then for
// the marketplace to read the Sponsored event, and shows the fork FUNDED. The order's term starts at the consent's and its
// maximum at the marketplace's quote (asked again when the term changes). "Cancel sponsorship" has the wallet send the
// contract's cancel(fork) and shows the fork CANCELLED once the marketplace has read the Cancelled event. No key is held here.
import { mined, send as sendWithMargin } from "./wallet.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function note(step, text, failed = false) {
  const el = step.querySelector(".step-note");
  el.textContent = ` ${text}`;
  el.classList.toggle("error", failed);
}

async function order(step, button) {
  const res = await fetch(`/dashboard/advertiser/forks/${encodeURIComponent(step.dataset.forkStep)}/order`, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify({
      replicas: Number(button.dataset.replicas),
      months: Number(step.querySelector(".order-months").value),
      maxPricePerGbMonth: step.querySelector(".order-price").value.trim(),
    }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.detail || body.title || `HTTP ${res.status}`);
  location.reload();
}

/** The marketplace's quote for this term: the page proposes its highest ask as the maximum. */
async function requote(step, button) {
  const months = Number(step.querySelector(".order-months").value);
  const shown = step.querySelector(".order-quote");
  if (!Number.isInteger(months) || months < 1) return;
  const res = await fetch(`/dashboard/advertiser/forks/${encodeURIComponent(step.dataset.forkStep)}/quote`, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify({ replicas: Number(button.dataset.replicas), months }),
  });
  const q = await res.json().catch(() => ({}));
  if (!res.ok || !q.maxPricePerGbMonth) {
    shown.textContent = q.detail || "no agent online to quote now: give a maximum";
    delete shown.dataset.quoteTotal;
    return;
  }
  step.querySelector(".order-price").value = q.maxPricePerGbMonth;
  shown.textContent = `quote: ${q.total} sUSD for ${q.months} month(s), ${q.replicas} replicas, gas included`;
  shown.dataset.quoteTotal = q.total;
}

/** Waits until the marketplace has read the fork's funding event (its state is no longer {@code from}), then shows the page again. */
async function untilFunding(forkId, from) {
  for (;;) {
    const res = await fetch("/dashboard/advertiser", { credentials: "same-origin", headers: { Accept: "text/html" } });
    const page = new DOMParser().parseFromString(await res.text(), "text/html");
    const row = page.querySelector(`tr.fork[data-fork="${forkId}"]`);
    if (row && row.dataset.funding !== from) {
      location.reload();
      return;
    }
    await sleep(2000);
  }
}

/** The wallet's account, if it is the advertiser's (the address that signed the fork). */
async function advertiserAccount(button, what) {
  const wallet = window.ethereum;
  if (!wallet) throw new Error(`No wallet in this browser: install one (MetaMask, for instance) to ${what}.`);
  const [account] = await wallet.request({ method: "eth_requestAccounts" });
  if (!account || account.toLowerCase() !== button.dataset.advertiser.toLowerCase()) {
    throw new Error(`connect the address that signed the fork (${button.dataset.advertiser}); the wallet offers ${account}`);
  }
  return { wallet, account };
}

async function send(step, wallet, account, call) {
  note(step, `${call.purpose}: confirm in your wallet…`);
  const hash = await sendWithMargin(wallet, { from: account, to: call.to, data: call.data, value: "0x0" });
  note(step, `${call.purpose}: waiting for ${hash.slice(0, 10)}… to be mined`);
  await mined(wallet, hash);
}

async function cancel(step, button) {
  const { wallet, account } = await advertiserAccount(button, "cancel the sponsorship");
  await send(step, wallet, account, { purpose: "cancel", to: button.dataset.to, data: button.dataset.cancel });
  note(step, "cancelled: waiting for the marketplace to read it…");
  await untilFunding(step.dataset.cancelStep, "FUNDED");
}

async function sponsor(step, button) {
  const { wallet, account } = await advertiserAccount(button, "fund the sponsorship");
  const calls = [
    { purpose: "approve", to: button.dataset.token, data: button.dataset.approve },
    { purpose: "sponsor", to: button.dataset.sponsorship, data: button.dataset.sponsor },
  ];
  for (const call of calls) {
    await send(step, wallet, account, call);
  }
  note(step, "sponsored: waiting for the marketplace to read it…");
  await untilFunding(step.dataset.forkStep, "UNFUNDED");
}

function runs(step, button, action) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await action(step, button);
    } catch (e) {
      note(step, e.message || String(e), true);
      button.disabled = false;
    }
  });
}

for (const step of document.querySelectorAll("[data-fork-step]")) {
  const button = step.querySelector("button.order-storage, button.fund-sponsorship");
  if (button) {
    runs(step, button, button.classList.contains("order-storage") ? order : sponsor);
  }
  const months = step.querySelector(".order-months");
  if (months) {
    months.addEventListener("change", () => requote(step, button).catch((e) => note(step, e.message || String(e), true)));
  }
  // the storage order funded (fund.js): the next step is the sponsorship
  step.addEventListener("funded", () => location.reload());
}

for (const step of document.querySelectorAll("[data-cancel-step]")) {
  runs(step, step.querySelector("button.cancel-sponsorship"), cancel);
}
