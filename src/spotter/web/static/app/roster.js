// Today for a trainer: the live region refreshes itself when a notification
// arrives (a trainee confirmed or cancelled a session, logged a workout),
// through the same server-sent-events stream as the unread count in app.js.
(function () {
  "use strict";

  function refresh(region, status) {
    if (!window.htmx) return;
    window.htmx.ajax("GET", region.getAttribute("data-live-url"), {
      target: region,
      swap: "innerHTML",
    }).then(function () {
      // Said once, politely, to screen-reader users.
      if (status) status.textContent = status.getAttribute("data-live-message") || "";
    });
  }

  function listen() {
    var region = document.querySelector("[data-live-url]");
    if (!region || !window.EventSource) return;
    var status = document.querySelector("[data-live-status]");
    var source = new EventSource("/notifications/stream");
    // Marks the region as listening (what the browser tests wait for).
    source.addEventListener("open", function () { region.setAttribute("data-live", "open"); });
    source.addEventListener("notification", function () { refresh(region, status); });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", listen);
  else listen();
})();
