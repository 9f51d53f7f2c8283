// Works without a connection: registers the service worker (sw.js) and sends session logs that were
// kept on this phone (the outbox in localStorage) once Supple answers again. Each log carries the
// client id made for its session; the server stores an id once, so a resend never doubles a session.

const OUTBOX = "supple.outbox";
const CACHE = "supple-pages-v1"; // the service worker's cache (sw.js)
const RETRY_MS = 30_000;

function read() {
  try {
    const list = JSON.parse(window.localStorage.getItem(OUTBOX) || "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function write(list) {
  try {
    if (list.length) window.localStorage.setItem(OUTBOX, JSON.stringify(list));
    else window.localStorage.removeItem(OUTBOX);
  } catch {
    /* storage unavailable */
  }
}

function keepRefused(entry, status) {
  try {
    const refused = JSON.parse(window.localStorage.getItem(`${OUTBOX}.refused`) || "[]");
    refused.push({ ...entry, status });
    window.localStorage.setItem(`${OUTBOX}.refused`, JSON.stringify(refused.slice(-20)));
  } catch {
    /* storage unavailable */
  }
}

/** Keep a log to send later; the same session (client id) is kept once. */
export function enqueue(entry) {
  write([...read().filter((e) => e.id !== entry.id), entry]);
  schedule();
}

export function pending() {
  return read();
}

let flushing = null;
let retry = null;

function schedule() {
  if (retry === null && read().length) {
    retry = window.setTimeout(() => {
      retry = null;
      flush();
    }, RETRY_MS);
  }
}

function announce(url) {
  const box = document.getElementById("p-queued");
  if (!box || box.hidden) return;
  box.querySelector("h2").textContent = "Well done. Your session is saved";
  const p = box.querySelector("p");
  p.textContent = "Supple has it now. ";
  const link = document.createElement("a");
  link.href = url;
  link.textContent = "See how it went";
  link.dataset.testid = "sent-link";
  p.append(link);
}

/** Send every kept log, oldest first; stop at the first that cannot reach the server. */
export function flush() {
  if (flushing) return flushing;
  flushing = (async () => {
    for (const entry of read()) {
      let response;
      try {
        response = await fetch(entry.action, {
          method: "POST",
          body: entry.body,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          credentials: "same-origin",
        });
      } catch {
        break; // still unreachable
      }
      if (response.status >= 500) break;
      write(read().filter((e) => e.id !== entry.id)); // stored, or refused for good (4xx): not sent again
      if (!response.ok) keepRefused(entry, response.status);
      if (response.ok) announce(response.url);
    }
  })().finally(() => {
    flushing = null;
    schedule();
  });
  return flushing;
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  const firstVisit = !navigator.serviceWorker.controller;
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(() => {
      // This page came before the worker: keep a copy of it too, so it opens offline.
      if (firstVisit && "caches" in window) return caches.open(CACHE).then((c) => c.add(window.location.href));
      return undefined;
    })
    .catch(() => {});
}
window.addEventListener("online", () => flush());
if (read().length) flush();
