// The numbering progress page (permits/batch_progress.html) polls its JSON status URL and
// updates the counts and each row, until the batch is finished; then it reloads once so the
// page shows the server's final word (notes, the retry button). Without scripts the page
// reloads itself (a <noscript> refresh) instead.
const section = document.querySelector("[data-batch-status]");
const EVERY_MS = 2000;
const BADGES = { done: "badge-done", failed: "badge-stopped", waiting: "badge-progress" };

function render(status) {
  for (const key of ["done", "failed", "left"]) {
    const counter = section.querySelector(`[data-count="${key}"]`);
    if (counter) counter.textContent = status[key];
  }
  const bar = section.querySelector("[data-progress]");
  if (bar) {
    bar.value = status.done + status.failed;
    bar.textContent = `${status.done + status.failed} dari ${status.total}`;
  }
  const stale = section.querySelector("[data-worker-stale]");
  if (stale) stale.hidden = !status.worker_stale;
  for (const item of status.items) {
    const row = document.querySelector(`tr[data-item="${item.position}"]`);
    if (!row) continue;
    const badge = row.querySelector("[data-state]");
    badge.textContent = item.state_label;
    badge.className = `badge ${BADGES[item.state] || "badge-progress"}`;
    const outcome = row.querySelector("[data-outcome]");
    outcome.textContent = item.permit_number || item.error || "";
    outcome.classList.toggle("mono", Boolean(item.permit_number));
  }
}

async function poll(wait) {
  try {
    const response = await fetch(section.dataset.batchStatus, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!response.ok) throw new Error(String(response.status));
    const status = await response.json();
    render(status);
    if (status.finished) {
      window.location.reload();
      return;
    }
    wait = EVERY_MS;
  } catch {
    // The server or the network hiccuped: try again, less often.
    wait = Math.min(wait * 2, 30000);
  }
  window.setTimeout(() => poll(wait), wait);
}

if (section) window.setTimeout(() => poll(EVERY_MS), EVERY_MS);
