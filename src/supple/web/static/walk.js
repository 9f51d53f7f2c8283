// The walk test: a countdown, then the phone's motion sensor (acceleration including gravity, every
// reading the browser gives) recorded for 2-6 minutes, then sent as a t,x,y,z CSV (s, m/s²) to this
// server. The server answers 202 with the analysis job's address (Location); the page follows the job,
// saves the walk it found and opens its result page. Each recording carries its own client_id, so a
// send retried after a dropped connection is the same job: analysed and stored once.
const COUNTDOWN_S = 5;
const SENSOR_WAIT_MS = 3000;
const SEND_TRIES = 3;
const POLL_MS = 500;
const $ = (id) => document.getElementById(id);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

// One full stop after each part, as the pages say it: "… is too short. Allowed: 2 to 6 minutes."
const stop = (text) => (text && text.trim() ? text.replace(/[\s.]+$/, "") + "." : "");

class Refused extends Error {
  constructor(text) {
    super(text);
    this.text = text;
  }
}

function refusal(body) {
  const problems = (body.errors || []).map((p) => stop(p.message) + (p.allowed ? ` Allowed: ${stop(p.allowed)}` : ""));
  return `${body.title || "The recording was not analysed"}: ${problems.join(" ") || stop(body.detail || "")} Nothing was saved.`;
}

const NO_SENSOR =
  "This device does not report motion (a computer usually cannot). Record on your phone instead: on the " +
  "computer run `supple serve --lan` and open the address it shows on the phone, or bring in a file below.";
const NOT_SECURE =
  "The phone's motion sensors only work over a secure (https) connection. On the computer run " +
  "`supple serve --lan` and open the address it shows; or bring in a file below.";
const REFUSED = "Motion access was not allowed. Reload the page and tap Allow, or bring in a file below.";

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// Which controls each state shows: before the start only Start; during the countdown Cancel; while
// recording Stop and send or Cancel; while sending only the progress (then the result page or the reason).
const SHOWN = {
  idle: ["walk-start"],
  refused: ["walk-start"],
  countdown: ["walk-cancel", "walk-countdown"],
  recording: ["walk-stop", "walk-cancel", "walk-live"],
  sending: ["walk-sending"],
};
const PARTS = ["walk-start", "walk-stop", "walk-cancel", "walk-countdown", "walk-live", "walk-sending"];

class WalkRecorder {
  constructor(root, data) {
    this.root = root;
    this.data = data;
    this.samples = [];
    this.phase = "idle"; // idle | countdown | recording | sending
    this.onMotion = (e) => this.motion(e);
    this.timer = null;
    this.waiting = null;
  }

  show(state) {
    this.root.dataset.state = state;
    for (const id of PARTS) $(id).hidden = !SHOWN[state].includes(id);
    $("walk-minutes").disabled = state !== "idle" && state !== "refused";
  }

  init() {
    this.root.hidden = false;
    this.show("idle");
    $("walk-start").addEventListener("click", () => this.start());
    $("walk-stop").addEventListener("click", () => this.finish());
    $("walk-cancel").addEventListener("click", () => this.cancel());
    $("walk-minutes").addEventListener("change", () => this.showTotal());
    this.showTotal();
    if (!window.isSecureContext) this.say(NOT_SECURE);
    else if (!("DeviceMotionEvent" in window)) this.say(NO_SENSOR);
  }

  get totalS() {
    return Number($("walk-minutes").value) * 60;
  }

  showTotal() {
    $("walk-total").textContent = clock(this.totalS);
  }

  say(text) {
    $("walk-message").textContent = text;
  }

  async start() {
    if (!("DeviceMotionEvent" in window)) return this.say(NO_SENSOR);
    if (typeof DeviceMotionEvent.requestPermission === "function") {
      try {
        if ((await DeviceMotionEvent.requestPermission()) !== "granted") return this.say(REFUSED);
      } catch {
        return this.say(REFUSED);
      }
    }
    this.samples = [];
    this.phase = "countdown";
    this.say("Put the phone in the pouch now. Start walking when the countdown ends.");
    this.show("countdown");
    const count = $("walk-countdown");
    const scale = this.data.timer_scale || 1;
    const until = performance.now() + COUNTDOWN_S * 1000 * scale;
    window.addEventListener("devicemotion", this.onMotion);
    const tick = () => {
      const left = (until - performance.now()) / 1000;
      if (left > 0) {
        count.textContent = String(Math.ceil(left / scale));
        this.timer = setTimeout(tick, Math.min(100, 1000 * scale));
        return;
      }
      this.begin();
    };
    tick();
  }

  begin() {
    this.phase = "recording";
    this.t0 = performance.now();
    this.samples = [];
    this.say("Recording. Walk at your usual pace.");
    this.show("recording");
    this.beep();
    this.timer = setInterval(() => this.update(), 250);
    this.waiting = setTimeout(() => {
      if (this.phase === "recording" && this.samples.length === 0) {
        this.stop();
        this.say(NO_SENSOR);
        this.reset();
      }
    }, SENSOR_WAIT_MS);
  }

  motion(e) {
    if (this.phase !== "recording") return;
    const a = e.accelerationIncludingGravity;
    if (!a || a.x === null || a.y === null || a.z === null) return;
    this.samples.push([(performance.now() - this.t0) / 1000, a.x, a.y, a.z]);
  }

  update() {
    const elapsed = (performance.now() - this.t0) / 1000;
    $("walk-elapsed").textContent = clock(elapsed);
    $("walk-samples").textContent = String(this.samples.length);
    if (elapsed > 1) $("walk-rate").textContent = String(Math.round(this.samples.length / elapsed));
    this.root.dataset.samples = String(this.samples.length);
    if (elapsed >= this.totalS) this.finish();
  }

  stop() {
    window.removeEventListener("devicemotion", this.onMotion);
    clearInterval(this.timer);
    clearTimeout(this.timer);
    clearTimeout(this.waiting);
  }

  reset() {
    this.phase = "idle";
    this.show("idle");
  }

  cancel() {
    if (this.phase !== "countdown" && this.phase !== "recording") return;
    this.stop();
    this.samples = [];
    this.reset();
    this.say("Cancelled. Nothing was sent.");
  }

  beep() {
    try {
      const ctx = new AudioContext();
      const osc = ctx.createOscillator();
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.15);
    } catch {
      // no sound available: the page still shows the state
    }
  }

  async finish() {
    if (this.phase !== "recording") return;
    this.stop();
    this.beep();
    this.phase = "sending";
    this.show("sending");
    $("walk-progress").removeAttribute("value"); // moving bar while sending; the percentage once analysing
    this.say(`Sending ${this.samples.length} readings to Supple and analysing them…`);
    const lines = ["t,x,y,z"];
    for (const [t, x, y, z] of this.samples) lines.push(`${t.toFixed(4)},${x.toFixed(4)},${y.toFixed(4)},${z.toFixed(4)}`);
    const url = `${this.data.upload}&client_id=${encodeURIComponent(recordingId())}`;
    try {
      const job = await sendRecording(url, lines.join("\n") + "\n");
      const walkUrl = await followJob(job, (text, fraction) => {
        this.say(text);
        if (fraction !== undefined) $("walk-progress").value = Math.round(fraction * 100);
      });
      window.location.assign(walkUrl);
      return;
    } catch (err) {
      this.say(err instanceof Refused ? err.text : "The recording could not be sent. Check that Supple is still running on your computer, then try again.");
    }
    this.phase = "idle";
    this.show("refused");
  }
}

// Send the recording (again, with the same client_id, if the connection drops); the job's address.
async function sendRecording(url, csv) {
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await fetch(url, { method: "POST", headers: { "Content-Type": "text/csv" }, body: csv });
    } catch (err) {
      if (attempt >= SEND_TRIES) throw err;
      await pause(1000 * attempt);
      continue;
    }
    if (res.status >= 500 && attempt < SEND_TRIES) {
      await pause(1000 * attempt);
      continue;
    }
    const body = await res.json();
    if (res.status !== 202) throw new Refused(refusal(body));
    return res.headers.get("Location") || `${url.split("/walks")[0]}/walk-jobs/${body.id}`;
  }
}

// Follow the analysis job until it is done, save the walk it found (once); the stored walk's page.
async function followJob(jobUrl, say) {
  for (;;) {
    const job = await (await fetch(jobUrl, { headers: { Accept: "application/json" } })).json();
    if (job.status === "saved" && job.walk_url) return job.walk_url;
    if (job.status === "failed") {
      throw new Refused(refusal({ errors: job.errors, title: "The recording was not analysed" }));
    }
    if (job.status === "done") {
      say("Analysed. Saving the walk…", 1);
      const res = await fetch(job.save_url, { method: "POST" });
      const body = await res.json();
      if (!res.ok) throw new Refused(refusal(body));
      return body.url;
    }
    if (!job.status) throw new Refused(refusal(job));
    say(`Analysing the walk on this computer… ${Math.round((job.progress || 0) * 100)}%`, job.progress || 0);
    await pause(POLL_MS);
  }
}

const root = $("walk-recorder");
const raw = $("walk-data");
if (root && raw) new WalkRecorder(root, JSON.parse(raw.textContent)).init();
