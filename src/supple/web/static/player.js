// The guided session player: timers, per-side sequencing, sound, speech and keys.
// Vanilla ES module, no libraries, nothing from the network: the routine comes from the page
// (<script type="application/json" id="routine-data">). Mirrors the terminal player (supple session).

import { showFigure } from "./figure.js";
import { Sound, readMuted, saveMuted } from "./sound.js";


/**
 * The flat list of timed phases for a routine. Pure: same input, same output.
 * Each exercise: per side (left then right when sides is "each") a get-ready, then every set
 * (one hold, or reps paced at rep_s), with a rest between sets. `ms` is the real duration
 * (seconds × scale); `seconds` is what the person is told.
 */
export function buildPhases(items, { scale = 1, getReadyS = 5 } = {}) {
  const phases = [];
  items.forEach((item, index) => {
    const d = item.dose;
    const sides = d.sides === "each" ? ["left", "right"] : [null];
    sides.forEach((side, sideNo) => {
      const base = { item: index, exerciseId: item.id, name: item.name, side, sets: d.sets };
      phases.push({ ...base, kind: "ready", label: "Get ready", seconds: getReadyS, set: 1, firstOfItem: sideNo === 0 });
      for (let set = 1; set <= d.sets; set += 1) {
        if (d.kind === "hold") {
          phases.push({ ...base, kind: "hold", label: "Hold", seconds: d.hold_s, set, bell: true });
        } else {
          for (let rep = 1; rep <= d.reps; rep += 1) {
            const label = `Rep ${rep} of ${d.reps}`;
            phases.push({ ...base, kind: "rep", label, seconds: d.rep_s, set, rep, reps: d.reps, bell: rep === d.reps });
          }
        }
        if (set < d.sets && d.rest_s > 0) {
          phases.push({ ...base, kind: "rest", label: "Rest", seconds: d.rest_s, set });
        }
      }
    });
  });
  return phases.map((p) => ({ ...p, ms: p.seconds * scale * 1000 }));
}

/** "45" under a minute, "1:30" from a minute up. */
export function formatSeconds(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return String(s);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** What is said (and announced) when a phase begins. */
export function cueFor(phase) {
  const side = phase.side ? `${phase.side[0].toUpperCase()}${phase.side.slice(1)} side. ` : "";
  switch (phase.kind) {
    case "ready":
      return phase.firstOfItem ? `${phase.name}. ${side}Get ready.` : `${side}Get ready.`;
    case "hold":
      return phase.sets > 1 ? `Hold. Set ${phase.set} of ${phase.sets}.` : "Hold.";
    case "rest":
      return "Rest.";
    default:
      return phase.rep === 1 ? `Slow reps. ${phase.rep}.` : `${phase.rep}.`;
  }
}

// -- side effects: sound, speech, wake lock, storage ------------------------------------------------


class WakeLock {
  constructor() {
    this.lock = null;
    this.wanted = false;
  }

  async acquire() {
    this.wanted = true;
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible" || this.lock) return;
    try {
      this.lock = await navigator.wakeLock.request("screen");
      this.lock.addEventListener("release", () => {
        this.lock = null;
      });
    } catch {
      this.lock = null; // not allowed here (battery saver, no permission): carry on without it
    }
  }

  release() {
    this.wanted = false;
    if (this.lock) this.lock.release().catch(() => {});
    this.lock = null;
  }
}

// -- the player --------------------------------------------------------------------------------------

class Player {
  constructor(root, data, log) {
    this.root = root;
    this.log = log;
    this.items = data.items;
    this.scale = data.timer_scale;
    this.phases = buildPhases(this.items, { scale: this.scale, getReadyS: data.get_ready_s });
    this.totalMs = this.phases.reduce((sum, p) => sum + p.ms, 0);
    this.startMs = [];
    this.phases.reduce((sum, p, i) => {
      this.startMs[i] = sum;
      return sum + p.ms;
    }, 0);
    this.index = 0;
    this.remaining = this.phases.length ? this.phases[0].ms : 0;
    this.endsAt = 0;
    this.state = "ready"; // ready | running | paused | finished
    this.done = new Set();
    this.timer = null;
    this.muted = readMuted();
    this.sound = new Sound();
    this.wake = new WakeLock();
    this.reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.el = (id) => root.querySelector(`#${id}`);
    this.bind();
    this.renderMute();
  }

  bind() {
    this.el("p-start").addEventListener("click", () => this.start());
    this.el("p-pause").addEventListener("click", () => this.togglePause());
    this.el("p-skip").addEventListener("click", () => this.skip());
    this.el("p-back").addEventListener("click", () => this.back());
    this.el("p-mute").addEventListener("click", () => this.toggleMute());
    this.el("p-end").addEventListener("click", () => this.finish(true));
    document.addEventListener("keydown", (e) => this.onKey(e));
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && this.wake.wanted) this.wake.acquire();
    });
  }

  onKey(e) {
    if (this.state === "finished" || e.altKey || e.ctrlKey || e.metaKey) return;
    const tag = e.target && e.target.tagName;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(tag)) return;
    const onControl = tag === "BUTTON" || tag === "A";
    switch (e.key) {
      case " ":
      case "Spacebar":
        if (onControl) return; // the focused button does its own job
        e.preventDefault();
        if (this.state === "ready") this.start();
        else this.togglePause();
        break;
      case "ArrowRight":
      case "s":
      case "S":
        e.preventDefault();
        this.skip();
        break;
      case "ArrowLeft":
      case "b":
      case "B":
        e.preventDefault();
        this.back();
        break;
      case "m":
      case "M":
        this.toggleMute();
        break;
      default:
    }
  }

  // -- state changes ---------------------------------------------------------------------------------
  start() {
    if (this.state !== "ready") return;
    this.sound.unlock();
    this.wake.acquire();
    this.el("p-intro").hidden = true;
    this.el("p-stage").hidden = false;
    this.el("p-start").hidden = true;
    this.el("p-pause").hidden = false;
    this.el("p-end").hidden = false;
    this.el("p-skip").hidden = false;
    this.el("p-back").hidden = false;
    this.el("p-pause").focus({ preventScroll: true });
    this.root.scrollIntoView({ block: "start", behavior: this.reducedMotion ? "auto" : "smooth" });
    if (!this.phases.length) {
      this.finish(false);
      return;
    }
    this.state = "running";
    this.enter(0, false);
    this.schedule();
  }

  togglePause() {
    if (this.state === "running") {
      this.remaining = Math.max(0, this.endsAt - performance.now());
      this.state = "paused";
      this.clear();
      this.sound.hush();
      this.wake.release();
      this.announce("Paused.");
    } else if (this.state === "paused") {
      this.state = "running";
      this.endsAt = performance.now() + this.remaining;
      this.wake.acquire();
      this.announce("Carrying on.");
      this.schedule();
    }
    this.render();
  }

  skip() {
    if (this.state !== "running" && this.state !== "paused") return;
    const next = this.phases.findIndex((p, i) => i > this.index && p.item > this.phases[this.index].item);
    if (next === -1) {
      this.finish(true);
      return;
    }
    this.jump(next);
  }

  back() {
    if (this.state !== "running" && this.state !== "paused") return;
    const item = Math.max(0, this.phases[this.index].item - 1);
    this.jump(this.phases.findIndex((p) => p.item === item));
  }

  jump(index) {
    this.enter(index, true);
    if (this.state === "running") this.schedule();
  }

  toggleMute() {
    this.muted = !this.muted;
    saveMuted(this.muted);
    if (this.muted) this.sound.hush();
    this.renderMute();
    this.announce(this.muted ? "Sound off." : "Sound on.");
  }

  /** Begin phase `index`. `fresh`: timing starts now (a jump), else it carries on seamlessly. */
  enter(index, fresh) {
    const now = performance.now();
    const base = fresh || this.state === "ready" || !this.endsAt ? now : this.endsAt;
    this.index = index;
    const phase = this.phases[index];
    this.remaining = phase.ms;
    this.endsAt = base + phase.ms;
    const text = cueFor(phase);
    if (!this.muted && this.state === "running") this.sound.say(text);
    this.announce(text);
    this.render();
  }

  schedule() {
    this.clear();
    const left = this.endsAt - performance.now();
    this.timer = window.setTimeout(() => this.tick(), Math.max(5, Math.min(left, 100)));
  }

  clear() {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
  }

  tick() {
    this.timer = null;
    if (this.state !== "running") return;
    const now = performance.now();
    if (now < this.endsAt) {
      this.remaining = this.endsAt - now;
      this.renderClock();
      this.schedule();
      return;
    }
    // The phase is over (maybe several, if the page was asleep): move on, carrying the overshoot.
    let index = this.index;
    let endsAt = this.endsAt;
    let bell = false;
    while (index < this.phases.length && endsAt <= now) {
      const phase = this.phases[index];
      bell = bell || Boolean(phase.bell);
      const last = index + 1 >= this.phases.length || this.phases[index + 1].item !== phase.item;
      if (last) this.done.add(phase.item);
      index += 1;
      if (index < this.phases.length) endsAt += this.phases[index].ms;
    }
    if (bell && !this.muted) this.sound.beep();
    if (index >= this.phases.length) {
      this.finish(false);
      return;
    }
    this.endsAt = endsAt - this.phases[index].ms;
    this.enter(index, false);
    this.schedule();
  }

  finish(early) {
    if (this.state === "finished") return;
    this.clear();
    this.state = "finished";
    this.wake.release();
    const count = this.done.size;
    const total = this.items.length;
    const words =
      count === total
        ? `Well done: you did all ${total} exercises.`
        : `You did ${count} of ${total} exercises${early ? " and ended the session early" : ""}.`;
    if (!this.muted) this.sound.say("Done.");
    this.announce(`Session done. ${words}`);
    this.root.dataset.state = "finished";
    this.root.hidden = true;
    this.log.show(this.done, words);
  }

  announce(text) {
    this.el("p-announce").textContent = text;
  }

  // -- drawing ---------------------------------------------------------------------------------------
  renderMute() {
    const btn = this.el("p-mute");
    btn.textContent = this.muted ? "Sound off" : "Sound on";
    btn.dataset.muted = String(this.muted);
    btn.setAttribute("aria-label", this.muted ? "Sound off: turn sound on" : "Sound on: turn sound off");
  }

  render() {
    const phase = this.phases[this.index];
    const item = this.items[phase.item];
    this.root.dataset.state = this.state;
    this.root.dataset.kind = phase.kind;
    this.root.dataset.item = String(phase.item);
    this.el("p-count").textContent = `Exercise ${phase.item + 1} of ${this.items.length}`;
    this.el("p-name").textContent = item.name;
    showFigure(this.el("p-figure"), phase);
    this.el("p-side").textContent = phase.side ? `${phase.side === "left" ? "Left" : "Right"} side` : "";
    this.el("p-side").hidden = !phase.side;
    this.el("p-phase").textContent = phase.label;
    this.el("p-state").hidden = this.state !== "paused";
    this.el("p-set").textContent = `Set ${phase.set} of ${phase.sets} · ${item.label}`;
    this.el("p-cue").textContent = phase.kind === "ready" ? item.steps[0] || item.cue : item.cue;
    const next = this.items[phase.item + 1];
    this.el("p-next").textContent = next ? `Next: ${next.name}` : "Last exercise";
    const pause = this.el("p-pause");
    pause.textContent = this.state === "paused" ? "Resume" : "Pause";
    pause.setAttribute("aria-pressed", String(this.state === "paused"));
    this.renderClock();
  }

  renderClock() {
    const phase = this.phases[this.index];
    this.el("p-timer").textContent = formatSeconds(this.remaining / (this.scale * 1000));
    const elapsed = this.startMs[this.index] + (phase.ms - this.remaining);
    const pct = this.totalMs ? Math.min(100, Math.round((elapsed / this.totalMs) * 100)) : 100;
    this.el("p-fill").style.width = `${pct}%`;
    this.el("p-bar").setAttribute("aria-valuenow", String(pct));
  }
}

// -- the pain log after the player -------------------------------------------------------------------

class PainLog {
  constructor(section) {
    this.section = section;
    this.form = section.querySelector("form");
    for (const box of this.form.querySelectorAll('input[type="checkbox"][name$="-done"]')) {
      box.addEventListener("change", () => this.sync(box));
    }
  }

  hide() {
    this.section.hidden = true;
  }

  sync(box) {
    const detail = box.closest("fieldset").querySelector("[data-detail]");
    if (detail) detail.hidden = !box.checked;
  }

  show(done, words) {
    this.form.querySelectorAll('input[name$="-exercise"]').forEach((input, i) => {
      const box = this.form.querySelector(`input[name="item-${i}-done"]`);
      if (!box) return;
      box.checked = done.has(i);
      this.sync(box);
    });
    this.section.querySelector("#log-summary").textContent = `${words} Now tell Supple how your back felt.`;
    this.section.hidden = false;
    const heading = this.section.querySelector("h1");
    heading.focus({ preventScroll: true });
    const behavior = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
    this.section.scrollIntoView({ behavior, block: "start" });
  }
}

function init() {
  const dataEl = document.getElementById("routine-data");
  const root = document.getElementById("player");
  const section = document.getElementById("log");
  if (!dataEl || !root || !section) return;
  const log = new PainLog(section);
  if (root.dataset.logOnly === "true") return; // the log came back with problems: just the form
  const player = new Player(root, JSON.parse(dataEl.textContent), log);
  log.hide();
  root.hidden = false;
  root.player = player; // for debugging in the console
}

init();
