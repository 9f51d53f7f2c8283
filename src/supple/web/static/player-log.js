// The log after the player: ticks what was done, and sends the form. When Supple cannot be reached
// the log is kept on the phone (offline.js's outbox) with the session's client id, and sent once
// the server answers again; the server stores a client id once, so nothing is saved twice.

import { CACHE, enqueue, flush, resultUrl } from "./offline.js";

/** A random id for one session, made here so a resend can be recognised. */
export function newClientId() {
  if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Put this page (``keepPage``: it was opened, not posted to), every figure it will show and the routine's thumbnails in
 * the offline cache (the service worker keeps the scripts and styles itself, sw.js). */
export function keepForOffline(data, keepPage) {
  if (!("caches" in window)) return;
  const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const figures = data.items.flatMap((item) => {
    const sides = item.sides === "each" ? ["left", "right"] : [null];
    return sides.map((side) => {
      const q = new URLSearchParams();
      if (still) q.set("still", "1");
      if (side) q.set("side", side);
      const qs = q.toString();
      return `/figures/exercises/${encodeURIComponent(item.id)}.svg${qs ? `?${qs}` : ""}`;
    });
  });
  // The routine page's small still pictures too: they load only when scrolled to, so one further
  // down the list may never have been fetched before the phone goes offline.
  const thumbs = data.items.map((item) => `/figures/exercises/${encodeURIComponent(item.id)}.svg?still=1`);
  const urls = [...new Set([...(keepPage ? [window.location.href] : []), ...figures, ...thumbs])];
  window.caches
    .open(CACHE)
    .then((cache) => Promise.all(urls.map((u) => cache.add(u).catch(() => {}))))
    .catch(() => {});
}

/** The hint above the list of exercises, worded for what is ticked. */
export function doneHint(ticked, total) {
  if (ticked === 0) return "Nothing is ticked yet. Tick anything you did, even in part.";
  if (ticked === total) return "Untick anything you skipped.";
  return "Ticked: what the timer saw you finish. Tick anything else you did, or untick what you skipped.";
}

export class SessionLog {
  constructor(section, onSaved) {
    this.section = section;
    this.form = section.querySelector("form");
    this.onSaved = onSaved;
    this.form.addEventListener("submit", (e) => this.submit(e));
  }

  hide() {
    this.section.hidden = true;
    this.section.removeAttribute("data-await-player");
  }

  show(done, words, clientId, seconds = {}) {
    this.form.querySelectorAll('input[name$="-exercise"]').forEach((input, i) => {
      const box = this.form.querySelector(`input[name="item-${i}-done"]`);
      if (box) box.checked = done.has(i);
      const timed = this.form.querySelector(`input[name="item-${i}-seconds"]`);
      if (timed) timed.value = String(seconds[i] || 0);
    });
    this.form.querySelector('input[name="client_id"]').value = clientId;
    const total = this.form.querySelectorAll('input[name$="-exercise"]').length;
    const hint = this.section.querySelector("#done-hint");
    if (hint) hint.textContent = doneHint(done.size, total);
    this.section.querySelector("#log-summary").textContent = `${words} Now tap how your back felt.`;
    this.section.hidden = false;
    this.section.removeAttribute("data-await-player");
    const heading = this.section.querySelector("h1");
    heading.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }

  async submit(e) {
    if (this.form.dataset.plain === "true") return; // the plain post, to show the server's problems
    e.preventDefault();
    const clientId = this.form.querySelector('input[name="client_id"]');
    if (!clientId.value) clientId.value = newClientId();
    const body = new URLSearchParams(new FormData(this.form)).toString();
    const entry = { id: clientId.value, action: this.form.action, body, at: new Date().toISOString() };
    let response = null;
    try {
      response = await fetch(entry.action, {
        method: "POST",
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch {
      response = null; // no network, or the server is not there
    }
    if (response === null || response.status >= 500) {
      if (!this.form.checkValidity()) {
        this.form.reportValidity(); // no server to list the problems: the browser points at the first one
        return;
      }
      enqueue(entry);
      this.onSaved();
      this.showQueued();
      return;
    }
    if (response.ok) {
      this.onSaved();
      window.location.assign(await resultUrl(response));
      return;
    }
    this.form.dataset.plain = "true"; // a problem with the answers: let the server's page show it
    this.form.requestSubmit();
  }

  showQueued() {
    this.form.hidden = true;
    const box = this.section.querySelector("#p-queued");
    box.hidden = false;
    box.setAttribute("tabindex", "-1");
    box.focus();
    flush(); // in case the server is back already
  }
}
