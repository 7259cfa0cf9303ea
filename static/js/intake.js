// The intake form shows only what applies to the chosen kind of applicant: identity fields and
// requirement rows carry data-applies-to ("wni", "wna entity", "all"). Without scripts every
// field and row shows, and the server still checks all of them.
(function () {
  const form = document.querySelector("form[data-intake]");
  if (!form) return;
  const kinds = form.querySelectorAll('input[type="radio"][name="applicant-kind"]');

  function chosenKind() {
    for (const radio of kinds) {
      if (radio.checked) return radio.value;
    }
    return null;
  }

  function update() {
    const kind = chosenKind();
    for (const element of form.querySelectorAll("[data-applies-to]")) {
      const applies = element.dataset.appliesTo.split(" ");
      element.hidden = kind !== null && !applies.includes("all") && !applies.includes(kind);
    }
  }

  for (const radio of kinds) radio.addEventListener("change", update);
  update();
})();
