// The candidate test page: the code editor of a "code answer" question. A plain textarea in
// monospace with line numbers beside it; Tab indents (Shift+Tab outdents), Enter keeps the line's
// indentation. Esc releases the Tab key once, so the keyboard can always leave the editor.
(function () {
  "use strict";
  var INDENT = "    ";

  function insert(textarea, text, start, end) {
    textarea.setRangeText(text, start, end, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function lineStart(value, position) {
    return value.lastIndexOf("\n", position - 1) + 1;
  }

  function numberLines(textarea, gutter) {
    var count = textarea.value.split("\n").length;
    if (gutter.dataset.count === String(count)) return;
    var lines = [];
    for (var i = 1; i <= count; i += 1) lines.push(i);
    gutter.textContent = lines.join("\n");
    gutter.dataset.count = String(count);
  }

  function onKey(event, textarea, state) {
    var value = textarea.value;
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    if (event.key === "Escape") {
      state.released = true;
      return;
    }
    if (event.key === "Tab" && !state.released && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      var from = lineStart(value, start);
      if (event.shiftKey) {
        var spaces = value.slice(from, from + INDENT.length).match(/^ */)[0].length;
        if (spaces) insert(textarea, "", from, from + spaces);
      } else {
        insert(textarea, INDENT, start, end);
      }
    } else if (event.key === "Enter" && !event.shiftKey) {
      var indent = value.slice(lineStart(value, start), start).match(/^[ \t]*/)[0];
      if (indent) {
        event.preventDefault();
        insert(textarea, "\n" + indent, start, end);
      }
    }
    if (event.key !== "Shift") state.released = false;
  }

  document.querySelectorAll(".code-editor").forEach(function (editor) {
    var textarea = editor.querySelector("textarea");
    var gutter = editor.querySelector(".code-lines");
    var state = { released: false };
    textarea.addEventListener("keydown", function (event) { onKey(event, textarea, state); });
    textarea.addEventListener("input", function () { numberLines(textarea, gutter); });
    textarea.addEventListener("scroll", function () { gutter.scrollTop = textarea.scrollTop; });
    numberLines(textarea, gutter);
  });
})();
