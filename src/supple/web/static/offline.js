// Works without a connection: registers the service worker (sw.js) and sends session logs that were
// kept on this phone (the outbox in localStorage) once Supple answers again. Each log carries the
// client id made for its session; the server stores an id once, so a resend never doubles a session.

const OUTBOX = "supple.outbox";
export const CACHE = "supple-pages-v1"; // the service worker's cache: the same name as in sw.js (a test checks)
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

const REFUSED = `${OUTBOX}.refused`;

function readRefused() {
  try {
    const list = JSON.parse(window.localStorage.getItem(REFUSED) || "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function keepRefused(entry, status) {
  try {
    const refused = [...readRefused(), { ...entry, status }];
    window.localStorage.setItem(REFUSED, JSON.stringify(refused.slice(-20)));
  } catch {
    /* storage unavailable */
  }
  showRefused();
}

function when(entry) {
  const at = new Date(entry.at || "");
  if (Number.isNaN(at.getTime())) return "while offline";
  return `on ${at.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" })}`;
}

/** A log kept on this phone that Supple later refused is never dropped silently: say so on every
 * page until the person has read it, and point to where the session can be logged again. */
export function showRefused() {
  const refused = readRefused();
  const main = document.getElementById("main");
  const old = document.getElementById("refused-logs");
  if (old) old.remove();
  if (!refused.length || !main) return;
  const box = document.createElement("section");
  box.id = "refused-logs";
  box.className = "notice";
  box.setAttribute("role", "status");
  box.dataset.testid = "refused-logs";
  const heading = document.createElement("h2");
  heading.textContent =
    refused.length === 1 ? "One session was not saved" : `${refused.length} sessions were not saved`;
  const text = document.createElement("p");
  const dates = refused.map(when).join(", ");
  text.textContent =
    `You logged ${refused.length === 1 ? "a session" : "sessions"} ${dates} while Supple could not be reached. ` +
    "When the phone sent it later, Supple could not accept it, so it is not in your history. " +
    "If you want it counted, log it again from your routine.";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button-secondary";
  button.textContent = "I have read this";
  button.dataset.testid = "refused-logs-dismiss";
  button.addEventListener("click", () => {
    try {
      window.localStorage.removeItem(REFUSED);
    } catch {
      /* storage unavailable */
    }
    box.remove();
    document.documentElement.style.removeProperty("overflow-anchor");
    main.focus();
  });
  box.append(heading, text, button);
  // Added above what is on screen: without this the browser would keep the view where it was
  // (scroll anchoring) and the notice would sit out of sight above it; kept off while it is shown.
  document.documentElement.style.overflowAnchor = "none";
  main.prepend(box);
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

/** Where the stored session's result is: the server answers the player's own sends with
 * {"url": ...} (asked for with Accept: application/json) instead of a redirect to follow. */
export async function resultUrl(response) {
  try {
    const data = await response.json();
    if (data && typeof data.url === "string") return data.url;
  } catch {
    /* an answer without the address: the page it came from */
  }
  return response.url;
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
          headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
          credentials: "same-origin",
        });
      } catch {
        break; // still unreachable
      }
      if (response.status >= 500) break;
      write(read().filter((e) => e.id !== entry.id)); // stored, or refused for good (4xx): not sent again
      if (!response.ok) keepRefused(entry, response.status);
      if (response.ok) announce(await resultUrl(response));
    }
  })().finally(() => {
    flushing = null;
    schedule();
  });
  return flushing;
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  // A clinic's pages are about a client: nothing of them is kept on the device (<html data-keep-pages>).
  const keepPages = document.documentElement.dataset.keepPages !== "no";
  const firstVisit = keepPages && !navigator.serviceWorker.controller;
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(() => {
      // This page came before the worker: keep a copy of it too, so it opens offline.
      // Only a page that came as a plain success: an error page (a refused form, 422) is not kept,
      // and fetching its address again would only fail.
      const nav = performance.getEntriesByType("navigation")[0];
      const fine = !nav || !("responseStatus" in nav) || nav.responseStatus === 200;
      if (firstVisit && fine && "caches" in window) {
        return caches
          .open(CACHE)
          .then((c) => fetch(window.location.href).then((r) => (r.ok ? c.put(window.location.href, r) : undefined)));
      }
      return undefined;
    })
    .catch(() => {});
}
// Back online: send now; if an attempt made while still offline is under way, send again once it ends
// (else the kept log would wait for the next retry, half a minute later).
window.addEventListener("online", () => (flushing ? flushing.then(() => flush()) : flush()));
if (read().length) flush();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showRefused);
else showRefused();
