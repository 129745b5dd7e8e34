// The candidate test page: saves every answer, keeps the server's timer, reports proctoring events.
// The server owns every rule (deadline, status); this script only reports and follows its answers.
(function () {
  "use strict";

  // Django's JavaScript catalogue (jsi18n/) translates into the page's language; English without it.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var cfg = JSON.parse(document.getElementById("test-config").textContent);
  var form = document.getElementById("test-form");
  var timerEl = document.getElementById("timer");
  var saveStateEl = document.getElementById("save-state");
  var noticeEl = document.getElementById("notice");
  var dialog = document.getElementById("confirm-dialog");
  var storeKey = "test-answers:" + cfg.token;

  var endAt = performance.now() + cfg.remainingSeconds * 1000;
  var finished = false;
  var submitting = false;

  // ---- answers: a queue of unsaved answers (one per question), mirrored into localStorage ----
  var pending = loadPending();
  var inflight = null;
  var retryDelay = 0;
  var retryTimer = null;

  function loadPending() {
    try {
      return JSON.parse(localStorage.getItem(storeKey)) || {};
    } catch (e) {
      return {};
    }
  }

  function storePending() {
    try {
      if (Object.keys(pending).length) {
        localStorage.setItem(storeKey, JSON.stringify(pending));
      } else {
        localStorage.removeItem(storeKey);
      }
    } catch (e) {
      /* storage full or disabled: the in-memory queue still works */
    }
  }

  function fieldsetOf(el) {
    return el.closest("fieldset[data-question-id]");
  }

  function answerOf(fs) {
    var id = parseInt(fs.dataset.questionId, 10);
    if (fs.dataset.kind === "open_text") {
      return { question_id: id, choice_ids: [], text: fs.querySelector("textarea").value };
    }
    var ids = [];
    fs.querySelectorAll("input:checked").forEach(function (input) {
      ids.push(parseInt(input.value, 10));
    });
    return { question_id: id, choice_ids: ids, text: "" };
  }

  function applyAnswer(answer) {
    var fs = document.getElementById("q-" + answer.question_id);
    if (!fs) return;
    if (fs.dataset.kind === "open_text") {
      fs.querySelector("textarea").value = answer.text;
    } else {
      fs.querySelectorAll("input").forEach(function (input) {
        input.checked = answer.choice_ids.indexOf(parseInt(input.value, 10)) !== -1;
      });
    }
  }

  function setSaveState(state, text) {
    saveStateEl.dataset.state = state;
    saveStateEl.textContent = text;
  }

  function setQuestionState(questionId, text, isError) {
    var fs = document.getElementById("q-" + questionId);
    if (!fs) return;
    var el = fs.querySelector(".question-state");
    el.textContent = text;
    el.classList.toggle("error", !!isError);
  }

  function queueAnswer(fs) {
    if (finished) return;
    var answer = answerOf(fs);
    pending[answer.question_id] = answer;
    storePending();
    setQuestionState(answer.question_id, gettext("Saving…"));
    flush();
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
      cache: "no-store",
    });
  }

  function flush() {
    if (inflight || finished) return inflight;
    var ids = Object.keys(pending);
    if (!ids.length) {
      setSaveState("saved", gettext("All answers saved"));
      return null;
    }
    var answer = pending[ids[0]];
    setSaveState("saving", gettext("Saving…"));
    inflight = post(cfg.urls.answer, answer)
      .then(function (response) {
        return response.json().then(
          function (data) { return { status: response.status, data: data }; },
          function () { return { status: response.status, data: {} }; }
        );
      })
      .then(function (result) {
        inflight = null;
        if (result.status === 200) {
          // Only drop the entry when nothing newer was queued for the question meanwhile.
          if (pending[answer.question_id] === answer) delete pending[answer.question_id];
          storePending();
          retryDelay = 0;
          setQuestionState(answer.question_id, gettext("Saved"));
          syncTimer(result.data.remaining_seconds);
          return flush();
        }
        if (result.status === 409) {
          delete pending[answer.question_id];
          storePending();
          return finish(result.data);
        }
        if (result.status >= 400 && result.status < 500) {
          // The server refused this answer for good (bad data): keep going with the others.
          delete pending[answer.question_id];
          storePending();
          setQuestionState(answer.question_id, result.data.error || gettext("This answer was not accepted."), true);
          return flush();
        }
        throw new Error("HTTP " + result.status);
      })
      .catch(function () {
        inflight = null;
        scheduleRetry();
      });
    return inflight;
  }

  function scheduleRetry() {
    setSaveState("offline", gettext("No connection: your answers are kept and will be sent again"));
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 2000, 30000);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
  }

  function beaconAnswers() {
    Object.keys(pending).forEach(function (id) {
      navigator.sendBeacon(cfg.urls.answer, JSON.stringify(pending[id]));
    });
  }

  var textTimers = {};
  form.addEventListener("change", function (event) {
    var fs = fieldsetOf(event.target);
    if (fs) queueAnswer(fs);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA") return;
    var fs = fieldsetOf(event.target);
    var id = fs.dataset.questionId;
    pending[id] = answerOf(fs); // kept locally at once, sent after a pause in typing
    storePending();
    setSaveState("saving", gettext("Unsaved changes"));
    clearTimeout(textTimers[id]);
    textTimers[id] = setTimeout(function () { queueAnswer(fs); }, 800);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  // ---- the timer: counts down from the server's remaining time, resynced on every response ----
  function syncTimer(remainingSeconds) {
    if (typeof remainingSeconds === "number") endAt = performance.now() + remainingSeconds * 1000;
  }

  function renderTimer() {
    var leftMs = endAt - performance.now();
    var left = Math.max(0, Math.ceil(leftMs / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    timerEl.textContent = (minutes < 10 ? "0" : "") + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    timerEl.classList.toggle("low", left <= 60);
    if (left === 0) form.classList.add("locked");
    // The server's remaining time is rounded down and arrives late: wait a moment past zero so the
    // server sees the deadline passed too and closes the attempt as a timeout.
    if (leftMs < -1500 && !finished && !submitting) {
      notice(gettext("Time is up. Your saved answers are being submitted…"));
      doSubmit();
    }
  }

  // ---- heartbeat while visible ----
  function heartbeat() {
    if (finished || document.visibilityState !== "visible") return;
    post(cfg.urls.heartbeat)
      .then(function (response) { return response.json(); })
      .then(function (data) {
        syncTimer(data.remaining_seconds);
        if (data.finished) finish(data);
      })
      .catch(function () { /* offline: the next beat tries again */ });
  }

  // ---- proctoring events ----
  var events = [];
  var hiddenAt = null;
  var blurredAt = null;

  function record(kind, durationMs, details) {
    if (finished) return;
    events.push({ kind: kind, at: performance.now(), duration_ms: durationMs, details: details || {} });
  }

  function eventsBody() {
    var now = performance.now();
    var body = {
      events: events.splice(0, 50).map(function (e) {
        return {
          kind: e.kind,
          ago_ms: Math.max(0, Math.round(now - e.at)),
          duration_ms: e.duration_ms == null ? null : Math.round(e.duration_ms),
          details: e.details,
        };
      }),
    };
    return body;
  }

  function sendEvents(useBeacon) {
    if (!events.length || finished) return;
    var batch = events.slice(0, 50);
    var body = eventsBody();
    if (useBeacon) {
      if (!navigator.sendBeacon(cfg.urls.events, JSON.stringify(body))) {
        events = batch.concat(events);
      }
      return;
    }
    post(cfg.urls.events, body)
      .then(function (response) {
        if (response.status >= 500) throw new Error("HTTP " + response.status);
      })
      .catch(function () { events = batch.concat(events); });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      hiddenAt = performance.now();
      record("tab_hidden");
      // Timers stop in hidden tabs: send what is queued now, the browser delivers beacons even on close.
      sendEvents(true);
      beaconAnswers();
    } else {
      record("tab_shown", hiddenAt == null ? null : performance.now() - hiddenAt);
      hiddenAt = null;
      sendEvents(false);
      heartbeat();
      flush();
    }
  });
  window.addEventListener("pagehide", function () {
    sendEvents(true);
    beaconAnswers();
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
  form.addEventListener("paste", function (event) {
    var fs = fieldsetOf(event.target);
    var text = (event.clipboardData && event.clipboardData.getData("text")) || "";
    record("paste", null, { question_id: fs ? parseInt(fs.dataset.questionId, 10) : null, length: text.length });
    sendEvents(false);
  });
  window.addEventListener("online", function () {
    retryDelay = 0;
    flush();
    sendEvents(false);
  });

  // ---- submit ----
  function unansweredCount() {
    var count = 0;
    form.querySelectorAll("fieldset[data-question-id]").forEach(function (fs) {
      var answer = answerOf(fs);
      if (!answer.choice_ids.length && !answer.text.trim()) count += 1;
    });
    return count;
  }

  function notice(text) {
    noticeEl.textContent = text;
    noticeEl.hidden = false;
  }

  document.getElementById("submit-button").addEventListener("click", function () {
    var missing = unansweredCount();
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

  function waitForSaves(triesLeft) {
    var current = flush();
    if (!current) return Promise.resolve();
    return current.then(function () {
      if (!Object.keys(pending).length || triesLeft <= 0) return undefined;
      return waitForSaves(triesLeft - 1);
    });
  }

  function doSubmit() {
    if (submitting || finished) return;
    submitting = true;
    document.getElementById("submit-button").disabled = true;
    sendEvents(false);
    waitForSaves(20)
      .then(function () { return post(cfg.urls.submit); })
      .then(function (response) { return response.json(); })
      .then(function (data) { finish(data); })
      .catch(function () {
        submitting = false;
        document.getElementById("submit-button").disabled = false;
        notice(gettext("Could not reach the server. Your answers are kept; please try to submit again."));
      });
  }

  function finish() {
    if (finished) return;
    finished = true;
    pending = {};
    storePending();
    form.classList.add("locked");
    window.location.replace(cfg.urls.page);
  }

  // ---- start ----
  Object.keys(pending).forEach(function (id) { applyAnswer(pending[id]); });
  flush();
  renderTimer();
  setInterval(renderTimer, 500);
  setInterval(heartbeat, cfg.heartbeatSeconds * 1000);
  setInterval(function () { sendEvents(false); }, 5000);
})();
