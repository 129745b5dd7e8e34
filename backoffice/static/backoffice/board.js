/* The vacancy board: drag a card to another column, or use its "Move to" form, without reloading.
 * Both paths POST the card's own form (CSRF token included) to the move view; without JavaScript the
 * form posts normally and the page comes back. No dependencies. */
(function () {
  "use strict";

  function init() {
    var board = document.querySelector(".board[data-move-url]");
    if (!board) return;
    var live = document.getElementById("board-status");
    var dragged = null;

    function say(text) { live.textContent = text; }

    // A column shows its first cards only: its count and ages come from the server (the move's answer).
    function refreshColumn(column, stats) {
      if (!stats) return;
      column.querySelector("[data-count]").textContent = stats.count;
      var age = column.querySelector("[data-age]");
      // One decimal, written as the page's language writes it (0,0 in Russian), as the server renders it.
      var average = Number(stats.average).toLocaleString(document.documentElement.lang || undefined,
        { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      age.textContent = stats.count ? age.dataset.template
        .replace("{oldest}", stats.oldest).replace("{average}", average) : "—";
    }

    // "Show more": the column's next cards, appended; a card already there (moved in) is not repeated.
    function showMore(button) {
      var column = button.closest(".board-column");
      var params = new URLSearchParams({
        column: column.dataset.status, offset: button.dataset.offset,
        q: board.dataset.search || "", source: board.dataset.source || ""
      });
      button.disabled = true;
      fetch(board.dataset.moreUrl + "?" + params.toString(), {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (response) { return response.json(); }).then(function (body) {
        if (!body.ok) { say(board.dataset.failed); return; }
        var holder = document.createElement("template");
        holder.innerHTML = body.html;
        var list = column.querySelector(".board-cards");
        holder.content.querySelectorAll(".board-card").forEach(function (card) {
          if (!document.getElementById(card.id)) list.appendChild(card);
        });
        if (body.next === null) button.remove();
        else { button.dataset.offset = body.next; button.disabled = false; }
      }).catch(function () { say(board.dataset.failed); button.disabled = false; });
    }

    function columnOf(status) { return board.querySelector('.board-column[data-status="' + status + '"]'); }

    // A rejection asks for its reason first (the reports count it; the candidate's message may
    // follow it); "Cancel" or Escape leaves the card where it was.
    var rejectDialog = document.getElementById("board-reject");

    function askReason(card, then) {
      var reason = rejectDialog.querySelector("select");
      var select = card.querySelector("form.board-move select[name=status]");
      rejectDialog.querySelector("[data-candidate]").textContent =
        card.querySelector(".board-name").textContent;
      reason.value = "";
      rejectDialog.returnValue = "";
      rejectDialog.addEventListener("close", function closed() {
        rejectDialog.removeEventListener("close", closed);
        if (rejectDialog.returnValue === "reject") { then(reason.value); return; }
        say(rejectDialog.dataset.notMoved);
        if (select) { select.value = card.closest(".board-column").dataset.status; select.focus(); }
      });
      rejectDialog.showModal();
      reason.focus();
    }

    function move(card, status) {
      var form = card.querySelector("form.board-move");
      var from = card.closest(".board-column");
      if (!form || from.dataset.status === status) return;
      if (rejectDialog && status === rejectDialog.dataset.rejected) {
        askReason(card, function (reason) { send(card, form, from, status, reason); });
        return;
      }
      send(card, form, from, status, "");
    }

    function send(card, form, from, status, reason) {
      var data = new FormData(form);
      data.set("status", status);
      if (reason) data.set("rejection_reason", reason);
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (!result.ok || !result.body.ok) { say(board.dataset.failed); return; }
        var target = columnOf(status);
        card.dataset.days = "0";
        target.querySelector(".board-cards").prepend(card);
        form.querySelector("select[name=status]").value = status;
        var more = from.querySelector(".board-more");  // the column's next page starts one earlier now
        if (more) more.dataset.offset = Math.max(0, parseInt(more.dataset.offset, 10) - 1);
        refreshColumn(from, result.body.columns && result.body.columns[from.dataset.status]);
        refreshColumn(target, result.body.columns && result.body.columns[status]);
        say(result.body.message);
        var select = form.querySelector("select[name=status]");
        if (select && document.activeElement && card.contains(document.activeElement)) select.focus();
      }).catch(function () { say(board.dataset.failed); });
    }

    board.querySelectorAll("[data-age]").forEach(function (age) {
      age.dataset.template = board.dataset.ageTemplate || "{oldest} / {average}";
    });

    board.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(".board-more");
      if (button) showMore(button);
    });

    board.addEventListener("submit", function (event) {
      var form = event.target.closest("form.board-move");
      if (!form) return;
      event.preventDefault();
      move(form.closest(".board-card"), form.querySelector("select[name=status]").value);
    });

    board.addEventListener("dragstart", function (event) {
      var card = event.target.closest && event.target.closest(".board-card");
      if (!card) return;
      dragged = card;
      card.classList.add("board-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.application);
    });
    board.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("board-dragging");
      board.querySelectorAll(".board-drop").forEach(function (c) { c.classList.remove("board-drop"); });
      dragged = null;
    });
    board.querySelectorAll(".board-column").forEach(function (column) {
      column.addEventListener("dragover", function (event) {
        if (!dragged) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        column.classList.add("board-drop");
      });
      column.addEventListener("dragleave", function (event) {
        if (!column.contains(event.relatedTarget)) column.classList.remove("board-drop");
      });
      column.addEventListener("drop", function (event) {
        event.preventDefault();
        column.classList.remove("board-drop");
        var id = event.dataTransfer.getData("text/plain");
        var card = dragged || document.getElementById("card-" + id);
        if (card) move(card, column.dataset.status);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
