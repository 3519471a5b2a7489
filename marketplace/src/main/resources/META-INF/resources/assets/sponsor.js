// The creator's answer to a sponsorship request: Accept has the browser's wallet (any EIP-1193 provider) sign the
// request's EIP-712 typed data with eth_signTypedData_v4, then posts the signed consent; the marketplace checks the
// signer, the terms and the term before the fork is published. Decline posts nothing signed. Claim has the wallet
// send the sponsorship contract's claim(fork), which pays the creator what the term has earned; the page shows it
// once the marketplace has read the Paid event. No key is held here.
import { mined, send } from "./wallet.js";

async function post(id, action, body) {
  const res = await fetch(`/dashboard/creator/sponsorships/${encodeURIComponent(id)}/${action}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: body === undefined ? "{}" : JSON.stringify(body),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(answer.detail || answer.title || `HTTP ${res.status}`);
  return answer;
}

function say(section, text, failed = false) {
  const status = section.querySelector(".sponsorship-status");
  status.textContent = text;
  status.classList.toggle("error", failed);
}

async function accept(section) {
  const wallet = window.ethereum;
  if (!wallet) {
    say(section, "No wallet in this browser: install one (MetaMask, for instance) to sign the consent.", true);
    return;
  }
  const typedData = JSON.parse(section.querySelector(".typed-data").textContent);
  const [account] = await wallet.request({ method: "eth_requestAccounts" });
  if (!account || account.toLowerCase() !== section.dataset.creator.toLowerCase()) {
    throw new Error(`connect the address that signed the video (${section.dataset.creator}); the wallet offers ${account}`);
  }
  say(section, "confirm in your wallet…");
  const signature = await wallet.request({ method: "eth_signTypedData_v4", params: [account, JSON.stringify(typedData)] });
  const view = await post(section.dataset.request, "consent", { version: 1, typedData, signature });
  say(section, `accepted: ${view.state.toLowerCase()}`);
  section.dataset.state = view.state;
}

for (const section of document.querySelectorAll("[data-request]")) {
  const buttons = section.querySelectorAll("button");
  const run = (action) => async () => {
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await action();
    } catch (e) {
      say(section, e.message || String(e), true);
      buttons.forEach((b) => { b.disabled = false; });
    }
  };
  section.querySelector(".accept").addEventListener("click", run(() => accept(section)));
  section.querySelector(".decline").addEventListener("click", run(async () => {
    const view = await post(section.dataset.request, "decline");
    say(section, view.state.toLowerCase());
    section.dataset.state = view.state;
  }));
}

// A button that sends one transaction from the creator's wallet: checks the wallet offers the creator's address, sends
// {to, data}, waits for it to be mined, then hands over to `after` (which says what happened).
function creatorSends(button, { status, verb, to, data, after }) {
  const show = (text, failed = false) => {
    status.textContent = ` ${text}`;
    status.classList.toggle("error", failed);
  };
  button.addEventListener("click", async () => {
    const wallet = window.ethereum;
    if (!wallet) {
      show(`No wallet in this browser: install one (MetaMask, for instance) to ${verb}.`, true);
      return;
    }
    button.disabled = true;
    try {
      const [account] = await wallet.request({ method: "eth_requestAccounts" });
      if (!account || account.toLowerCase() !== button.dataset.creator.toLowerCase()) {
        throw new Error(`connect the address that signed the video (${button.dataset.creator}); the wallet offers ${account}`);
      }
      show("confirm in your wallet…");
      const hash = await send(wallet, { from: account, to, data, value: "0x0" });
      show(`waiting for ${hash.slice(0, 10)}… to be mined`);
      await mined(wallet, hash);
      await after(hash, show);
    } catch (e) {
      show(e.message || String(e), true);
      button.disabled = false;
    }
  });
}

for (const button of document.querySelectorAll("button.claim")) {
  creatorSends(button, {
    status: button.parentElement.querySelector(".claim-status"), verb: "claim",
    to: button.dataset.claimTo, data: button.dataset.claimData,
    after: async (hash, show) => {
      show("claimed: the payment shows here once the marketplace has read it");
      button.dataset.claimed = hash;
    },
  });
}

// Cancel a funded sponsorship as its creator (the contract lets either party cancel before the term ends): the wallet
// sends cancel(fork); the creator keeps what the term earned until now and the rest goes back to the advertiser. The
// row shows CANCELLED once the marketplace has read the Cancelled event.
for (const button of document.querySelectorAll("button.cancel-sponsorship")) {
  creatorSends(button, {
    status: button.parentElement.querySelector(".cancel-status"), verb: "cancel",
    to: button.dataset.to, data: button.dataset.cancel,
    after: async (hash, show) => {
      show("cancelled: waiting for the marketplace to read it…");
      const fork = button.closest("tr").dataset.fork;
      for (;;) {
        const res = await fetch(location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } });
        const page = new DOMParser().parseFromString(await res.text(), "text/html");
        if (page.querySelector(`tr.answered[data-fork="${fork}"]`)?.dataset.funding === "CANCELLED") break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      location.reload();
    },
  });
}
