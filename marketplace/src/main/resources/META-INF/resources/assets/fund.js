// Funding an order's escrow from the creator's own wallet (any EIP-1193 provider the browser injects, such as
// MetaMask). The creator page marks each order with data-funding-order; this asks the marketplace what to
// sign (GET .../funding: approve the total, then fundOrder), has the wallet send both, waits for each to be
// mined, and reports the fundOrder hash (POST .../funding), which the marketplace checks on chain before the
// order counts as funded. Nothing here holds a key; the page's session only names the creator.
import { mined, send } from "./wallet.js";

const PENDING = "/problems/funding-pending";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** sUSD units (6 decimals) as people read them. */
function susd(units) {
  const s = BigInt(units).toString().padStart(7, "0");
  return `${s.slice(0, -6)}.${s.slice(-6)} sUSD`;
}

async function api(el, init = {}) {
  const base = el.dataset.fundingPath || "/dashboard/creator/orders";
  const res = await fetch(`${base}/${encodeURIComponent(el.dataset.fundingOrder)}/funding`, {
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    ...init,
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = new Error(body.detail || body.title || `HTTP ${res.status}`);
    error.status = res.status;
    error.type = body.type || "";
    throw error;
  }
  return body;
}

const LABELS = {
  AWAITING_REPLICAS: "waiting for every replica to be placed",
  AWAITING_FUNDS: "waiting for your funds",
  FUNDED: "funded",
  REFUSED: "refused by the escrow",
};

function render(el, view, note) {
  const status = document.createElement("span");
  status.className = "funding-status";
  status.dataset.status = view.status;
  status.textContent = LABELS[view.status] ?? view.status;
  const parts = [status];
  if (view.status === "FUNDED" && view.fundTx) {
    const tx = document.createElement("code");
    tx.textContent = ` ${view.fundTx.slice(0, 10)}…`;
    tx.title = view.fundTx;
    parts.push(tx);
  }
  if (view.status === "AWAITING_FUNDS" && view.quote) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "fund";
    button.textContent = `Fund ${susd(view.quote.total)} with your wallet`;
    button.addEventListener("click", () => fund(el, view.quote, button));
    parts.push(" ", button);
  }
  const message = document.createElement("span");
  message.className = "funding-note";
  message.textContent = note ? ` ${note}` : "";
  parts.push(message);
  el.replaceChildren(...parts);
}

function say(el, text, failed = false) {
  const message = el.querySelector(".funding-note");
  if (message) {
    message.textContent = ` ${text}`;
    message.classList.toggle("error", failed);
  }
}

async function fund(el, quote, button) {
  const wallet = window.ethereum;
  if (!wallet) {
    say(el, "No wallet in this browser: install one (MetaMask, for instance), or fund from a terminal with `shoal order fund ORDER --key-file FILE`.", true);
    return;
  }
  button.disabled = true;
  try {
    const [account] = await wallet.request({ method: "eth_requestAccounts" });
    if (!account || account.toLowerCase() !== quote.funder.toLowerCase()) {
      throw new Error(`connect the address that signed the content (${quote.funder}); the wallet offers ${account}`);
    }
    const chainId = Number.parseInt(await wallet.request({ method: "eth_chainId" }), 16);
    if (chainId !== quote.chainId) {
      say(el, `switching the wallet to chain ${quote.chainId}…`);
      await wallet.request({ method: "wallet_switchEthereumChain", params: [{ chainId: `0x${quote.chainId.toString(16)}` }] });
    }
    let last = null;
    for (const tx of quote.transactions) {
      say(el, `${tx.purpose}: confirm in your wallet…`);
      last = await send(wallet, { from: account, to: tx.to, data: tx.data, value: tx.value || "0x0" });
      say(el, `${tx.purpose}: waiting for ${last.slice(0, 10)}… to be mined`);
      await mined(wallet, last);
    }
    for (;;) {
      try {
        const view = await api(el, { method: "POST", body: JSON.stringify({ txHash: last }) });
        render(el, view, "checked on chain");
        el.dispatchEvent(new CustomEvent("funded", { bubbles: true, detail: view }));
        return;
      } catch (e) {
        if (e.status === 409 && e.type.endsWith(PENDING)) {
          say(el, "mined; waiting until it is deep enough for the marketplace…");
          await sleep(2000);
          continue;
        }
        throw e;
      }
    }
  } catch (e) {
    say(el, e.message || String(e), true);
    button.disabled = false;
  }
}

for (const el of document.querySelectorAll("[data-funding-order]")) {
  api(el).then((view) => render(el, view), (e) => say(el, `funding: ${e.message}`, true));
}
