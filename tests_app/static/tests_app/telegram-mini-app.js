/* The test page inside Telegram (a Mini App, `?via=telegram`): loaded only in that mode, after
 * Telegram's telegram-web-app.js. It tells Telegram the page is ready, follows Telegram's theme
 * colours and viewport, and sends the signed initData to the server, which binds the attempt to
 * that Telegram user. No inline script: the page's CSP stays strict. */
(function () {
  "use strict";
  var webApp = window.Telegram && window.Telegram.WebApp;
  var bindUrl = document.querySelector('meta[name="telegram-bind-url"]');
  var root = document.documentElement;
  if (!webApp || !bindUrl) {
    return;
  }
  var gettext = window.gettext || function (text) { return text; };
  var THEME = {
    secondary_bg_color: "--bg",
    bg_color: "--card",
    text_color: "--text",
    hint_color: "--muted",
    button_color: "--accent",
    link_color: "--accent-dark",
    section_separator_color: "--border"
  };

  function applyTheme() {
    var params = webApp.themeParams || {};
    Object.keys(THEME).forEach(function (name) {
      if (/^#[0-9a-fA-F]{3,8}$/.test(params[name] || "")) {
        root.style.setProperty(THEME[name], params[name]);
      }
    });
    root.style.colorScheme = webApp.colorScheme === "dark" ? "dark" : "light";
  }

  function applyViewport() {
    var height = webApp.viewportStableHeight || webApp.viewportHeight;
    if (height) {
      root.style.setProperty("--tg-viewport-height", height + "px");
    }
  }

  function showRefusal() {
    var note = document.createElement("p");
    note.className = "telegram-refused";
    note.setAttribute("role", "alert");
    note.textContent = gettext("This test could not be opened in Telegram. Please use the link in the invitation.");
    var page = document.querySelector("main") || document.body;
    page.insertBefore(note, page.firstChild);
  }

  root.classList.add("telegram-mini-app");
  applyTheme();
  applyViewport();
  if (typeof webApp.onEvent === "function") {
    webApp.onEvent("themeChanged", applyTheme);
    webApp.onEvent("viewportChanged", applyViewport);
  }
  if (typeof webApp.ready === "function") {
    webApp.ready();
  }
  if (typeof webApp.expand === "function") {
    webApp.expand();
  }

  fetch(bindUrl.content, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ init_data: webApp.initData || "" })
  }).then(function (response) {
    return response.json().then(function (body) {
      root.dataset.telegramBinding = response.ok ? "bound" : "refused";
      if (!response.ok) {
        showRefusal();
      }
    });
  }).catch(function () {
    root.dataset.telegramBinding = "offline";
  });
})();
