// Wallets and the gateway's tips API, shared by the player's tip button and the tips dashboard.
// A wallet is an EIP-1193 provider: the browser's own (window.ethereum) when there is one, else, on a local
// demo whose gateway enables it, a dev wallet over anvil's test accounts (never real money).

/** GET/POST JSON; a problem+json answer becomes an Error carrying status, type and detail. */
export async function api(path, body) {
  const response = await fetch(path, body === undefined
    ? { headers: { Accept: "application/json" } }
    : { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error(json?.detail ?? json?.title ?? `the gateway answered ${response.status}`);
    error.status = response.status;
    error.type = json?.type;
    error.problem = json;
    throw error;
  }
  return json;
}

/** Retries while the gateway cannot answer (restarting, unreachable, 5xx); a 4xx is final. */
export async function persistently(call, { tries = 60, delayMs = 1000, onRetry = () => {} } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const retriable = e.status === undefined || e.status >= 500;
      if (!retriable || attempt >= tries) throw e;
      onRetry(e, attempt);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

function devWallet(rpc) {
  let id = 0;
  return {
    isDevWallet: true,
    async request({ method, params }) {
      const response = await fetch(rpc, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }),
      });
      const json = await response.json();
      if (json.error) throw new Error(json.error.message ?? "the dev wallet refused");
      return json.result;
    },
  };
}

/** The wallet this page can use, or null: {provider, kind: "injected"|"dev", accounts}. */
export async function findWallet(config) {
  if (window.ethereum?.request) {
    return { provider: window.ethereum, kind: "injected", accounts: null };
  }
  if (config.devWallet?.enabled) {
    const provider = devWallet(config.devWallet.rpc);
    return { provider, kind: "dev", accounts: await provider.request({ method: "eth_accounts" }) };
  }
  return null;
}

export async function connect(wallet, config) {
  const accounts = wallet.accounts ?? (await wallet.provider.request({ method: "eth_requestAccounts" }));
  const chainId = Number(await wallet.provider.request({ method: "eth_chainId" }));
  if (chainId !== Number(config.chainId)) {
    throw new Error(`the wallet is on chain ${chainId}; tips go to chain ${config.chainId}`);
  }
  return accounts;
}

export async function send(wallet, transaction) {
  const { from, to, data, value } = transaction;
  return wallet.provider.request({ method: "eth_sendTransaction", params: [{ from, to, data, value }] });
}

const WEI = 10n ** 18n;

/** "0.015" ETH -> wei as a decimal string; throws on anything that is not a positive amount. */
export function toWei(eth) {
  const m = /^\s*(\d+)(?:\.(\d{0,18}))?\s*$/.exec(String(eth));
  if (!m) throw new Error("an amount is a number of ETH, e.g. 0.01");
  const wei = BigInt(m[1]) * WEI + BigInt((m[2] ?? "").padEnd(18, "0") || "0");
  if (wei <= 0n) throw new Error("a tip is more than zero");
  return wei.toString();
}

export function formatEth(wei) {
  const w = BigInt(wei);
  const whole = w / WEI;
  const frac = (w % WEI).toString().padStart(18, "0").replace(/0+$/, "");
  return `${whole}${frac ? `.${frac.slice(0, 8)}` : ""} ETH`;
}

export const short = (address) => (address ? `${address.slice(0, 6)}…${address.slice(-4)}` : "none");
