// The tip button: two clicks (Tip, Confirm). The gateway checks this session's serving receipts and the
// locator's ticket and builds the transaction; the viewer's wallet sends it; the chain splits it between the
// creator, the agent that served this session most, and the locator.
import { api, persistently, findWallet, connect, send, toWei, formatEth, short } from "./wallet.js";

const uuid = () => crypto.randomUUID?.() ?? "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
  (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

export function setupTips(root, session) {
  const $ = (name) => root.querySelector(`[data-${name}]`);
  const form = $("tip-form");
  const status = $("tip-status");
  const say = (text, bad = false) => {
    status.textContent = text;
    status.classList.toggle("error", bad);
  };
  let config = null;
  let wallet = null;
  const state = { last: null, error: null };

  async function open() {
    try {
      config = config ?? (await api("/api/tips/config"));
      wallet = wallet ?? (await findWallet(config));
      if (!wallet) {
        say("No wallet in this browser: install one (any EIP-1193 wallet) to tip.", true);
        return;
      }
      const accounts = await connect(wallet, config);
      $("wallet-label").textContent = wallet.kind === "dev"
        ? "Dev wallet: an anvil test account on the local chain. Not real money."
        : "Your wallet";
      $("tip-account").replaceChildren(...accounts.map((a) => new Option(a, a)));
      const { creatorBps, servingBps, locatorBps } = config.shares;
      $("tip-preview").textContent = `Split on chain: creator ${creatorBps / 100}% · the agent that served you ${servingBps / 100}% · the locator ${locatorBps / 100}%`;
      form.hidden = false;
      showHistory();
    } catch (e) {
      say(`Tipping is unavailable: ${e.message}`, true);
    }
  }

  async function confirm(event) {
    event.preventDefault();
    const button = $("tip-confirm");
    button.disabled = true;
    state.error = null;
    try {
      const amountWei = toWei($("tip-amount").value);
      const tipper = $("tip-account").value;
      const tipId = uuid();
      const body = { tipId, contentId: session.contentId, session: session.id, receipts: [...session.receipts],
        ticket: session.ticket, amountWei, tipper };
      say("Checking what served you…");
      const retrying = () => say("The gateway is not answering; trying again…");
      const tip = await prepare(body, retrying);
      say("Confirm in your wallet…");
      const txHash = await send(wallet, tip.transaction);
      await persistently(() => api(`/api/tips/${tipId}/transaction`, { txHash }), { onRetry: retrying });
      say("Sent; waiting for the chain…");
      const done = await persistently(async () => {
        const t = await api(`/api/tips/${tipId}`);
        if (t.status !== "CONFIRMED") {
          const pending = new Error("not confirmed yet");
          throw pending;
        }
        return t;
      }, { tries: 120, delayMs: 1000 });
      state.last = done;
      showReceipt(done);
      say(`Thank you: ${formatEth(amountWei)} sent.`);
      session.renewTicket(); // a ticket pays one tip
      showHistory();
    } catch (e) {
      state.error = { message: e.message, status: e.status ?? null, type: e.type ?? null };
      say(`The tip was not sent: ${e.message}`, true);
    } finally {
      button.disabled = false;
    }
  }

  /**
   * A receipt of an agent that has since left (no ACTIVE replica now) refuses the whole tip and stores nothing:
   * drop that receipt and ask again with the same tip id; the rest of the evidence still stands.
   */
  async function prepare(body, onRetry) {
    for (;;) {
      try {
        return await persistently(() => api("/api/tips", body), { onRetry });
      } catch (e) {
        const bad = e.problem?.receipt;
        if (e.status !== 422 || !Number.isInteger(bad) || bad < 0 || bad >= body.receipts.length) throw e;
        body.receipts = body.receipts.filter((_, i) => i !== bad);
      }
    }
  }

  function showReceipt(t) {
    const rows = [
      ["Transaction", t.txHash],
      ["Creator", `${short(t.creator)} · ${formatEth(t.split.creatorWei)}`],
      ["Served you", t.servingNode && !/^0x0+$/.test(t.servingNode) ? `${short(t.servingNode)} · ${formatEth(t.split.servingWei)}` : "other viewers only: the creator got this share"],
      ["Locator", `${short(t.locator)} · ${formatEth(t.split.locatorWei)}`],
    ];
    const receipt = $("tip-receipt");
    receipt.replaceChildren(...rows.flatMap(([k, v]) => {
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      dd.textContent = v;
      return [dt, dd];
    }));
    receipt.hidden = false;
  }

  async function showHistory() {
    const account = $("tip-account").value;
    if (!account) return;
    try {
      const tips = await api(`/api/tips?tipper=${encodeURIComponent(account)}`);
      $("tip-history").querySelector("ol").replaceChildren(...tips.map((t) => {
        const li = document.createElement("li");
        li.textContent = `${t.preparedAt ?? ""} · ${formatEth(t.amountWei)} · ${short(t.contentId)} · ${t.status}`;
        return li;
      }));
    } catch {
      // the history is a convenience; the tip itself reported its own errors
    }
  }

  $("tip-open").addEventListener("click", open);
  form.addEventListener("submit", confirm);
  $("tip-account").addEventListener("change", showHistory);
  return state;
}
