// The AI analysis progress page: polls the job and renders it (no inline script: CSP).
"use strict";
(function () {
  const root = document.querySelector(".screening-progress");
  if (!root) return;
  const finished = ["finished", "error"];
  function text(id, value) { document.getElementById(id).textContent = value; }
  function render(job) {
    const bar = document.getElementById("screening-bar");
    bar.max = job.total; bar.value = job.done;
    text("screening-status", job.status);
    text("screening-done", job.done);
    text("screening-total", job.total);
    text("screening-failed", job.failed);
    text("screening-message", job.message || "");
    const table = document.getElementById("screening-failures");
    const body = table.querySelector("tbody");
    body.replaceChildren(...job.failures.map(function (failure) {
      const row = document.createElement("tr");
      [failure.name || failure.id, failure.reason].forEach(function (value) {
        const cell = document.createElement("td"); cell.textContent = value; row.appendChild(cell);
      });
      return row;
    }));
    table.hidden = job.failures.length === 0;
  }
  function poll() {
    fetch(root.dataset.url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) { render(job); if (!finished.includes(job.status)) setTimeout(poll, 1000); })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (!finished.includes(root.dataset.status)) setTimeout(poll, 500);
})();
