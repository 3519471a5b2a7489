// What the dashboard pages share about the browser's wallet (any EIP-1193 provider): the text a personal_sign takes,
// waiting for a transaction it sent to be mined. No key is held here.
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
