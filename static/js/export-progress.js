// The export page follows its job: it asks the server for the job's state every second, shows the progress,
// and reloads once the job is no longer waiting or running (the page then offers the file, or the error).
(function () {
  var card = document.querySelector("[data-status-url]");
  if (!card) {
    return;
  }
  var bar = card.querySelector("progress");
  var stage = card.querySelector("[data-export-stage]");
  var count = card.querySelector("[data-export-count]");

  function poll() {
    fetch(card.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (job) {
        if (!job) {
          return;
        }
        if ((job.state !== "queued" && job.state !== "running") || job.interrupted) {
          window.location.reload();
          return;
        }
        if (job.total) {
          bar.max = job.total;
          bar.value = job.done;
          count.textContent = "(" + job.done + "/" + job.total + ")";
        }
        stage.textContent = job.stage;
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 1000);
})();
