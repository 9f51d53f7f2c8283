// The player's parts without a page: the phases as played, the clock's words, "Next:", the screen
// wake lock and the saved place (localStorage) that lets a reload resume. Used by player.js.

/** The server's phases as the player uses them: `ms` is the real duration (seconds × scale). */
export function phasesFrom(data) {
  return data.phases.map((p) => {
    const item = data.items[p.item];
    return {
      ...p,
      set: p.set_no,
      exerciseId: item.id,
      name: item.name,
      firstOfItem: p.moment === "start" || p.moment === "next_exercise",
      ms: p.seconds * data.timer_scale * 1000,
    };
  });
}

/** "45" under a minute, "1:30" from a minute up. */
export function formatSeconds(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return String(s);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export const sideWord = (side) => (side === "left" ? "Left" : "Right");

/** What is said (and announced) when a phase begins. */
export function cueFor(phase) {
  const side = phase.side ? `${sideWord(phase.side)} side. ` : "";
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

/** The "Next:" line: the other side of this exercise while it is still to come, else the next exercise. */
export function nextUp(phases, index, items) {
  const now = phases[index];
  const later = phases.slice(index + 1);
  const otherSide = later.find((p) => p.item === now.item && p.side !== now.side);
  if (otherSide) return `Next: ${otherSide.side} side`;
  const next = items[now.item + 1];
  return next ? `Next: ${next.name}` : "Last exercise";
}

export class WakeLock {
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

/** The place in the session, kept in localStorage under the routine revision so a reload resumes. */
export class Place {
  constructor(key, screening) {
    this.key = key;
    this.screening = screening;
  }

  read() {
    try {
      const saved = JSON.parse(window.localStorage.getItem(this.key) || "null");
      return saved && saved.screening === this.screening ? saved : null;
    } catch {
      return null;
    }
  }

  write(value) {
    try {
      window.localStorage.setItem(this.key, JSON.stringify({ ...value, screening: this.screening }));
    } catch {
      /* private mode or full: the session still plays, it just cannot resume */
    }
  }

  clear() {
    try {
      window.localStorage.removeItem(this.key);
    } catch {
      /* nothing kept */
    }
  }
}
