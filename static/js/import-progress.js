// Keqiao: poll an import job's status and move the progress bar; reload when it settles.
(function () {
  "use strict";
  var panel = document.getElementById("import-progress");
  if (!panel || panel.dataset.running !== "1") return;
  var bar = panel.querySelector('[data-role="bar"]');
  var count = panel.querySelector('[data-role="count"]');
  var status = panel.querySelector('[data-role="status"]');
  var url = panel.dataset.statusUrl;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        status.textContent = job.status_label;
        if (job.total) { bar.max = job.total; }
        bar.value = job.processed;
        count.textContent = job.total ? job.processed + " / " + job.total : String(job.processed);
        if (job.running) { window.setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
