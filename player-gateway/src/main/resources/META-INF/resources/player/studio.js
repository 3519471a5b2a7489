// The studio's copy buttons: the text of the element a button names (data-copy, a CSS selector) goes to the clipboard.
for (const button of document.querySelectorAll("[data-copy]")) {
  button.addEventListener("click", async () => {
    const source = document.querySelector(button.dataset.copy);
    const text = source.textContent.trim();
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // no clipboard API outside a secure context (a gateway on plain http, not loopback): the selection's copy
      window.getSelection().selectAllChildren(source);
      document.execCommand("copy");
    }
    button.textContent = "Copied";
    button.dataset.copied = "true";
  });
}

// A room's studio page: its sources (origin, relays, how far behind, what they upload), as the gateway renders them,
// fetched again every 2 s; a failed fetch keeps what is shown and tries again at the next turn.
const sources = document.querySelector("[data-sources-room]");
if (sources) {
  const url = `/studio/live/${encodeURIComponent(sources.dataset.sourcesRoom)}/sources`;
  let shown = sources;
  let refreshed = 0;
  const refresh = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (response.ok) {
        const next = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-sources-room]");
        if (next) {
          shown.replaceWith(next);
          shown = next;
          shown.dataset.refreshed = String(++refreshed);
        }
      }
    } catch {
      // the gateway unreachable for a moment: the next turn tries again
    }
    setTimeout(refresh, 2000);
  };
  setTimeout(refresh, 2000);
}

// "Schedule a room": what the market asks beside the archive's price follows the replicas on the form (fetched again
// from /studio/live/asks, 300 ms after the count last changed), and so does the price's placeholder, the example the
// market takes; a price typed stays as typed.
const form = document.querySelector("form[data-schedule-form]");
const replicas = form?.querySelector("input[name=replicas]");
if (replicas) {
  const price = form.querySelector("input[name=maxPricePerGbMonth]");
  let asked = 0;
  let timer = null;
  const ask = async (count) => {
    const mine = ++asked;
    try {
      const response = await fetch(`/studio/live/asks?replicas=${count}`, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (!response.ok || mine !== asked) return; // a newer count was asked for meanwhile
      const next = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-market-asks]");
      const shown = form.querySelector("[data-market-asks]");
      if (!next || !shown) return;
      shown.replaceWith(next);
      if (price && next.dataset.suggestedPrice) price.placeholder = next.dataset.suggestedPrice;
    } catch {
      // the gateway unreachable for a moment: the hint stays as it was
    }
  };
  replicas.addEventListener("input", () => {
    clearTimeout(timer);
    const count = Number(replicas.value);
    if (Number.isInteger(count) && count >= 5 && count <= 10) timer = setTimeout(() => ask(count), 300);
  });
}
