// "Measure with this phone" on a test page: sensors, zeroing, hold-still capture, sound, and the
// hand-over of the values to the page's typed form (method "phone" and the placement), which saves them.
// The angle math is in inclinometer.js.
import { angle, steadyValue, trimSamples } from "./inclinometer.js";
import { Sound, readMuted, saveMuted } from "./sound.js";

const SENSOR_WAIT_MS = 2000;
const GET_READY_S = 3;
const TICK_MS = 50;
const FRESH_MS = 300;
const SIDE_WORDS = { left: "left side", right: "right side", values: "" };

const NO_SENSORS =
  "This device does not report its tilt (a computer usually cannot). Type your values in the form below, " +
  "or open this page on your phone: start Supple in its phone mode on the computer, then scan the code it shows " +
  "with the phone (the guide that came with Supple shows how).";
const NOT_SECURE =
  "The phone's motion sensors only work over a secure (https) connection. Start Supple in its phone mode on the " +
  "computer and scan the code it shows with the phone; or type your values in the form below.";
const REFUSED =
  "Motion access was not allowed, so the phone cannot measure. To allow it, reload the page and tap Allow; " +
  "or type your values in the form below.";

const NO_HEADING = "This phone does not report which way it faces, so it cannot measure a turn. Type the value below.";

const $ = (id) => document.getElementById(id);


export function spokenAngle(value) {
  return `${value < 0 ? "minus " : ""}${Math.abs(value)} degrees`;
}

class PhoneMeasure {
  constructor(root, data) {
    this.root = root;
    this.data = data;
    this.sound = new Sound();
    this.muted = readMuted();
    this.reading = null; // {alpha, beta, gamma, gravity}
    this.gravity = null;
    this.gravityAt = -Infinity;
    this.orientationAt = -Infinity;
    this.zero = null;
    this.phase = "idle"; // idle | ready | holding
    this.readyUntil = 0;
    this.samples = [];
    this.trials = Object.fromEntries(data.sides.map((s) => [s, []]));
    this.placement = data.placements[0];
    const scale = data.timer_scale || 1;
    this.holdMs = Math.max(400, data.hold_ms * scale);
    this.readyMs = GET_READY_S * 1000 * scale;
    this.onOrientation = (e) => this.orientation(e);
    this.onMotion = (e) => this.motion(e);
  }

  init() {
    this.root.hidden = false;
    $("phone-start").addEventListener("click", () => this.start());
    $("phone-zero").addEventListener("click", () => this.setZero());
    $("phone-go").addEventListener("click", () => this.arm());
    $("phone-mute").addEventListener("click", () => this.toggleMute());
    $("phone-save").addEventListener("click", () => this.save());
    const what = $("phone-what");
    if (what) what.addEventListener("change", () => this.choose(what.value));
    for (const radio of this.root.querySelectorAll("input[name=phone-side]")) {
      radio.addEventListener("change", () => this.sideChanged());
    }
    $("phone-below-box").addEventListener("change", () => this.render());
    this.choose(this.placement.id);
    this.renderMute();
  }

  get side() {
    const checked = this.root.querySelector("input[name=phone-side]:checked");
    return checked ? checked.value : "values";
  }

  set side(value) {
    const radio = this.root.querySelector(`input[name=phone-side][value=${value}]`);
    if (radio) radio.checked = true;
  }

  choose(id) {
    const chosen = this.data.placements.find((p) => p.id === id);
    if (chosen !== this.placement) {
      this.placement = chosen;
      this.zero = null;
      this.phase = "idle";
      this.trials = Object.fromEntries(this.data.sides.map((s) => [s, []]));
      $("phone-go").disabled = true;
      this.state("Zero the phone first.");
    }
    for (const el of this.root.querySelectorAll(".phone-placement")) el.hidden = el.dataset.placement !== id;
    $("phone-below").hidden = this.placement.sign !== "ask";
    this.renderTrials();
    this.render();
  }

  message(text) {
    $("phone-message").textContent = text;
  }

  fallBack(text) {
    this.message(text);
    this.stopListening();
    $("phone-live").hidden = true;
    this.root.dataset.sensors = "missing";
    $("phone-start").hidden = true;
  }

  async start() {
    this.sound.unlock();
    if (!window.isSecureContext) return this.fallBack(NOT_SECURE);
    if (typeof window.DeviceOrientationEvent === "undefined") return this.fallBack(NO_SENSORS);
    // iOS asks for permission, and only from a tap: both requests start in this click handler, before any
    // await, so neither loses the tap. Motion (gravity) is only a refinement; orientation is needed.
    const asks = [window.DeviceOrientationEvent, window.DeviceMotionEvent].map((Ctor) =>
      Ctor && typeof Ctor.requestPermission === "function"
        ? Ctor.requestPermission().catch(() => "denied")
        : Promise.resolve("granted"),
    );
    const [orientationAnswer] = await Promise.all(asks);
    if (orientationAnswer !== "granted") return this.fallBack(REFUSED);
    $("phone-start").disabled = true;
    this.message("Waiting for the phone's sensors…");
    window.addEventListener("deviceorientation", this.onOrientation);
    window.addEventListener("devicemotion", this.onMotion);
    window.setTimeout(() => {
      if (!this.reading) this.fallBack(NO_SENSORS);
    }, SENSOR_WAIT_MS);
  }

  stopListening() {
    window.removeEventListener("deviceorientation", this.onOrientation);
    window.removeEventListener("devicemotion", this.onMotion);
    if (this.timer) window.clearInterval(this.timer);
  }

  orientation(e) {
    if (e.beta === null || e.gamma === null || e.beta === undefined) return;
    this.orientationAt = performance.now();
    const fresh = this.orientationAt - this.gravityAt < FRESH_MS;
    this.use({ alpha: e.alpha ?? 0, beta: e.beta, gamma: e.gamma, gravity: fresh ? this.gravity : null });
    this.noHeading = e.alpha === null || e.alpha === undefined;
  }

  motion(e) {
    const g = e.accelerationIncludingGravity;
    if (!g || g.x === null || g.y === null || g.z === null) return;
    const size = Math.hypot(g.x, g.y, g.z);
    if (size < 8 || size > 11.5) return; // moving: this is not gravity alone
    this.gravity = [g.x, g.y, g.z];
    this.gravityAt = performance.now();
    // A phone that reports gravity but no orientation can still measure tilt (not a turn).
    if (this.gravityAt - this.orientationAt > FRESH_MS) {
      this.use({ alpha: 0, beta: 0, gamma: 0, gravity: this.gravity });
      this.noHeading = true;
    }
  }

  use(reading) {
    const first = !this.reading;
    this.reading = reading;
    if (first) this.live();
    this.render();
  }

  live() {
    this.root.dataset.sensors = "ok";
    $("phone-start").hidden = true;
    $("phone-live").hidden = false;
    this.message("Sensors found.");
    this.timer = window.setInterval(() => this.tick(), TICK_MS);
  }

  setZero() {
    if (!this.reading) return;
    this.zero = { ...this.reading };
    this.phase = "idle";
    $("phone-go").disabled = false;
    this.state("Zeroed. Put the phone in place and tap Measure.");
    this.render();
  }

  arm() {
    if (!this.zero) return;
    this.sound.unlock();
    this.phase = "ready";
    this.readyUntil = performance.now() + this.readyMs;
    this.samples = [];
    this.state("Get into position…");
    this.speak("Get into position, then hold still.");
  }

  value() {
    if (!this.reading || !this.zero) return null;
    if (this.placement.mode === "heading" && this.noHeading) {
      this.state(NO_HEADING);
      return null;
    }
    const raw = angle(this.placement.mode, this.reading, this.zero);
    const negative = this.placement.sign === "ask" && $("phone-below-box").checked;
    const signed = negative ? -raw : raw;
    if (!this.placement.plus_metric) return signed;
    // Thomas knee bend = the shin's reading from the bed + the thigh angle of the same side (typed or
    // measured first, the mean of its tries): the geometry of clinical-reference §3.1.
    const thigh = this.sideMean(this.placement.plus_metric);
    if (thigh === null) {
      this.state("Measure the thigh angle on this side first: the knee bend needs it.");
      return null;
    }
    return signed + thigh;
  }

  sideMean(metric) {
    const form = document.querySelector("form[data-testid=test-form]");
    if (!form) return null;
    const values = [];
    for (let n = 1; n <= this.data.trials; n += 1) {
      const box = form.elements.namedItem(`${this.side}.${metric}.${n}`) || form.elements.namedItem(`values.${metric}.${n}`);
      if (box && box.value.trim() !== "" && Number.isFinite(Number(box.value))) values.push(Number(box.value));
    }
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }

  tick() {
    const now = performance.now();
    const v = this.value();
    this.render(v);
    if (v === null || this.phase === "idle") return;
    if (this.phase === "ready") {
      if (now < this.readyUntil) return;
      this.phase = "holding";
      this.state("Hold still…");
    }
    this.samples = trimSamples([...this.samples, [now, v]], now, this.holdMs);
    const steady = steadyValue(this.samples, now, this.holdMs, this.data.band_deg);
    if (steady !== null) this.capture(Math.round(steady));
  }

  capture(value) {
    this.phase = "idle";
    const side = this.side;
    const list = this.trials[side];
    if (list.length >= this.data.trials) list.shift(); // a fourth try replaces the oldest
    list.push(value);
    if (!this.muted) this.sound.beep(988, 0.3);
    const where = SIDE_WORDS[side] ? `, ${SIDE_WORDS[side]}` : "";
    let said = `${spokenAngle(value)}. Try ${list.length}${where}.`;
    const next = this.data.sides.find((s) => this.trials[s].length < this.data.trials);
    if (list.length >= this.data.trials && next && next !== side) {
      this.side = next;
      said += ` Now the ${SIDE_WORDS[next]}.`;
      this.sideChanged(false);
    }
    this.speak(said);
    this.state(said + (this.zero ? "" : " Zero the phone on that side first."));
    this.renderTrials();
  }

  sideChanged(announce = true) {
    // A phone zeroed on one shin (mode "tilt") must be zeroed again on the other.
    if (this.placement.mode === "tilt") {
      this.zero = null;
      this.phase = "idle";
      $("phone-go").disabled = true;
      if (announce) this.state("Put the phone on this side and tap Zero.");
    }
    this.renderTrials();
    this.render();
  }

  speak(text) {
    this.root.dataset.spoken = text;
    if (!this.muted) this.sound.say(text);
  }

  state(text) {
    $("phone-state").textContent = text;
  }

  render(v = this.value()) {
    $("phone-angle").textContent = v === null ? "–" : `${Math.round(v)}°`;
    if (v !== null) $("phone-angle").dataset.value = v.toFixed(1);
  }

  renderTrials() {
    for (const s of this.data.sides) {
      const el = $(`phone-trials-${s}`);
      if (el) el.textContent = this.trials[s].length ? this.trials[s].map((v) => `${v}°`).join(", ") : "none yet";
    }
    $("phone-save").disabled = !this.data.sides.some((s) => this.trials[s].length);
  }

  toggleMute() {
    this.muted = !this.muted;
    saveMuted(this.muted);
    if (this.muted && window.speechSynthesis) window.speechSynthesis.cancel();
    this.renderMute();
  }

  renderMute() {
    $("phone-mute").textContent = this.muted ? "Sound off" : "Sound on";
    $("phone-mute").setAttribute("aria-pressed", String(!this.muted));
  }

  save() {
    const form = document.querySelector("form[data-testid=test-form]");
    const p = this.placement;
    for (const side of this.data.sides) {
      const list = this.trials[side];
      if (!list.length) continue;
      for (let n = 1; n <= this.data.trials; n += 1) {
        const box = form.elements.namedItem(`${side}.${p.metric}.${n}`);
        if (box) box.value = n <= list.length ? String(list[n - 1]) : "";
      }
    }
    const method = form.elements.namedItem(p.method_field);
    if (method) method.value = "phone";
    const placement = form.elements.namedItem("placement");
    if (placement) placement.value = p.stored_as;
    this.stopListening();
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  }
}

const root = document.getElementById("phone-measure");
const raw = document.getElementById("phone-data");
if (root && raw) new PhoneMeasure(root, JSON.parse(raw.textContent)).init();
