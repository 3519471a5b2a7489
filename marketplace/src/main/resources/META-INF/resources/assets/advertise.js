// The advertiser page's way to a sponsorship, from the browser's wallet (any EIP-1193 provider): "Order storage & fund"
// places the fork's storage order (the marketplace places its replicas; fund.js then funds its escrow from the wallet),
// and "Fund sponsorship" has the wallet send the token's approve(sponsorship, amount) and the contract's
// sponsor(consent, signature, storageOrder), both encoded by the marketplace; the page waits for each receipt, then for
// the marketplace to read the Sponsored event, and shows the fork FUNDED. No key is held here.
import { mined } from "./wallet.js";

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

/** Waits until the marketplace has read the fork's Sponsored event, then shows the page again. */
async function untilFunded(forkId) {
  for (;;) {
    const res = await fetch("/dashboard/advertiser", { credentials: "same-origin", headers: { Accept: "text/html" } });
    const page = new DOMParser().parseFromString(await res.text(), "text/html");
    const row = page.querySelector(`tr.fork[data-fork="${forkId}"]`);
    if (row && row.dataset.funding !== "UNFUNDED") {
      location.reload();
      return;
    }
    await sleep(2000);
  }
}

async function sponsor(step, button) {
  const wallet = window.ethereum;
  if (!wallet) throw new Error("No wallet in this browser: install one (MetaMask, for instance) to fund the sponsorship.");
  const [account] = await wallet.request({ method: "eth_requestAccounts" });
  if (!account || account.toLowerCase() !== button.dataset.advertiser.toLowerCase()) {
    throw new Error(`connect the address that signed the fork (${button.dataset.advertiser}); the wallet offers ${account}`);
  }
  const calls = [
    { purpose: "approve", to: button.dataset.token, data: button.dataset.approve },
    { purpose: "sponsor", to: button.dataset.sponsorship, data: button.dataset.sponsor },
  ];
  for (const call of calls) {
    note(step, `${call.purpose}: confirm in your wallet…`);
    const hash = await wallet.request({
      method: "eth_sendTransaction",
      params: [{ from: account, to: call.to, data: call.data, value: "0x0" }],
    });
    note(step, `${call.purpose}: waiting for ${hash.slice(0, 10)}… to be mined`);
    await mined(wallet, hash);
  }
  note(step, "sponsored: waiting for the marketplace to read it…");
  await untilFunded(step.dataset.forkStep);
}

for (const step of document.querySelectorAll("[data-fork-step]")) {
  const button = step.querySelector("button.order-storage, button.fund-sponsorship");
  if (button) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await (button.classList.contains("order-storage") ? order(step, button) : sponsor(step, button));
      } catch (e) {
        note(step, e.message || String(e), true);
        button.disabled = false;
      }
    });
  }
  // the storage order funded (fund.js): the next step is the sponsorship
  step.addEventListener("funded", () => location.reload());
}
