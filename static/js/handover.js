// The handover form: the power-of-attorney upload shows only when a proxy (kuasa) receives the
// permit, and the applicant's own name and identity, filled in beforehand, give way to empty
// fields for the proxy (and come back when "Pemohon sendiri" is chosen again). Without scripts
// every field shows, and the server still checks all of them.
(function () {
  const form = document.querySelector("form[data-handover]");
  if (!form) return;
  const radios = form.querySelectorAll('input[type="radio"][name="recipient"]');
  const letter = form.querySelector('[name="power_of_attorney"]');
  const typed = ["recipient_name", "recipient_identity"].map((n) => form.querySelector(`[name="${n}"]`));
  const own = typed.map((input) => (input ? input.defaultValue : ""));

  function chosen() {
    for (const radio of radios) if (radio.checked) return radio.value;
    return null;
  }

  function update(event) {
    const proxy = chosen() === "proxy";
    if (letter) letter.closest(".field").hidden = !proxy;
    if (!event) return; // on load keep what the server sent back
    typed.forEach((input, index) => {
      if (!input) return;
      if (proxy && input.value === own[index]) input.value = "";
      if (!proxy && input.value === "") input.value = own[index];
    });
  }

  for (const radio of radios) radio.addEventListener("change", update);
  update();
})();
