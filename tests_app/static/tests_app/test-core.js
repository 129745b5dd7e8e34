// The candidate test page, part 1: what the other parts share (loaded first, all with `defer`).
// The server owns every rule (deadline, status); these scripts only report and follow its answers.
// test-core.js (config, requests, offline banner, the end of the page), test-answers.js (the answer
// queue), test-proctoring.js (proctoring events), test-nav.js (progress, jump list, flags),
// test-code.js (the code editor), test.js (timer, heartbeat, submit, start).
(function () {
  "use strict";

  var cfg = JSON.parse(document.getElementById("test-config").textContent);
  var page = {
    cfg: cfg,
    form: document.getElementById("test-form"),
    finished: false,
    submitting: false,
    onFinish: [], // what each part tidies up when the page ends
  };

  page.post = function (url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
      cache: "no-store",
    });
  };

  page.readJson = function (response) {
    return response.json().then(
      function (data) { return { status: response.status, data: data }; },
      function () { return { status: response.status, data: {} }; }
    );
  };

  // The server's word that this attempt takes nothing more: not started (409), over (410), or gone
  // (404 with `finished`; a 404 without it is an unknown question). The page then reloads and shows
  // what the server says about the link, unless the test moved to another browser (409 `moved`).
  page.isOver = function (status, data) {
    return status === 409 || status === 410 || (status === 404 && !!data && data.finished === true);
  };

  page.notice = function (text) {
    var noticeEl = document.getElementById("notice");
    noticeEl.textContent = text;
    noticeEl.hidden = false;
  };

  page.fieldsetOf = function (el) {
    return el.closest("fieldset[data-question-id]");
  };

  // Offline (a request failed, or the browser says so): a banner says what is safe; any answer
  // from the server takes it down.
  page.setOffline = function (offline) {
    document.getElementById("offline-banner").hidden = !offline || page.finished;
  };
  window.addEventListener("offline", function () { page.setOffline(true); });

  page.finish = function (data) {
    if (page.finished) return;
    page.finished = true;
    page.setOffline(false);
    page.form.classList.add("locked");
    if (data && data.moved) {
      // Moved to another browser: stop here and say so; what this page kept stays in its storage.
      var moved = document.getElementById("moved-notice");
      moved.hidden = false;
      page.form.hidden = true;
      moved.scrollIntoView();
      return;
    }
    page.onFinish.forEach(function (tidy) { tidy(); });
    window.location.replace(cfg.urls.page);
  };

  window.TestPage = page;
})();
