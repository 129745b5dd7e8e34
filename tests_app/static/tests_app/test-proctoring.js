// The candidate test page: proctoring events (tab hidden or shown, focus lost or regained, paste,
// page closed and opened again), reported with how long ago they happened so a wrong clock on the
// phone does not scramble the timeline. They go out every few seconds, and as beacons when the page
// hides or closes. A reload is not leaving: the page closing says "page closed" (not "tab hidden"),
// and the page opening again says how long it was closed and whether it was a reload.
(function () {
  "use strict";

  var page = window.TestPage;
  var cfg = page.cfg;
  var MAX_PER_CALL = 50;
  var events = [];
  var hiddenAt = null;
  var blurredAt = null;
  var unloading = false;
  var closedKey = "test-closed:" + cfg.token;

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
        if (page.isOver(result.status, result.data)) page.finish(result.data);
      })
      .catch(function () { events = batch.concat(events); });
  }

  // Closing or reloading: the browser fires pagehide (beforeunload first, where it can) and then
  // hides the page; that hiding is not "leaving the tab".
  function closing() {
    if (unloading || page.finished) return;
    unloading = true;
    record("page_closed");
    try {
      localStorage.setItem(closedKey, String(Date.now()));
    } catch (e) { /* no storage: the reopening is not measured */ }
    send(true);
    page.answers.beacon();
  }

  function opened() {
    var closedAt = null;
    try {
      closedAt = parseInt(localStorage.getItem(closedKey), 10);
      localStorage.removeItem(closedKey);
    } catch (e) { /* no storage */ }
    if (!closedAt) return;
    var nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    record("page_opened", Math.max(0, Date.now() - closedAt), { reload: !!nav && nav.type === "reload" });
    send(false);
  }

  window.addEventListener("beforeunload", closing);
  window.addEventListener("pagehide", closing);
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    unloading = false; // back from the back-forward cache
    opened();
  });

  document.addEventListener("visibilitychange", function () {
    if (unloading) return;
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

  page.proctoring = { send: send, opened: opened };
})();
