// "Sign in with Google": Google Identity Services hands us an ID token,
// which our own form (with its CSRF token) posts to /signin/google.
(function () {
  "use strict";
  var button = document.getElementById("google-button");
  var form = document.getElementById("google-form");
  if (!button || !form) return;
  var ready = false;

  function onCredential(response) {
    form.elements.credential.value = response.credential;
    form.submit();
  }

  function setUp() {
    if (ready || !window.google || !window.google.accounts) return ready;
    window.google.accounts.id.initialize({
      client_id: button.getAttribute("data-client-id"),
      callback: onCredential,
      ux_mode: "popup",
    });
    ready = true;
    return ready;
  }

  button.addEventListener("click", function () {
    if (setUp()) window.google.accounts.id.prompt();
  });
})();
