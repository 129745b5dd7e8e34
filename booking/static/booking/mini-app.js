/* The booking page inside Telegram (a Mini App, `?via=telegram`): loaded only in that mode, after
 * Telegram's telegram-web-app.js. It tells Telegram the page is ready, expands it and follows
 * Telegram's theme colours. The invitation's token is the key: nothing is sent to the server. */
(function () {
  "use strict";
  var webApp = window.Telegram && window.Telegram.WebApp;
  if (!webApp) {
    return;
  }
  var THEME = { secondary_bg_color: "--bg", bg_color: "--card", text_color: "--text", hint_color: "--muted", button_color: "--accent", link_color: "--accent-dark" };
  var params = webApp.themeParams || {};
  Object.keys(THEME).forEach(function (name) {
    if (/^#[0-9a-fA-F]{3,8}$/.test(params[name] || "")) {
      document.documentElement.style.setProperty(THEME[name], params[name]);
    }
  });
  webApp.ready();
  webApp.expand();
})();
