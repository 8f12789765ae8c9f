// Spotter's shared browser code: the live unread count, htmx wiring and the
// small Alpine components of E's pages. No inline script anywhere (CSP).
(function () {
  "use strict";

  // The unread count in the nav: its accessible name includes the number.
  function setUnread(count) {
    var badge = document.querySelector("[data-unread-count]");
    var words = document.querySelector("[data-unread-words]");
    if (!badge) return;
    badge.textContent = " " + count;
    badge.hidden = count < 1;
    if (words) words.hidden = count < 1;
  }

  function refreshUnread() {
    fetch("/notifications/count", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body) setUnread(body.unread); })
      .catch(function () { /* offline: keep the last number */ });
  }

  // New notifications arrive through the server-sent-events stream, which
  // takes the sign-in cookie; EventSource reconnects by itself.
  function listen() {
    if (!document.querySelector("[data-unread-link]") || !window.EventSource) return;
    var source = new EventSource("/notifications/stream");
    source.addEventListener("notification", refreshUnread);
    window.addEventListener("pagehide", function () { source.close(); });
  }

  // A page can say the count changed (mark read): HX-Trigger {"unread-changed": {"unread": n}}.
  document.addEventListener("unread-changed", function (event) {
    var detail = event.detail || {};
    if (typeof detail.unread === "number") setUnread(detail.unread);
    else refreshUnread();
  });

  // Copy a read-only field's value (the calendar link).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field || !navigator.clipboard) return;
    navigator.clipboard.writeText(field.value).then(function () {
      var done = button.getAttribute("data-copied-label");
      if (done) button.textContent = done;
    });
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", listen);
  else listen();
})();
