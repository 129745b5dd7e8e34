// The candidate test page: the answers. Every change is queued (one entry per question, with when it
// was given), mirrored into localStorage so a reload, a crash or a dropped connection loses nothing,
// and sent one at a time in the order given. Each carries how long ago it was given: the server
// accepts what was given before the deadline even when it arrives later.
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
  var nextSeq = 1;
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

  Object.keys(pending).forEach(function (id) { nextSeq = Math.max(nextSeq, (pending[id].seq || 0) + 1); });

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

  function isText(fs) {
    return fs.dataset.kind === "open_text" || fs.dataset.kind === "code";
  }

  function answerOf(fs) {
    var id = parseInt(fs.dataset.questionId, 10);
    var answer = { question_id: id, choice_ids: [], text: "", given_at: Date.now(), seq: nextSeq++ };
    if (isText(fs)) {
      answer.text = fs.querySelector("textarea").value;
    } else {
      fs.querySelectorAll("input:checked").forEach(function (input) {
        answer.choice_ids.push(parseInt(input.value, 10));
      });
    }
    return answer;
  }

  function applyAnswer(answer) {
    var fs = document.getElementById("q-" + answer.question_id);
    if (!fs) return;
    if (isText(fs)) {
      fs.querySelector("textarea").value = answer.text;
    } else {
      fs.querySelectorAll("input").forEach(function (input) {
        input.checked = answer.choice_ids.indexOf(parseInt(input.value, 10)) !== -1;
      });
    }
  }

  function body(answer) {
    return {
      question_id: answer.question_id,
      choice_ids: answer.choice_ids,
      text: answer.text,
      given_ago_ms: Math.max(0, Math.round(Date.now() - (answer.given_at || Date.now()))),
    };
  }

  function oldest() {
    var first = null;
    Object.keys(pending).forEach(function (id) {
      if (!first || (pending[id].seq || 0) < (first.seq || 0)) first = pending[id];
    });
    return first;
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
      page.setOffline(false);
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
      if (!result.data.moved) {
        delete pending[answer.question_id];
        storePending();
      }
      return page.finish(result.data);
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
    var answer = oldest();
    if (!answer) {
      setSaveState("saved", gettext("All answers saved"));
      return null;
    }
    setSaveState("saving", gettext("Saving…"));
    inflight = page.post(cfg.urls.answer, body(answer))
      .then(page.readJson)
      .then(function (result) { return handle(answer, result); })
      .catch(function () {
        inflight = null;
        scheduleRetry();
      });
    return inflight;
  }

  function scheduleRetry() {
    page.setOffline(true);
    setSaveState("offline", gettext("No connection: your answers are kept and will be sent again"));
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 2000, 10000);
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
    if (event.target.tagName !== "TEXTAREA" || page.finished) return;
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
    // As the page closes: the browser delivers beacons even after the page is gone.
    beacon: function () {
      Object.keys(pending)
        .map(function (id) { return pending[id]; })
        .sort(function (a, b) { return (a.seq || 0) - (b.seq || 0); })
        .forEach(function (answer) { navigator.sendBeacon(cfg.urls.answer, JSON.stringify(body(answer))); });
    },
    retryNow: function () {
      retryDelay = 0;
      return flush();
    },
    isAnswered: function (fs) {
      var answer = answerOf(fs);
      return answer.choice_ids.length > 0 || answer.text.trim() !== "";
    },
  };
})();
