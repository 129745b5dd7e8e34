// The candidate test page, part 1 of 4: what the other parts share (loaded first, all with `defer`).
// The server owns every rule (deadline, status); these scripts only report and follow its answers.
// test-core.js (config, requests, the end of the page), test-answers.js (the answer queue),
// test-proctoring.js (proctoring events), test.js (timer, heartbeat, submit, start).
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
  // what the server says about the link.
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

  page.finish = function () {
    if (page.finished) return;
    page.finished = true;
    page.onFinish.forEach(function (tidy) { tidy(); });
    page.form.classList.add("locked");
    window.location.replace(cfg.urls.page);
  };

  window.TestPage = page;
})();
