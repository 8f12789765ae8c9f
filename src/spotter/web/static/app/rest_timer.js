/* The logger's rest timer: an Alpine component (the CSP build: the page's
 * attributes only name properties and methods; the logic is here).
 * "Add set" in logger.js starts it through the "spotter:rest" event.
 */
(function () {
  "use strict";

  var DEFAULT_REST = 90;

  function clock(seconds) {
    var s = Math.max(0, Math.round(seconds));
    var rest = s % 60;
    return Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function restTimer() {
    return {
      length: DEFAULT_REST,
      left: DEFAULT_REST,
      endsAt: 0,
      running: false,
      announcement: "",
      handle: null,
      init: function () {
        var self = this;
        window.addEventListener("spotter:rest", function (event) {
          self.length = (event.detail && event.detail.seconds) || self.length;
          self.start();
        });
      },
      get display() { return clock(this.left); },
      get idle() { return !this.running; },
      tick: function () {
        this.left = Math.max(0, (this.endsAt - Date.now()) / 1000);
        if (this.left <= 0) {
          this.stop();
          this.announcement = this.$el.getAttribute("data-text-done") || "";
          if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
        }
      },
      start: function () {
        var self = this;
        this.stop();
        this.announcement = "";
        this.left = this.length;
        this.endsAt = Date.now() + this.length * 1000;
        this.running = true;
        // Time from the clock, not from counting ticks: a phone throttles timers.
        this.handle = window.setInterval(function () { self.tick(); }, 250);
      },
      stop: function () {
        if (this.handle) window.clearInterval(this.handle);
        this.handle = null;
        this.running = false;
        if (this.left <= 0) this.left = this.length;
      },
      change: function (by) {
        this.length = Math.min(900, Math.max(15, this.length + by));
        if (this.running) {
          this.endsAt += by * 1000;
          this.tick();
        } else {
          this.left = this.length;
        }
      },
      more: function () { this.change(15); },
      less: function () { this.change(-15); }
    };
  }

  function registerTimer() { window.Alpine.data("restTimer", restTimer); }
  if (window.Alpine) registerTimer();
  else document.addEventListener("alpine:init", registerTimer);
})();
