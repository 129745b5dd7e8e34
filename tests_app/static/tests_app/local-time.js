// Times on the test pages (<time data-local-time datetime="ISO">, UTC in the HTML) are shown in the
// browser's time zone, with the zone named, in the page's language: a date and a time, or only the
// time where the sentence already says the day (data-local-time="time": "Ends at 20:31").
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("time[data-local-time]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when.getTime())) return;
    var style = el.getAttribute("data-local-time") === "time" ? { timeStyle: "short" } : { dateStyle: "long", timeStyle: "short" };
    var text = new Intl.DateTimeFormat(lang, style).format(when);
    el.textContent = text + (zone ? " (" + zone + ")" : "");
  });
})();
