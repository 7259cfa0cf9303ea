// A "select all" box (data-select-all="NAME") ticks every checkbox named NAME in its form.
// Its line (.select-all) stays hidden without scripts: each row is ticked by hand then.
for (const master of document.querySelectorAll("input[data-select-all]")) {
  const boxes = () => master.form
    ? [...master.form.querySelectorAll(`input[type=checkbox][name="${master.dataset.selectAll}"]`)]
    : [];
  const sync = () => {
    const all = boxes();
    const ticked = all.filter((box) => box.checked).length;
    master.checked = all.length > 0 && ticked === all.length;
    master.indeterminate = ticked > 0 && ticked < all.length;
  };
  const line = master.closest(".select-all");
  if (line) line.hidden = false;
  master.addEventListener("change", () => {
    for (const box of boxes()) box.checked = master.checked;
  });
  for (const box of boxes()) box.addEventListener("change", sync);
  sync();
}
