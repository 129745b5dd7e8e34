// Times on the test pages (<time data-local-time datetime="ISO">, UTC in the HTML) are shown in the
// browser's time zone, with the zone named, in the page's language.
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("time[data-local-time]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) return;
    var text = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }).format(when);
    el.textContent = text + (zone ? " (" + zone + ")" : "");
  });
})();
