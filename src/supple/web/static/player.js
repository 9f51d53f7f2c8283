// The guided session player: timers, sides, sound, speech, keys, full screen, resuming after a reload.
// Vanilla ES module, nothing from the network. The timed phases come from the page (#routine-data),
// built by the server from supple.domain.session_phases: the list the terminal player follows too.

import { showFigure } from "./figure.js";
import { Sound, readMuted, saveMuted } from "./sound.js";
import { SessionLog, keepForOffline, newClientId } from "./player-log.js";
import { Place, WakeLock, cueFor, formatSeconds, nextUp, phasesFrom, sideWord } from "./player-core.js";
export { phasesFrom, formatSeconds, cueFor, nextUp } from "./player-core.js";

const ACTIVE = ["running", "paused"];

/** What the big number counts: seconds left (or minutes and seconds, as 1:05). */
function timeUnit(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  if (s >= 60) return "minutes and seconds left";
  return s === 1 ? "second left" : "seconds left";
}

class Player {
  constructor(root, data, log) {
    this.root = root;
    this.log = log;
    this.items = data.items;
    this.words = { allDone: data.all_done, ofTotal: data.of_total };
    this.scale = data.timer_scale;
    this.phases = phasesFrom(data);
    this.totalMs = this.phases.reduce((sum, p) => sum + p.ms, 0);
    this.startMs = [];
    this.phases.reduce((sum, p, i) => {
      this.startMs[i] = sum;
      return sum + p.ms;
    }, 0);
    this.place = new Place(data.resume_key, data.screening);
    this.index = 0;
    this.remaining = this.phases.length ? this.phases[0].ms : 0;
    this.endsAt = 0;
    this.state = "ready"; // ready | running | paused | finished
    this.done = new Set();
    this.ranMs = {}; // item index -> milliseconds the clock ran on it (paused time not counted)
    this.mark = 0; // when the running time was last added up
    this.clientId = newClientId();
    this.timer = null;
    this.muted = readMuted();
    this.sound = new Sound();
    this.wake = new WakeLock();
    this.reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.el = (id) => root.querySelector(`#${id}`);
    this.confirm = this.el("p-confirm");
    this.ending = false; // "End the session" was chosen in the dialog
    this.wasRunning = false; // the clock ran when End was pressed
    this.bind();
    this.renderMute();
  }

  bind() {
    this.el("p-start").addEventListener("click", () => this.start());
    this.el("p-pause").addEventListener("click", () => this.togglePause());
    this.el("p-skip").addEventListener("click", () => this.skip());
    this.el("p-skip-side").addEventListener("click", () => this.skipSide());
    this.el("p-back").addEventListener("click", () => this.back());
    this.el("p-mute").addEventListener("click", () => this.toggleMute());
    this.el("p-end").addEventListener("click", () => this.askToEnd());
    this.el("p-confirm-no").addEventListener("click", () => this.confirm.close());
    this.el("p-confirm-yes").addEventListener("click", () => {
      this.ending = true;
      this.confirm.close();
    });
    this.confirm.addEventListener("close", () => this.confirmed());
    // Capture phase: the space bar is the player's before any focused button sees it.
    document.addEventListener("keydown", (e) => this.onKey(e), true);
    document.addEventListener("keyup", (e) => this.swallowSpace(e), true);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && this.wake.wanted) this.wake.acquire();
    });
    window.addEventListener("beforeunload", (e) => {
      if (!ACTIVE.includes(this.state)) return;
      this.save();
      e.preventDefault();
      e.returnValue = ""; // the browser asks "Leave site?"; the place is kept either way
    });
  }

  /** Pick up a saved place: the same exercise, side and phase, paused, ready to carry on. */
  resume() {
    const saved = this.place.read();
    if (!saved || saved.index >= this.phases.length) return false;
    this.clientId = saved.clientId || this.clientId;
    this.done = new Set(saved.done || []);
    this.ranMs = saved.ranMs || {};
    if (saved.finished) {
      this.state = "finished";
      this.root.hidden = true;
      this.log.show(this.done, this.summary(true), this.clientId, this.ranSeconds());
      return true;
    }
    this.showStage();
    this.state = "paused";
    this.index = saved.index;
    this.remaining = Math.min(saved.remaining, this.phases[saved.index].ms);
    this.announce("Paused where you left off. Press Resume to carry on.");
    this.render();
    this.el("p-pause").focus({ preventScroll: true });
    return true;
  }

  save() {
    if (this.state === "ready") return;
    const remaining = this.state === "running" ? Math.max(0, this.endsAt - performance.now()) : this.remaining;
    this.place.write({
      index: this.index,
      remaining,
      done: [...this.done],
      ranMs: this.ranMs,
      clientId: this.clientId,
      finished: this.state === "finished",
    });
  }

  onKey(e) {
    if (this.state === "finished" || this.confirm.open || e.altKey || e.ctrlKey || e.metaKey) return;
    const tag = e.target && e.target.tagName;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(tag)) return;
    switch (e.key) {
      case " ":
      case "Spacebar":
        e.preventDefault();
        e.stopPropagation();
        if (e.repeat) return;
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

  swallowSpace(e) {
    if ((e.key === " " || e.key === "Spacebar") && this.state !== "finished" && !this.confirm.open) {
      e.preventDefault(); // a focused button would otherwise click on key-up
      e.stopPropagation();
    }
  }

  showStage() {
    document.body.classList.add("p-live");
    this.el("p-intro").hidden = true;
    this.el("p-stage").hidden = false;
    this.el("p-start").hidden = true;
    for (const id of ["p-pause", "p-end", "p-skip", "p-back"]) this.el(id).hidden = false;
  }

  enterFullscreen() {
    const doc = document.documentElement;
    if (doc.requestFullscreen && !document.fullscreenElement) {
      doc.requestFullscreen({ navigationUI: "hide" }).catch(() => {}); // refused: the page still fills the screen
    }
  }

  start() {
    if (this.state !== "ready") return;
    this.sound.unlock();
    this.wake.acquire();
    this.enterFullscreen();
    this.showStage();
    this.el("p-pause").focus({ preventScroll: true });
    if (!this.phases.length) {
      this.finish(false);
      return;
    }
    this.state = "running";
    this.mark = performance.now();
    this.enter(0, false);
    this.schedule();
  }

  togglePause() {
    if (this.state === "running") {
      this.remaining = Math.max(0, this.endsAt - performance.now());
      this.addRunning();
      this.state = "paused";
      this.clear();
      this.sound.hush();
      this.wake.release();
      this.announce("Paused.");
    } else if (this.state === "paused") {
      this.state = "running";
      this.mark = performance.now();
      this.sound.unlock();
      this.enterFullscreen();
      this.endsAt = performance.now() + this.remaining;
      this.wake.acquire();
      this.announce("Carrying on.");
      this.schedule();
    }
    this.save();
    this.render();
  }

  /** Skip the rest of this exercise, both sides. */
  skip() {
    if (!ACTIVE.includes(this.state)) return;
    const now = this.phases[this.index];
    const next = this.phases.findIndex((p, i) => i > this.index && p.item > now.item);
    if (next === -1) this.finish(false); // skipped past the last one: the session ran out, not ended early
    else this.jump(next);
  }

  /** Skip the rest of this side only: on to the other side of the same exercise. */
  skipSide() {
    if (!ACTIVE.includes(this.state)) return;
    const now = this.phases[this.index];
    const next = this.phases.findIndex((p, i) => i > this.index && (p.item !== now.item || p.side !== now.side));
    if (next === -1) this.finish(false);
    else this.jump(next);
  }

  back() {
    if (!ACTIVE.includes(this.state)) return;
    const item = Math.max(0, this.phases[this.index].item - 1);
    this.jump(this.phases.findIndex((p) => p.item === item));
  }

  jump(index) {
    this.enter(index, true);
    if (this.state === "running") this.schedule();
  }

  /** End asks first; the clock waits meanwhile and carries on if the answer is "keep going". */
  askToEnd() {
    if (!ACTIVE.includes(this.state)) return;
    this.wasRunning = this.state === "running";
    this.ending = false;
    if (this.wasRunning) this.togglePause();
    this.confirm.showModal();
    this.el("p-confirm-no").focus();
  }

  confirmed() {
    if (this.ending) this.finish(true);
    else if (this.wasRunning && this.state === "paused") this.togglePause();
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
    this.addRunning();
    const now = performance.now();
    const base = fresh || this.state === "ready" || !this.endsAt ? now : this.endsAt;
    this.index = index;
    const phase = this.phases[index];
    this.remaining = phase.ms;
    this.endsAt = base + phase.ms;
    const text = cueFor(phase);
    if (!this.muted && this.state === "running") this.sound.say(text);
    this.announce(text);
    this.save();
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
      const following = this.phases[index + 1];
      if (!following || following.item !== phase.item || following.side !== phase.side) this.done.add(phase.item);
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

  summary(early) {
    const count = this.done.size;
    const total = this.items.length;
    // The words come from the server (player_contexts.py): "both exercises", "1 of 3 exercises".
    return count === total
      ? this.words.allDone
      : `You did ${count} of ${this.words.ofTotal}${early ? " and ended the session early" : ""}.`;
  }

  finish(early) {
    if (this.state === "finished") return;
    this.addRunning();
    this.clear();
    this.state = "finished";
    this.wake.release();
    document.body.classList.remove("p-live");
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => {});
    const words = this.summary(early);
    if (!this.muted) this.sound.say("Done.");
    this.announce(`Session done. ${words}`);
    this.root.dataset.state = "finished";
    this.root.hidden = true;
    this.save();
    this.log.show(this.done, words, this.clientId, this.ranSeconds());
  }

  /** Add the time the clock ran since the last count to the exercise on screen. */
  addRunning() {
    if (this.state !== "running" || !this.phases.length) return;
    const now = performance.now();
    const item = this.phases[this.index].item;
    this.ranMs[item] = (this.ranMs[item] || 0) + Math.max(0, now - this.mark);
    this.mark = now;
  }

  /** Exercise seconds per item, in the routine's own seconds (a faster test clock is scaled back). */
  ranSeconds() {
    const out = {};
    for (const [item, ms] of Object.entries(this.ranMs)) out[item] = Math.round(ms / 1000 / (this.scale || 1));
    return out;
  }

  announce(text) {
    this.el("p-announce").textContent = text;
  }

  renderMute() {
    const btn = this.el("p-mute");
    // A toggle: the name stays "Mute" (the action), and aria-pressed says whether it is on.
    btn.textContent = "Mute";
    btn.dataset.muted = String(this.muted);
    btn.setAttribute("aria-pressed", String(this.muted));
  }

  render() {
    const phase = this.phases[this.index];
    const item = this.items[phase.item];
    this.root.dataset.state = this.state;
    this.root.dataset.kind = phase.kind;
    this.root.dataset.moment = phase.moment || phase.kind;
    this.root.dataset.item = String(phase.item);
    this.root.dataset.index = String(this.index);
    this.el("p-count").textContent = `Exercise ${phase.item + 1} of ${this.items.length}`;
    this.el("p-name").textContent = item.name;
    showFigure(this.el("p-figure"), phase);
    this.el("p-side").textContent = phase.side ? `${sideWord(phase.side)} side` : "";
    this.el("p-side").hidden = !phase.side;
    this.el("p-phase").textContent = phase.label;
    this.el("p-state").hidden = this.state !== "paused";
    this.el("p-set").textContent = `Set ${phase.set} of ${phase.sets} · ${item.label}`;
    this.el("p-cue").textContent = phase.kind === "ready" ? item.steps[0] || item.cue : item.cue;
    this.el("p-next").textContent = nextUp(this.phases, this.index, this.items);
    const onLeft = this.phases.some((p, i) => i > this.index && p.item === phase.item && p.side !== phase.side);
    this.el("p-skip-side").hidden = !onLeft;
    const pause = this.el("p-pause");
    pause.textContent = this.state === "paused" ? "Resume" : "Pause";
    pause.setAttribute("aria-pressed", String(this.state === "paused"));
    this.renderClock();
  }

  renderClock() {
    const phase = this.phases[this.index];
    const left = this.remaining / (this.scale * 1000);
    this.el("p-timer").textContent = formatSeconds(left);
    this.el("p-unit").textContent = timeUnit(left);
    const elapsed = this.startMs[this.index] + (phase.ms - this.remaining);
    const pct = this.totalMs ? Math.min(100, Math.round((elapsed / this.totalMs) * 100)) : 100;
    this.el("p-fill").style.width = `${pct}%`;
    this.el("p-bar").setAttribute("aria-valuenow", String(pct));
  }
}

function init() {
  const dataEl = document.getElementById("routine-data");
  const root = document.getElementById("player");
  const section = document.getElementById("log");
  if (!dataEl || !root || !section) return;
  const data = JSON.parse(dataEl.textContent);
  const place = new Place(data.resume_key, data.screening);
  const log = new SessionLog(section, () => place.clear());
  // A log that came back with problems is the answer to a POST: its address is not a page to keep.
  keepForOffline(data, root.dataset.logOnly !== "true");
  if (root.dataset.logOnly === "true") return; // the log came back with problems: just the form
  const player = new Player(root, data, log);
  log.hide();
  root.hidden = false;
  root.removeAttribute("data-await-js");
  root.player = player; // the test hook (jump), and for debugging in the console
  player.resume();
}

init();
