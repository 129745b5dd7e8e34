// The candidate card: j / k (or Alt+→ / Alt+←) open the next / previous candidate of the list or
// board column the card came from; the links are on the page (#card-next, #card-previous).
"use strict";
(function () {
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || typing(event.target)) return;
    let id = null;
    if ((event.key === "j" && !event.altKey) || (event.altKey && event.key === "ArrowRight")) id = "card-next";
    if ((event.key === "k" && !event.altKey) || (event.altKey && event.key === "ArrowLeft")) id = "card-previous";
    const link = id && document.getElementById(id);
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });
})();
