// Supple's service worker: the pages, scripts and figures already seen work without a connection.
// Network first (the server is on this machine or the home network and answers fast), the cached copy
// when it cannot be reached. Only this origin's GET requests are touched; the JSON API and every
// POST go straight to the network (offline.js keeps session logs and sends them later).
// In clinic mode the server serves this file with KEEP_PAGES false: a shared or lost device must not
// hold pages about clients, so only the site's own files (styles, scripts, figures) are kept, and
// logging out clears what the site stored (the Clear-Site-Data header).

const CACHE = "supple-pages-v1";
const KEEP_PAGES = true;
const STATIC = [
  "/static/style.css",
  "/static/player.css",
  "/static/session.css",
  "/static/player.js",
  "/static/player-core.js",
  "/static/player-log.js",
  "/static/offline.js",
  "/static/figure.js",
  "/static/sound.js",
  "/static/favicon.svg",
  "/manifest.webmanifest",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.all(STATIC.map((url) => cache.add(url).catch(() => {}))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("supple-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function cacheable(request) {
  const url = new URL(request.url);
  return (
    request.method === "GET" &&
    url.origin === self.location.origin &&
    !url.pathname.startsWith("/api/") &&
    url.pathname !== "/sw.js"
  );
}

function sharedFile(request) {
  const path = new URL(request.url).pathname;
  return path.startsWith("/static/") || path.startsWith("/figures/") || path === "/manifest.webmanifest";
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && (KEEP_PAGES || sharedFile(request))) {
      cache.put(request, response.clone());
    }
    return response;
  } catch (err) {
    const kept = await cache.match(request);
    if (kept) return kept;
    if (request.mode === "navigate") {
      return new Response(
        "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
          "<link rel=icon href='data:,'>" +
          "<title>Offline — Supple</title><h1>Supple cannot be reached</h1>" +
          "<p>This page was not opened before, so it is not kept on this phone. Open your routine or " +
          "today's session instead, or try again when the connection is back.</p>",
        { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
      );
    }
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  if (cacheable(event.request)) event.respondWith(networkFirst(event.request));
});
