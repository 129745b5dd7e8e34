// The candidate test page, part 4 of 4: the timer, the heartbeat, the submit, and the start.
(function () {
  "use strict";
  // Django's JavaScript catalogue (jsi18n/) translates into the page's language; English without it.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };

  var page = window.TestPage;
  var cfg = page.cfg;
  var form = page.form;
  var timerEl = document.getElementById("timer");
  var dialog = document.getElementById("confirm-dialog");
  var submitButton = document.getElementById("submit-button");

  // ---- the timer: counts down from the server's remaining time, resynced on every response ----
  var endAt = performance.now() + cfg.remainingSeconds * 1000;

  function sync(remainingSeconds) {
    if (typeof remainingSeconds === "number") endAt = performance.now() + remainingSeconds * 1000;
  }

  function render() {
    var leftMs = endAt - performance.now();
    var left = Math.max(0, Math.ceil(leftMs / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    timerEl.textContent = (minutes < 10 ? "0" : "") + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    timerEl.classList.toggle("low", left <= 60);
    if (left === 0) form.classList.add("locked");
    // The server's remaining time is rounded down and arrives late: wait a moment past zero so the
    // server sees the deadline passed too and closes the attempt as a timeout.
    if (leftMs < -1500 && !page.finished && !page.submitting) {
      page.notice(gettext("Time is up. Your saved answers are being submitted…"));
      doSubmit();
    }
  }

  page.timer = { sync: sync };

  // ---- heartbeat while visible ----
  page.heartbeat = function () {
    if (page.finished || document.visibilityState !== "visible") return;
    page.post(cfg.urls.heartbeat)
      .then(page.readJson)
      .then(function (result) {
        if (page.isOver(result.status, result.data)) return page.finish();
        sync(result.data.remaining_seconds);
      })
      .catch(function () { /* offline: the next beat tries again */ });
  };

  // ---- submit ----
  submitButton.addEventListener("click", function () {
    var missing = page.answers.unansweredCount();
    document.getElementById("confirm-text").textContent =
      (missing
        ? ngettext("%s question has no answer.", "%s questions have no answer.", missing).replace("%s", missing) + " "
        : "") + gettext("You cannot change your answers afterwards.");
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else if (window.confirm(document.getElementById("confirm-text").textContent)) {
      doSubmit();
    }
  });
  dialog.addEventListener("close", function () {
    if (dialog.returnValue === "submit") doSubmit();
  });

  function doSubmit() {
    if (page.submitting || page.finished) return;
    page.submitting = true;
    submitButton.disabled = true;
    page.proctoring.send(false);
    page.answers.waitForSaves(20)
      .then(function () { return page.post(cfg.urls.submit); })
      .then(function (response) { return response.json(); })
      .then(function () { page.finish(); })
      .catch(function () {
        page.submitting = false;
        submitButton.disabled = false;
        page.notice(gettext("Could not reach the server. Your answers are kept; please try to submit again."));
      });
  }

  // ---- start ----
  page.answers.restore();
  render();
  setInterval(render, 500);
  setInterval(page.heartbeat, cfg.heartbeatSeconds * 1000);
  setInterval(function () { page.proctoring.send(false); }, 5000);
  // Announce that the page is in place (answers restored, timer running): tests and tools wait for it.
  form.dataset.ready = "true";
})();
