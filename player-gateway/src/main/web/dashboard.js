// The tips dashboard (/tips): an account's tips received, its balance on the splitter, a withdrawal, and a
// chart per content of tips over time.
import { api, findWallet, connect, send, toWei, formatEth, short } from "./wallet.js";

const root = document.querySelector("[data-tips-dashboard]");
const $ = (name) => root.querySelector(`[data-${name}]`);
let config = null;
let wallet = null;
let accounts = [];

function fail(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

function chart(series) {
  // one bar per bucket: height = total tipped in it; title = the numbers
  const w = 600;
  const h = 120;
  const max = series.reduce((m, b) => (BigInt(b.totalWei) > m ? BigInt(b.totalWei) : m), 1n);
  const bw = Math.max(2, Math.floor(w / Math.max(1, series.length)) - 2);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h + 16}`);
  svg.setAttribute("class", "chart");
  series.forEach((b, i) => {
    const bh = Number((BigInt(b.totalWei) * BigInt(h)) / max);
    const rect = document.createElementNS(svg.namespaceURI, "rect");
    rect.setAttribute("x", String(i * (bw + 2)));
    rect.setAttribute("y", String(h - bh));
    rect.setAttribute("width", String(bw));
    rect.setAttribute("height", String(Math.max(1, bh)));
    const title = document.createElementNS(svg.namespaceURI, "title");
    title.textContent = `${b.start}: ${b.tips} tips, ${formatEth(b.totalWei)} (creator ${formatEth(b.creatorWei)})`;
    rect.append(title);
    svg.append(rect);
  });
  const label = document.createElementNS(svg.namespaceURI, "text");
  label.setAttribute("x", "0");
  label.setAttribute("y", String(h + 14));
  label.textContent = series.length ? `${series[0].start} … ${series[series.length - 1].start} · max ${formatEth(max)}` : "no tips yet";
  svg.append(label);
  return svg;
}

async function show(account) {
  fail("");
  try {
    const received = await api(`/api/tips/received?account=${encodeURIComponent(account)}`);
    $("balance").textContent = formatEth(received.balanceWei);
    const labels = [...$("received").closest("table").querySelectorAll("thead th")].map((th) => th.textContent);
    $("received").replaceChildren(...received.tips.map((t) => {
      const tr = document.createElement("tr");
      [t.at, t.title ?? short(t.contentId), t.role, formatEth(t.amountWei), short(t.txHash)].forEach((v, i) => {
        const td = document.createElement("td");
        td.textContent = v ?? "";
        td.dataset.label = labels[i] ?? "";
        tr.append(td);
      });
      return tr;
    }));
    const contents = [...new Set(received.tips.filter((t) => t.role === "creator").map((t) => t.contentId))];
    const charts = await Promise.all(contents.map(async (id) => {
      const figure = document.createElement("figure");
      const caption = document.createElement("figcaption");
      caption.textContent = received.tips.find((t) => t.contentId === id)?.title ?? id;
      figure.append(chart(await api(`/api/contents/${id}/tips/series?bucket=hour`)), caption);
      return figure;
    }));
    $("charts").replaceChildren(...charts);
    $("withdraw-form").hidden = !accounts.map((a) => a.toLowerCase()).includes(account.toLowerCase());
    $("account-view").hidden = false;
  } catch (e) {
    fail(e.message);
  }
}

async function withdraw(event) {
  event.preventDefault();
  const account = $("account").value.trim();
  try {
    const { transaction } = await api("/api/tips/withdrawals", { account, amountWei: toWei($("withdraw-amount").value) });
    $("withdraw-status").textContent = "confirm in your wallet…";
    const hash = await send(wallet, transaction);
    $("withdraw-status").textContent = `sent ${short(hash)}`;
    setTimeout(() => show(account), 2000);
  } catch (e) {
    $("withdraw-status").textContent = `not withdrawn: ${e.message}`;
  }
}

async function start() {
  try {
    config = await api("/api/tips/config");
    wallet = await findWallet(config);
    if (wallet) {
      accounts = await connect(wallet, config);
      $("wallet-label").textContent = wallet.kind === "dev" ? "dev wallet: anvil test accounts, not real money" : "your wallet";
      $("dev-accounts").replaceChildren(...accounts.map((a) => new Option(a, a)));
    }
  } catch (e) {
    fail(`No wallet: ${e.message}. Balances can still be looked up by address.`);
  }
  const asked = new URLSearchParams(location.search).get("account") ?? accounts[0];
  if (asked) {
    $("account").value = asked;
    show(asked);
  }
  $("account-form").addEventListener("submit", (e) => {
    e.preventDefault();
    show($("account").value.trim());
  });
  $("withdraw-form").addEventListener("submit", withdraw);
}

start();
