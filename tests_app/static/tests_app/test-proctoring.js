// The candidate test page, part 3 of 4: proctoring events (tab hidden or shown, focus lost or
// regained, paste), reported with how long ago they happened so a wrong clock on the phone does not
// scramble the timeline. They go out every few seconds, and as beacons when the page hides or closes.
(function () {
  "use strict";

  var page = window.TestPage;
  var cfg = page.cfg;
  var MAX_PER_CALL = 50;
  var events = [];
  var hiddenAt = null;
  var blurredAt = null;

  function record(kind, durationMs, details) {
    if (page.finished) return;
    events.push({ kind: kind, at: performance.now(), duration_ms: durationMs, details: details || {} });
  }

  function eventsBody() {
    var now = performance.now();
    return {
      events: events.splice(0, MAX_PER_CALL).map(function (e) {
        return {
          kind: e.kind,
          ago_ms: Math.max(0, Math.round(now - e.at)),
          duration_ms: e.duration_ms == null ? null : Math.round(e.duration_ms),
          details: e.details,
        };
      }),
    };
  }

  function send(useBeacon) {
    if (!events.length || page.finished) return;
    var batch = events.slice(0, MAX_PER_CALL);
    var body = eventsBody();
    if (useBeacon) {
      if (!navigator.sendBeacon(cfg.urls.events, JSON.stringify(body))) {
        events = batch.concat(events);
      }
      return;
    }
    page.post(cfg.urls.events, body)
      .then(page.readJson)
      .then(function (result) {
        if (result.status >= 500) throw new Error("HTTP " + result.status);
        if (page.isOver(result.status, result.data)) page.finish();
      })
      .catch(function () { events = batch.concat(events); });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      hiddenAt = performance.now();
      record("tab_hidden");
      // Timers stop in hidden tabs: send what is queued now, the browser delivers beacons even on close.
      send(true);
      page.answers.beacon();
    } else {
      record("tab_shown", hiddenAt == null ? null : performance.now() - hiddenAt);
      hiddenAt = null;
      send(false);
      page.heartbeat();
      page.answers.flush();
    }
  });
  window.addEventListener("pagehide", function () {
    send(true);
    page.answers.beacon();
  });
  window.addEventListener("blur", function () {
    if (document.visibilityState !== "visible") return;
    blurredAt = performance.now();
    record("focus_lost");
  });
  window.addEventListener("focus", function () {
    if (blurredAt == null) return;
    record("focus_gained", performance.now() - blurredAt);
    blurredAt = null;
  });
  page.form.addEventListener("paste", function (event) {
    var fs = page.fieldsetOf(event.target);
    var text = (event.clipboardData && event.clipboardData.getData("text")) || "";
    record("paste", null, { question_id: fs ? parseInt(fs.dataset.questionId, 10) : null, length: text.length });
    send(false);
  });
  window.addEventListener("online", function () {
    page.answers.retryNow();
    send(false);
  });

  page.proctoring = { send: send };
})();
