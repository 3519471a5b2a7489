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
