// The candidate test page, part 2 of 4: the answers. Every change is queued (one entry per question),
// mirrored into localStorage so a reload or a crash loses nothing, and sent one at a time.
(function () {
  "use strict";
  // Django's JavaScript catalogue (jsi18n/) translates into the page's language; English without it.
  var gettext = window.gettext || function (text) { return text; };

  var page = window.TestPage;
  var cfg = page.cfg;
  var form = page.form;
  var saveStateEl = document.getElementById("save-state");
  var storeKey = "test-answers:" + cfg.token;

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
    if (page.finished) return;
    var answer = answerOf(fs);
    pending[answer.question_id] = answer;
    storePending();
    setQuestionState(answer.question_id, gettext("Saving…"));
    flush();
  }

  function handle(answer, result) {
    inflight = null;
    if (result.status === 200) {
      // Only drop the entry (and say "Saved") when nothing newer was queued for the question meanwhile.
      if (pending[answer.question_id] === answer) {
        delete pending[answer.question_id];
        setQuestionState(answer.question_id, gettext("Saved"));
      }
      storePending();
      retryDelay = 0;
      page.timer.sync(result.data.remaining_seconds);
      return flush();
    }
    if (page.isOver(result.status, result.data)) {
      delete pending[answer.question_id];
      storePending();
      return page.finish();
    }
    if (result.status >= 400 && result.status < 500) {
      // The server refused this answer for good (bad data): keep going with the others.
      delete pending[answer.question_id];
      storePending();
      setQuestionState(answer.question_id, result.data.error || gettext("This answer was not accepted."), true);
      return flush();
    }
    throw new Error("HTTP " + result.status);
  }

  function flush() {
    if (inflight || page.finished) return inflight;
    var ids = Object.keys(pending);
    if (!ids.length) {
      setSaveState("saved", gettext("All answers saved"));
      return null;
    }
    var answer = pending[ids[0]];
    setSaveState("saving", gettext("Saving…"));
    inflight = page.post(cfg.urls.answer, answer)
      .then(page.readJson)
      .then(function (result) { return handle(answer, result); })
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

  function waitForSaves(triesLeft) {
    var current = flush();
    if (!current) return Promise.resolve();
    return current.then(function () {
      if (!Object.keys(pending).length || triesLeft <= 0) return undefined;
      return waitForSaves(triesLeft - 1);
    });
  }

  var textTimers = {};
  form.addEventListener("change", function (event) {
    var fs = page.fieldsetOf(event.target);
    if (fs) queueAnswer(fs);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA") return;
    var fs = page.fieldsetOf(event.target);
    var id = fs.dataset.questionId;
    pending[id] = answerOf(fs); // kept locally at once, sent after a pause in typing
    storePending();
    setSaveState("saving", gettext("Unsaved changes"));
    clearTimeout(textTimers[id]);
    textTimers[id] = setTimeout(function () { queueAnswer(fs); }, 800);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  page.onFinish.push(function () {
    pending = {};
    storePending();
  });

  page.answers = {
    flush: flush,
    waitForSaves: waitForSaves,
    // Put back what was not saved before a reload, then send it.
    restore: function () {
      Object.keys(pending).forEach(function (id) { applyAnswer(pending[id]); });
      return flush();
    },
    // As the page hides or closes: the browser delivers beacons even after the page is gone.
    beacon: function () {
      Object.keys(pending).forEach(function (id) {
        navigator.sendBeacon(cfg.urls.answer, JSON.stringify(pending[id]));
      });
    },
    retryNow: function () {
      retryDelay = 0;
      return flush();
    },
    unansweredCount: function () {
      var count = 0;
      form.querySelectorAll("fieldset[data-question-id]").forEach(function (fs) {
        var answer = answerOf(fs);
        if (!answer.choice_ids.length && !answer.text.trim()) count += 1;
      });
      return count;
    },
  };
})();
