// The candidate test page, last part: the timer, the heartbeat, the submit, and the start.
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

  // ---- heartbeat, also while the page is hidden (as long as the browser runs its timers) ----
  page.heartbeat = function () {
    if (page.finished) return;
    page.post(cfg.urls.heartbeat)
      .then(page.readJson)
      .then(function (result) {
        if (page.isOver(result.status, result.data)) return page.finish(result.data);
        if (result.status >= 500) throw new Error("HTTP " + result.status);
        page.setOffline(false);
        sync(result.data.remaining_seconds);
      })
      .catch(function () { page.setOffline(true); /* the next beat tries again */ });
  };

  // ---- submit ----
  function describe(id, numbers, text) {
    var el = document.getElementById(id);
    el.hidden = !numbers.length;
    el.textContent = text.replace("%s", numbers.join(", "));
  }

  submitButton.addEventListener("click", function () {
    var summary = page.nav.summary();
    var missing = summary.unanswered.length;
    var flagged = summary.flagged.length;
    describe("confirm-unanswered", summary.unanswered,
      ngettext("Question %s has no answer.", "Questions %s have no answer.", missing));
    describe("confirm-flagged", summary.flagged,
      ngettext("You flagged question %s for later.", "You flagged questions %s for later.", flagged));
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
      .then(page.readJson)
      .then(function (result) {
        if (result.status >= 500) throw new Error("HTTP " + result.status);
        page.finish(result.data);
      })
      .catch(function () {
        page.submitting = false;
        submitButton.disabled = false;
        // Offline: the submit goes out by itself when the connection is back (the timer keeps running).
        submitWhenOnline = !navigator.onLine;
        page.notice(submitWhenOnline
          ? gettext("No connection: your answers are kept and the test is submitted as soon as the connection is back.")
          : gettext("Could not reach the server. Your answers are kept; please try to submit again."));
        document.getElementById("notice").scrollIntoView({ block: "center" });
      });
  }
  var submitWhenOnline = false;
  window.addEventListener("online", function () {
    if (!submitWhenOnline) return;
    submitWhenOnline = false;
    doSubmit();
  });

  // ---- start ----
  page.answers.restore();
  page.proctoring.opened();
  page.nav.update();
  render();
  setInterval(render, 500);
  setInterval(page.heartbeat, cfg.heartbeatSeconds * 1000);
  setInterval(function () { page.proctoring.send(false); }, 5000);
  // Announce that the page is in place (answers restored, timer running): tests and tools wait for it.
  form.dataset.ready = "true";
})();
