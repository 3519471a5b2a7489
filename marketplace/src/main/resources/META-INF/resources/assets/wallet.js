// What the dashboard pages share about the browser's wallet (any EIP-1193 provider): the text a personal_sign takes,
// sending a transaction with a gas margin, waiting for it to be mined. No key is held here.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The receipt of a transaction once mined; throws if it reverted. */
export async function mined(wallet, hash) {
  for (;;) {
    const receipt = await wallet.request({ method: "eth_getTransactionReceipt", params: [hash] });
    if (receipt) {
      if (receipt.status !== "0x1") throw new Error(`transaction ${hash} reverted`);
      return receipt;
    }
    await sleep(1000);
  }
}

/** A text as personal_sign takes it: its UTF-8 bytes in 0x hex. */
export function textHex(text) {
  return "0x" + Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Has the wallet send {@code tx} with twice the node's gas estimate; returns its hash. The estimate runs at the last
 * block's time, and what a sponsorship's cancel or claim pays the creator grows with time, so the mined call may take
 * one more transfer than the estimated one did (a cancel estimated just after a claim owes the creator nothing).
 */
export async function send(wallet, tx) {
  const estimate = await wallet.request({ method: "eth_estimateGas", params: [tx] });
  return wallet.request({ method: "eth_sendTransaction", params: [{ ...tx, gas: `0x${(BigInt(estimate) * 2n).toString(16)}` }] });
}
