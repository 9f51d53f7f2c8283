// Sound shared by the session player and the phone measuring panel: a beep through Web Audio, the
// browser's own speech, and the one mute switch both remember.

export const MUTE_KEY = "supple.muted";

export function readMuted() {
  try {
    return window.localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    return false;
  }
}

export function saveMuted(muted) {
  try {
    window.localStorage.setItem(MUTE_KEY, muted ? "1" : "0");
  } catch {
    /* storage unavailable: the switch still works for this page */
  }
}

export class Sound {
  constructor() {
    this.ctx = null;
  }

  unlock() {
    // Browsers allow audio only after a tap: called from the Start button.
    const Ctor = window.AudioContext || window.webkitAudioContext;
    if (!this.ctx && Ctor) {
      try {
        this.ctx = new Ctor();
      } catch {
        this.ctx = null;
      }
    }
    if (this.ctx && this.ctx.state === "suspended") this.ctx.resume().catch(() => {});
  }

  beep(frequency = 880, seconds = 0.25) {
    if (!this.ctx) return;
    const t = this.ctx.currentTime;
    const osc = this.ctx.createOscillator();
    const gain = this.ctx.createGain();
    osc.type = "sine";
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.3, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + seconds);
    osc.connect(gain).connect(this.ctx.destination);
    osc.start(t);
    osc.stop(t + seconds + 0.05);
  }

  say(text) {
    const synth = window.speechSynthesis;
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return;
    synth.cancel();
    const u = new window.SpeechSynthesisUtterance(text);
    u.rate = 0.95;
    synth.speak(u);
  }

  hush() {
    if (window.speechSynthesis) window.speechSynthesis.cancel();
  }
}
