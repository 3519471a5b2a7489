// The studio's copy buttons: the value of the field a button names (data-copy, a CSS selector) goes to the clipboard.
for (const button of document.querySelectorAll("[data-copy]")) {
  button.addEventListener("click", async () => {
    const field = document.querySelector(button.dataset.copy);
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      // no clipboard API outside a secure context (a gateway on plain http, not loopback): the selection's copy
      document.execCommand("copy");
    }
    button.textContent = "Copied";
    button.dataset.copied = "true";
  });
}
