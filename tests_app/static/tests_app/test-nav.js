// The candidate test page: "N of M answered", the jump list, and flags for later (kept in
// localStorage, like the answers). The submit dialog reads `page.nav.summary()`.
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  };

  var page = window.TestPage;
  var form = page.form;
  var progressEl = document.getElementById("progress");
  var flagKey = "test-flags:" + page.cfg.token;
  var flags = {};
  try {
    (JSON.parse(localStorage.getItem(flagKey)) || []).forEach(function (id) { flags[id] = true; });
  } catch (e) { /* no storage: flags live as long as the page */ }

  function fieldsets() {
    return Array.prototype.slice.call(form.querySelectorAll("fieldset[data-question-id]"));
  }

  function storeFlags() {
    try {
      localStorage.setItem(flagKey, JSON.stringify(Object.keys(flags)));
    } catch (e) { /* see above */ }
  }

  function update() {
    var answered = 0;
    fieldsets().forEach(function (fs) {
      var id = fs.dataset.questionId;
      var done = page.answers.isAnswered(fs);
      var flagged = !!flags[id];
      if (done) answered += 1;
      var link = document.querySelector('[data-jump="' + id + '"]');
      var states = [interpolate(gettext("Question %(number)s"), { number: fs.dataset.number }, true)];
      states.push(done ? gettext("answered") : gettext("not answered"));
      if (flagged) states.push(gettext("flagged for later"));
      link.classList.toggle("answered", done);
      link.classList.toggle("flagged", flagged);
      link.setAttribute("aria-label", states.join(", "));
      var button = fs.querySelector("[data-flag]");
      button.setAttribute("aria-pressed", flagged ? "true" : "false"); // a toggle: its name stays
      fs.classList.toggle("flagged", flagged);
    });
    progressEl.textContent = interpolate(
      gettext("%(answered)s of %(total)s answered"), { answered: answered, total: progressEl.dataset.total }, true
    );
    progressEl.dataset.answered = answered;
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-flag]");
    if (!button) return;
    var id = button.dataset.flag;
    if (flags[id]) delete flags[id]; else flags[id] = true;
    storeFlags();
    update();
  });
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  page.onFinish.push(function () {
    try { localStorage.removeItem(flagKey); } catch (e) { /* see above */ }
  });

  page.nav = {
    update: update,
    summary: function () {
      var result = { unanswered: [], flagged: [] };
      fieldsets().forEach(function (fs) {
        if (!page.answers.isAnswered(fs)) result.unanswered.push(fs.dataset.number);
        if (flags[fs.dataset.questionId]) result.flagged.push(fs.dataset.number);
      });
      return result;
    },
  };
})();
