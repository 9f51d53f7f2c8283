"""For figure authors: ``python -m supple.figures.fit ID POSE ANGLE [ANGLE ...]`` nudges the named angles of
one key pose until its declared contacts rest on their surfaces (coordinate descent), and prints the
values to copy into the figure file. Contacts held in every key pose on the floor or a prop (a planted
foot, hands on a wall) are also pulled back to where they are in the first key pose of the timeline, so
the fit pivots about them instead of letting them slide. The figure files keep plain angles; this only
helps write them."""

from __future__ import annotations

import math
import sys

from supple.domain.figure import LIMB_ANGLES, SIDES, Vec
from supple.domain.figure_checks import held_contacts, intrusions
from supple.domain.figure_scene import (
    Scene,
    build_scene,
    place,
    surface_gap,
)
from supple.figures.library import load_figures


def _planted(scene: Scene) -> dict[str, Vec]:
    """Where each contact held on the floor or a prop is in the timeline's first key pose."""
    surfaces = {"floor"} | {placed.prop.key for placed in scene.props}
    first = scene.poses[scene.spec.timeline[0].pose]
    return {p: first[p] for s, p in held_contacts(scene) if s in surfaces}


def _cost(scene: Scene, pose: str, angles: dict[str, float], start: dict[str, float], planted: dict[str, Vec]) -> float:
    spec = scene.spec
    pts = place(scene.body, spec, angles)
    cost = 0.0
    for surface, points in spec.poses[pose].contacts.items():
        for p in points:
            cost += max(0.0, surface_gap(scene, surface, pts[p], pts, p) - 1.0) ** 2
    for p, at in planted.items():
        cost += max(0.0, math.dist(pts[p], at) - 1.0) ** 2
    cost += 4 * sum(depth**2 for _, _, depth in intrusions(scene, pts))
    cost += 0.001 * sum((angles.get(k, 0.0) - start[k]) ** 2 for k in start)
    return cost


def _sides(name: str) -> list[str]:
    return [f"{side}_{name}" for side in SIDES] if name in LIMB_ANGLES else [name]


def fit(item_id: str, pose: str, names: list[str]) -> dict[str, float]:
    figures = load_figures()
    spec = (figures.exercises | figures.tests)[item_id]
    scene = build_scene(figures.body, spec)
    angles = spec.poses[pose].resolved()
    for n in names:
        for full in _sides(n):
            angles.setdefault(full, 0.0)
        angles[n] = angles[_sides(n)[0]]
    start = {n: angles[n] for n in names}
    planted = _planted(scene)
    best = _cost(scene, pose, angles, start, planted)
    for step in (16.0, 8.0, 4.0, 2.0, 1.0, 0.5):
        improved = True
        while improved:
            improved = False
            for n in names:
                for d in (step, -step):
                    trial = dict(angles)
                    trial[n] += d
                    allowed = figures.body.range_of(n)
                    if allowed is not None and not allowed.min <= trial[n] <= allowed.max:
                        continue
                    for full in _sides(n):
                        trial[full] = trial[n]
                    c = _cost(scene, pose, trial, start, planted)
                    if c < best:
                        best, angles, improved = c, trial, True
    print(f"cost {best:.2f}")
    return {n: round(angles[n]) for n in names}


def write(item_id: str, pose: str, values: dict[str, float]) -> None:
    """Store fitted values in the figure file (the file is rewritten in a plain layout)."""
    from importlib import resources

    import yaml

    root = resources.files("supple.catalogue") / "data" / "figures"
    kind = "exercises" if item_id in load_figures().exercises else "tests"
    path = root / kind / f"{item_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    angles = data["poses"][pose]["angles"]
    for name, value in values.items():
        for full in _sides(name):
            angles.pop(full, None)
        angles[name] = value
    text = yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=120, allow_unicode=True)
    with open(str(path), "w", encoding="utf-8") as out:
        out.write(text)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--write"]
    found = fit(args[0], args[1], args[2:])
    print(found)
    if "--write" in sys.argv:
        write(args[0], args[1], found)
