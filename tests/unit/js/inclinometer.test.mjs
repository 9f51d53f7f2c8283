// Node's built-in test runner: `node --test tests/unit/js/` (tests/unit/test_inclinometer_js.py runs it).
// The same hand-computed rotations as tests/unit/test_inclinometer.py.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  angle,
  headingTurn,
  planeAngle,
  rotationMatrix,
  screenTilt,
  steadyValue,
  tiltChange,
  trimSamples,
  upFromGravity,
  upFromOrientation,
} from "../../../src/supple/web/static/inclinometer.js";

const C40 = Math.cos((40 * Math.PI) / 180);
const C130 = Math.cos((130 * Math.PI) / 180);
const near = (a, b, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} is not ${b}`);
const nearVec = (a, b) => a.forEach((x, i) => near(x, b[i]));

test("up is the last row of the rotation, whatever the heading", () => {
  const cases = [
    [0, 0, [0, 0, 1]],
    [90, 0, [0, 1, 0]],
    [-90, 0, [0, -1, 0]],
    [0, -90, [1, 0, 0]],
    [130, 0, [0, C40, C130]],
    [-180, 50, [C40, 0, C130]],
    [-130, 0, [0, -C40, C130]],
  ];
  for (const [beta, gamma, up] of cases) {
    nearVec(upFromOrientation(beta, gamma), up);
    nearVec(rotationMatrix(123, beta, gamma)[2], up);
  }
});

test("gravity of a phone lying face up points out of the screen", () => {
  nearVec(upFromGravity(0, 0, 9.81), [0, 0, 1]);
  near(screenTilt(upFromGravity(0, 9.81, 0)), 90);
  assert.throws(() => upFromGravity(0, 0, 0), /zero vector/);
});

test("shin angle from the wall is 40 however the phone is held", () => {
  for (const shin of [[0, C40, C130], [C40, 0, C130], [0, -C40, C130], [-C40, 0, C130]]) {
    near(planeAngle(shin, [0, 1, 0]), 40);
    near(planeAngle(shin, [1, 0, 0]), 40);
  }
});

test("thigh flexed past vertical reads 120 from the floor", () => {
  const t = (120 * Math.PI) / 180;
  near(planeAngle([0, Math.sin(t), Math.cos(t)], [0, 0, 1]), 120);
});

test("a shin swinging sideways with the phone left in place", () => {
  const s = Math.sin((25 * Math.PI) / 180);
  const c = Math.cos((25 * Math.PI) / 180);
  near(tiltChange([s, c, 0], [0, 1, 0]), 25);
  near(tiltChange([c, -s, 0], [1, 0, 0]), 25);
  near(planeAngle([s, c, 0], [0, 1, 0]), 0);
});

function times(m, n) {
  return m.map((row) => [0, 1, 2].map((j) => row[0] * n[0][j] + row[1] * n[1][j] + row[2] * n[2][j]));
}
function aboutVertical(d) {
  const c = Math.cos((d * Math.PI) / 180);
  const s = Math.sin((d * Math.PI) / 180);
  return [[c, -s, 0], [s, c, 0], [0, 0, 1]];
}

test("heading turn whatever the phone's pose", () => {
  for (const [beta, gamma] of [[0, 0], [90, 0], [80, 5], [-90, 0], [10, -85]]) {
    for (const turn of [35, -35, 60]) {
      const start = rotationMatrix(10, beta, gamma);
      near(headingTurn(times(aboutVertical(turn), start), start), Math.abs(turn), 1e-7);
    }
  }
  near(headingTurn(rotationMatrix(20, 0, 0), rotationMatrix(350, 0, 0)), 30, 1e-9);
});

test("angle picks the mode and prefers gravity", () => {
  const wall = { alpha: 0, beta: 90, gamma: 0, gravity: null };
  near(angle("plane", { alpha: 200, beta: 130, gamma: 0, gravity: null }, wall), 40);
  near(angle("plane", { alpha: 0, beta: -180, gamma: 50, gravity: null }, wall), 40);
  near(angle("heading", { alpha: 40, beta: 0, gamma: 0 }, { alpha: 0, beta: 0, gamma: 0 }), 40);
  near(angle("tilt", { alpha: 0, beta: 65, gamma: 0 }, wall), 25);
  const flatByGravity = { alpha: 0, beta: 130, gamma: 0, gravity: [0, 0, 9.81] };
  near(angle("plane", flatByGravity, { alpha: 0, beta: 0, gamma: 0 }), 0);
  assert.throws(() => angle("sideways", wall, wall), /unknown mode/);
});

test("steady value needs the whole window within the band", () => {
  const samples = [[0, 30], [500, 40.2], [1000, 40], [2000, 40.4], [2600, 40.1]];
  assert.equal(steadyValue(samples, 2400, 2000, 1), null);
  assert.equal(steadyValue(samples, 2900, 2000, 0.1), null);
  near(steadyValue(samples, 2900, 2000, 1), (40.2 + 40 + 40.4 + 40.1) / 4);
  assert.equal(steadyValue(samples.slice(3), 2900, 2000, 1), null);
  assert.equal(steadyValue([], 5000, 2000, 1), null);
});

test("trimming keeps the sample that opens the window", () => {
  const samples = [[0, 1], [500, 2], [1000, 3], [2000, 4]];
  assert.deepEqual(trimSamples(samples, 2900, 2000), [[500, 2], [1000, 3], [2000, 4]]);
  assert.deepEqual(trimSamples(samples, 100, 2000), samples);
});
