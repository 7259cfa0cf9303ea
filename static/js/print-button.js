// "Cetak" buttons (data-print) open the browser's print dialog. They stay hidden when scripts do
// not run; the page then tells the user to press Ctrl+P.
for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
