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
