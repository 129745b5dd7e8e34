// The candidate page's chat opens on its latest message (no inline script: CSP).
"use strict";
(function () {
  const thread = document.getElementById("chat-thread");
  if (thread) thread.scrollTop = thread.scrollHeight;
})();
