// A phone as an inclinometer: angles from the gravity vector and the compass heading.
// The same formulas as supple/domain/inclinometer.py (see there for the frames and the three modes).
// Pure functions only: no DOM, no sensors; tested with `node --test`.

const RAD = Math.PI / 180;

const clamp = (x) => Math.max(-1, Math.min(1, x));
const deg = (cosine) => Math.acos(clamp(cosine)) / RAD;

function unit(v) {
  const n = Math.hypot(v[0], v[1], v[2]);
  if (n === 0) throw new RangeError("a zero vector has no direction");
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** Device-to-earth rotation R = Rz(alpha) Rx(beta) Ry(gamma) (W3C Device Orientation). */
export function rotationMatrix(alpha, beta, gamma) {
  const a = alpha * RAD;
  const b = beta * RAD;
  const g = gamma * RAD;
  const [ca, sa, cb, sb, cg, sg] = [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b), Math.cos(g), Math.sin(g)];
  return [
    [ca * cg - sa * sb * sg, -cb * sa, cg * sa * sb + ca * sg],
    [cg * sa + ca * sb * sg, ca * cb, sa * sg - ca * cg * sb],
    [-cb * sg, sb, cb * cg],
  ];
}

/** Straight up in the device frame (the last row of R); the heading does not change it. */
export function upFromOrientation(beta, gamma) {
  const b = beta * RAD;
  const g = gamma * RAD;
  return [-Math.cos(b) * Math.sin(g), Math.sin(b), Math.cos(b) * Math.cos(g)];
}

/** Straight up from accelerationIncludingGravity of a phone held still (flat, face up: z = +9.81). */
export function upFromGravity(ax, ay, az) {
  return unit([ax, ay, az]);
}

/** Angle between the screen's normal and straight up: 0 face up, 90 on an edge, 180 face down. */
export function screenTilt(up) {
  return deg(unit(up)[2]);
}

/** How far the screen's plane has tilted from the reference surface's (0..180). */
export function planeAngle(up, referenceUp) {
  return Math.abs(screenTilt(up) - screenTilt(referenceUp));
}

/** The angle between "up" now and "up" when zeroed, both seen from the phone (0..180). */
export function tiltChange(up, referenceUp) {
  const u = unit(up);
  const r = unit(referenceUp);
  return deg(u[0] * r[0] + u[1] * r[1] + u[2] * r[2]);
}

/** How far the phone has turned about the vertical since zeroing (0..180, either way). */
export function headingTurn(now, reference) {
  const r = (i, j) => now[i][0] * reference[j][0] + now[i][1] * reference[j][1] + now[i][2] * reference[j][2];
  return Math.abs(Math.atan2(r(1, 0) - r(0, 1), r(0, 0) + r(1, 1)) / RAD);
}

/** One sensor reading: {alpha, beta, gamma, gravity: [x, y, z] | null}. */
export function upOf(reading) {
  return reading.gravity ? upFromGravity(...reading.gravity) : upFromOrientation(reading.beta, reading.gamma);
}

/** The angle for a placement's mode ("plane", "tilt" or "heading"), relative to the zeroing reading. */
export function angle(mode, now, zero) {
  if (mode === "plane") return planeAngle(upOf(now), upOf(zero));
  if (mode === "tilt") return tiltChange(upOf(now), upOf(zero));
  if (mode === "heading") {
    return headingTurn(rotationMatrix(now.alpha, now.beta, now.gamma), rotationMatrix(zero.alpha, zero.beta, zero.gamma));
  }
  throw new RangeError(`unknown mode ${mode}`);
}

/**
 * The mean of the last `window` ms of [time, angle] samples when they all stay within `band` degrees
 * and cover the whole window; null while the phone is still moving.
 */
export function steadyValue(samples, now, window, band) {
  const start = now - window;
  if (samples.length === 0 || samples[0][0] > start) return null;
  const held = samples.filter(([t]) => t <= start).slice(-1);
  const recent = [...held, ...samples.filter(([t]) => t > start)].map(([, v]) => v);
  if (Math.max(...recent) - Math.min(...recent) > band) return null;
  return recent.reduce((a, b) => a + b, 0) / recent.length;
}

/** Drop samples the window no longer needs (keeps the one that opened the window). */
export function trimSamples(samples, now, window) {
  const start = now - window;
  let first = 0;
  while (first + 1 < samples.length && samples[first + 1][0] <= start) first += 1;
  return samples.slice(first);
}
