/* Offline support shared by the pages: the service worker and the outbox.
 *
 * A finished workout is written to IndexedDB (store "outbox") together with
 * the Idempotency-Key made when it was finished, and only then sent. It is
 * removed from the outbox once the server has answered it (201, or the
 * replay of the stored answer), so a retry after a lost answer reuses the
 * same key and the server stores the workout once. Sending runs on load, on
 * the "online" event and every RETRY_MS, one sender at a time (a Web Lock
 * across tabs, a promise within the page).
 *
 * The page's element [data-sync-status] (role="status") reads "Saved on
 * this device" while something waits and "Synced" when all has been sent;
 * the texts come from its data-* attributes, so they are translated. Its
 * data-user names who is signed in: a phone shared by two people sends each
 * one's workouts only under their own sign-in.
 */
(function () {
  "use strict";

  var DB_NAME = "spotter-offline";
  var DB_VERSION = 1;
  var OUTBOX = "outbox";
  var SENT = "sent";
  var RETRY_MS = 30000;
  var LOCK_NAME = "spotter-outbox";

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains(OUTBOX)) {
          db.createObjectStore(OUTBOX, { keyPath: "key" });
        }
        if (!db.objectStoreNames.contains(SENT)) {
          db.createObjectStore(SENT, { keyPath: "key" });
        }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(storeName, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode);
        var result = work(tx.objectStore(storeName));
        tx.oncomplete = function () {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function currentUser() {
    var el = document.querySelector("[data-sync-status]");
    return el ? el.getAttribute("data-user") : null;
  }

  // What waits to be sent for the person signed in on this page.
  function pending() {
    var user = currentUser();
    return run(OUTBOX, "readonly", function (store) { return store.getAll(); })
      .then(function (items) {
        return items.filter(function (item) { return item.user === user; });
      });
  }

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID exists only in secure contexts; a LAN address over http is not one.
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- status line ---------------------------------------------------------

  function statusElement() {
    return document.querySelector("[data-sync-status]");
  }

  function say(kind, detail) {
    var el = statusElement();
    if (!el) return;
    var text = el.getAttribute("data-text-" + kind) || "";
    el.textContent = detail ? text + " " + detail : text;
    el.setAttribute("data-state", kind);
    el.hidden = false;
  }

  function showProblems(items) {
    var box = document.querySelector("[data-sync-problems]");
    if (!box) return;
    var list = box.querySelector("ul");
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = (item.label || item.body.date) + ": " + item.error;
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button secondary";
      discard.textContent = box.getAttribute("data-text-discard") || "Discard";
      discard.addEventListener("click", function () {
        run(OUTBOX, "readwrite", function (store) { return store.delete(item.key); })
          .then(refreshStatus);
      });
      li.appendChild(document.createTextNode(" "));
      li.appendChild(discard);
      list.appendChild(li);
    });
    box.hidden = items.length === 0;
  }

  function refreshStatus() {
    return pending().then(function (items) {
      var failed = items.filter(function (item) { return item.error; });
      showProblems(failed);
      if (items.length > failed.length) {
        say("saved");
      } else if (failed.length) {
        say("failed");
      } else if (lastSent) {
        say("synced");
      }
      return items;
    });
  }

  // --- sending ---------------------------------------------------------------

  var lastSent = false;
  var sending = null;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) return meta.getAttribute("content");
    var headers = document.body && document.body.getAttribute("hx-headers");
    if (headers) {
      try { return JSON.parse(headers)["X-CSRF-Token"]; } catch (e) { /* not JSON */ }
    }
    var field = document.querySelector('input[name="csrf_token"]');
    return field ? field.value : "";
  }

  function freshToken() {
    // A page served from the cache may carry an older token.
    return fetch("/log/token.json", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { return data ? data.csrfToken : null; });
  }

  function post(item, token) {
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Idempotency-Key": item.key,
        "X-CSRF-Token": token || ""
      },
      body: JSON.stringify(item.body)
    });
  }

  function problemText(response) {
    return response.json().then(function (problem) {
      var errors = (problem && problem.errors) || [];
      var first = errors.length ? errors[0].message : "";
      return first || (problem && (problem.detail || problem.title)) || String(response.status);
    }, function () { return String(response.status); });
  }

  // One item: true when the server has it, false to try again later.
  function sendOne(item) {
    return post(item, csrfToken()).then(function (response) {
      if (response.status === 403) {
        return freshToken().then(function (token) {
          return token ? post(item, token) : response;
        });
      }
      return response;
    }).then(function (response) {
      if (response.ok) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          return run(SENT, "readwrite", function (store) {
            return store.put({
              key: item.key, url: item.url, body: item.body,
              workoutId: answer && answer.id, sentAt: Date.now()
            });
          }).then(function () {
            return run(OUTBOX, "readwrite", function (store) { return store.delete(item.key); });
          }).then(function () { return true; });
        });
      }
      var retryLater = response.status === 401 || response.status === 403 ||
        response.status === 409 || response.status === 429 || response.status >= 500 ||
        response.redirected;
      if (retryLater) return false;
      // The server refused the workout itself (422): keep it, say why, let the person decide.
      return problemText(response).then(function (text) {
        item.error = text;
        return run(OUTBOX, "readwrite", function (store) { return store.put(item); })
          .then(function () { return false; });
      });
    }, function () { return false; });
  }

  function sendAll() {
    return pending().then(function (items) {
      var waiting = items.filter(function (item) { return !item.error; });
      return waiting.reduce(function (chain, item) {
        return chain.then(function (allSent) {
          return sendOne(item).then(function (sent) { return allSent && sent; });
        });
      }, Promise.resolve(true)).then(function (allSent) {
        if (waiting.length && allSent) lastSent = true;
        return refreshStatus();
      });
    });
  }

  function flush() {
    if (sending) return sending;
    var locked = navigator.locks && typeof navigator.locks.request === "function"
      ? navigator.locks.request(LOCK_NAME, sendAll)
      : sendAll();
    sending = locked.catch(function () { /* stays queued */ }).then(function (result) {
      sending = null;
      return result;
    });
    return sending;
  }

  // Keep a finished workout on this device first, then try to send it.
  function submit(url, body, label) {
    var item = {
      key: uuid4(), user: currentUser(), url: url, body: body, label: label || "", createdAt: Date.now()
    };
    return run(OUTBOX, "readwrite", function (store) { return store.put(item); })
      .then(function () {
        lastSent = false;
        say("saved");
        return flush();
      })
      .then(function () { return item.key; });
  }

  // --- service worker ------------------------------------------------------

  function resourceUrls() {
    var urls = [location.pathname];
    var entries = (performance.getEntriesByType && performance.getEntriesByType("resource")) || [];
    entries.forEach(function (entry) { urls.push(entry.name); });
    document.querySelectorAll("script[src], link[rel=stylesheet][href], link[rel=preload][href]")
      .forEach(function (el) { urls.push(el.src || el.href); });
    return urls.filter(function (url) {
      var parsed = new URL(url, location.href);
      return parsed.origin === location.origin &&
        (parsed.pathname.indexOf("/static/") === 0 || parsed.pathname.indexOf("/log") === 0);
    });
  }

  function registerWorker() {
    var note = document.querySelector("[data-offline-note]");
    if (!("serviceWorker" in navigator) || !window.isSecureContext) {
      // Without a secure origin there is no service worker: the queue still
      // works while this page stays open, but the page cannot reopen offline.
      if (note) {
        note.textContent = note.getAttribute("data-text-insecure") || "";
        note.hidden = false;
      }
      return;
    }
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var worker = registration.active;
      if (!worker) return;
      var channel = new MessageChannel();
      channel.port1.onmessage = function () {
        document.documentElement.setAttribute("data-offline-ready", "true");
        if (note && note.getAttribute("data-text-ready")) {
          note.textContent = note.getAttribute("data-text-ready");
          note.hidden = false;
        }
      };
      worker.postMessage({ type: "cache-urls", urls: resourceUrls() }, [channel.port2]);
    }).catch(function () { /* the page still works online */ });
  }

  window.SpotterOffline = {
    submit: submit,
    flush: flush,
    pending: pending,
    sent: function () { return run(SENT, "readonly", function (store) { return store.getAll(); }); },
    uuid4: uuid4
  };

  window.addEventListener("online", flush);
  window.setInterval(function () { if (navigator.onLine) flush(); }, RETRY_MS);
  function start() {
    registerWorker();
    refreshStatus().then(function (items) { if (items.length) flush(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
