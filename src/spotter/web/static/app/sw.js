/* Spotter's service worker, served at /sw.js so that its scope is the whole app.
 *
 * It keeps what the logger needs to open with no network: the /log page, the
 * exercise catalogue and the static files those pages load (the page posts
 * their URLs once the worker is active, since the first load happens before
 * the worker controls it). Pages are network-first (fresh when online, the
 * last copy when not); static files and the catalogue are served from the
 * cache and refreshed behind (stale-while-revalidate). POSTs, the API and
 * other hosts are never touched: the outbox in offline.js owns sending.
 */
"use strict";

var VERSION = "spotter-2026-11-v1";
var PAGES = VERSION + "-pages";
var ASSETS = VERSION + "-assets";
var LOGGER = "/log";
var CATALOGUE = "/log/catalogue.json";
// Pages kept for reading offline; any other page falls back to the logger.
var KEPT_PAGES = ["/", "/log", "/history", "/progress", "/body-weight"];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(PAGES).then(function (cache) {
      return Promise.all([LOGGER, CATALOGUE].map(function (url) {
        // A signed-out visitor gets a redirect to /signin: nothing to keep yet.
        return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
          if (response.ok && !response.redirected) return cache.put(url, response);
          return undefined;
        }).catch(function () { return undefined; });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(VERSION) !== 0;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function sameOrigin(url) {
  return url.origin === self.location.origin;
}

function isAsset(url) {
  return url.pathname.indexOf("/static/") === 0 || url.pathname === CATALOGUE;
}

function keepable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

function forgetPages() {
  // Signing out must not leave a person's pages readable on a shared phone.
  return caches.delete(PAGES);
}

function staleWhileRevalidate(event, cacheName) {
  var request = event.request;
  var key = new URL(request.url).pathname === CATALOGUE ? CATALOGUE : request;
  var network = fetch(request).then(function (response) {
    if (keepable(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(cacheName).then(function (cache) { return cache.put(key, copy); }));
    }
    return response;
  });
  return caches.match(key).then(function (cached) {
    if (cached) {
      event.waitUntil(network.catch(function () { return undefined; }));
      return cached;
    }
    return network;
  });
}

function networkFirstPage(event, url) {
  var kept = KEPT_PAGES.indexOf(url.pathname) !== -1;
  return fetch(event.request).then(function (response) {
    if (response.redirected && new URL(response.url).pathname === "/signin") {
      event.waitUntil(forgetPages());
    } else if (kept && keepable(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGES).then(function (cache) {
        return cache.put(url.pathname, copy);
      }));
    }
    return response;
  }).catch(function (error) {
    return caches.match(url.pathname, { cacheName: PAGES }).then(function (page) {
      return page || caches.match(LOGGER, { cacheName: PAGES });
    }).then(function (page) {
      if (page) return page;
      throw error;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (!sameOrigin(url)) return;
  if (request.method === "POST" && url.pathname === "/signout") {
    event.waitUntil(forgetPages());
    return;
  }
  if (request.method !== "GET" || url.pathname.indexOf("/api/") === 0) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirstPage(event, url));
  } else if (isAsset(url)) {
    event.respondWith(staleWhileRevalidate(event, url.pathname === CATALOGUE ? PAGES : ASSETS));
  }
});

// The page lists the files it loaded; keep them for the next offline start.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "cache-urls" || !Array.isArray(data.urls)) return;
  var urls = data.urls.filter(function (url) {
    try { return sameOrigin(new URL(url, self.location.href)); } catch (e) { return false; }
  });
  var port = event.ports && event.ports[0];
  event.waitUntil(
    Promise.all(urls.map(function (url) {
      var parsed = new URL(url, self.location.href);
      var cacheName = isAsset(parsed) ? ASSETS : PAGES;
      if (parsed.pathname === CATALOGUE) cacheName = PAGES;
      var key = parsed.pathname === CATALOGUE || !isAsset(parsed) ? parsed.pathname : parsed.href;
      return caches.match(key).then(function (cached) {
        if (cached) return undefined;
        return fetch(parsed.href, { credentials: "same-origin" }).then(function (response) {
          if (keepable(response)) {
            return caches.open(cacheName).then(function (cache) { return cache.put(key, response); });
          }
          return undefined;
        }).catch(function () { return undefined; });
      });
    })).then(function () {
      if (port) port.postMessage({ type: "cached" });
    })
  );
});
