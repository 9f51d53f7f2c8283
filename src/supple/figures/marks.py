"""Bands and marks drawn on a figure: a band from its post to the body (or looped across the front of
an ankle), the pelvis's tilt as a bar, and a ruler from a body point down to the floor. The marks are
drawn over the figure, each with a thin white edge so it reads on the dark body; every frame has the
same pieces, as the animated SVG needs."""

from __future__ import annotations

import math

from supple.catalogue.figures import PropKind
from supple.domain.figure import Vec
from supple.domain.figure_scene import PlacedProp, frames
from supple.domain.landmarks import mirrored
from supple.figures.shapes import BAND, PATH_FPS, Canvas, Piece, Point

PATH_DARK = "#b5651d"  # the pelvis's bar: the path's orange, a little deeper so it reads on the body
PELVIS_UP, PELVIS_OUT, PELVIS_HALF = 7.0, 15.0, 14.0  # the bar's height over the hip joints, way out, half length (cm)
# A band looped round an ankle: it wraps round the front of the ankle this far below the joint's
# centre (under the ankle bones), on the surface of the drawn ankle (the shank's capsule, radius 5.2,
# is 4.6 cm round at that height, plus half the band's width), drawn as an arc of this many points in
# each of its two pieces (the part behind the ankle's centre and the part in front, as seen).
LOOP_DOWN, LOOP_R, LOOP_POINTS = 2.5, 5.5, 5
# A band looped round the top of a thigh: a ring this far down the thigh from the hip joint (the groin
# crease) and this wide (the thigh's radius, 7 cm, plus the band), drawn with this many points per half.
THIGH_LOOP_DOWN, THIGH_LOOP_RADIUS, THIGH_LOOP_POINTS = 6.0, 7.5, 7


def mark_pieces(canvas: Canvas, placed: PlacedProp, pts: dict[str, Vec]) -> list[Piece]:
    """The pieces of a band, a pelvis bar or a ruler in one frame."""
    prop, key = placed.prop, placed.prop.key
    if prop.kind is PropKind.PELVIS:
        return _pelvis_bar(canvas, key, pts)
    name = prop.near if prop.kind is PropKind.MEASURE else prop.to
    if name is None:
        raise ValueError(f"the {key} needs a body point")  # the schema requires it
    if canvas.scene.mirrored:
        name = mirrored(name)
    if prop.kind is PropKind.MEASURE:
        highest = max(f[name][1] for f in frames(canvas.scene, PATH_FPS))
        return _ruler(canvas, key, pts[name], highest)
    if prop.across and name.endswith("_hip"):
        return _thigh_loop(canvas, key, placed.at, pts, name)
    if prop.across:
        return _band_loop(canvas, key, placed.at, pts, name)
    start, end = placed.at, pts[name]
    return [
        Piece(key, canvas.depth(start, end) + 2, "line", (canvas.xy(start), canvas.xy(end)), 0.9, None, BAND),
        Piece(key + ".knot", canvas.depth(start) + 3, "line", (canvas.xy(start),), 2.2, None, BAND),
    ]


def _band_loop(canvas: Canvas, key: str, start: Vec, pts: dict[str, Vec], ankle: str) -> list[Piece]:
    """A band looped round an ankle: two strands from the knot come to either side of the ankle and a
    strap wraps round its front, just under the ankle bones, so it reads as pulling the ankle back from
    the front (not holding the heel). The far strand is drawn behind the leg and the near strand over
    it; the strap is cut where it passes the ankle's centre in depth: the part further from the viewer
    is hidden behind the shin and foot, the nearer part lies over them."""
    side = ankle.split("_", 1)[0]
    centre, toe, heel = pts[ankle], pts[f"{side}_foot_index"], pts[f"{side}_heel"]
    fwd = _unit((toe[0] - heel[0], 0.0, toe[2] - heel[2]))
    lat = (-fwd[2], 0.0, fwd[0])  # across the foot, level
    axis = (centre[0], centre[1] - LOOP_DOWN, centre[2])
    xy, depth = canvas.xy, canvas.depth
    base = depth(axis)

    def at(deg: float) -> Vec:  # round the ankle: 0 in front, ±90 at its sides
        c, s = math.cos(math.radians(deg)) * LOOP_R, math.sin(math.radians(deg)) * LOOP_R
        return (axis[0] + c * fwd[0] + s * lat[0], axis[1], axis[2] + c * fwd[2] + s * lat[2])

    # the depth round the arc is base + k·cos(deg − phi): in front of the centre within 90° of phi
    k_fwd, k_lat = depth(at(0.0)) - base, depth(at(90.0)) - base
    phi = math.degrees(math.atan2(k_lat, k_fwd))
    if phi >= 0:
        seen, hidden = (max(-90.0, phi - 90.0), 90.0), (-90.0, max(-90.0, phi - 90.0))
        near_end, far_end = at(90.0), at(-90.0)
    else:
        seen, hidden = (-90.0, min(90.0, phi + 90.0)), (min(90.0, phi + 90.0), 90.0)
        near_end, far_end = at(-90.0), at(90.0)
    leg = depth(centre, pts[f"{side}_knee"])  # the shank's depth

    def arc(span: tuple[float, float]) -> tuple[Point, ...]:
        step = (span[1] - span[0]) / (LOOP_POINTS - 1)
        return tuple(xy(at(span[0] + i * step)) for i in range(LOOP_POINTS))

    return [
        Piece(key + ".far", min(depth(start, far_end), leg - 6), "line", (xy(start), xy(far_end)), 0.8, None, BAND),
        Piece(key, max(depth(start, near_end), leg + 6), "line", (xy(start), xy(near_end)), 0.9, None, BAND),
        Piece(key + ".strap.behind", leg - 6, "line", arc(hidden), 1.5, None, BAND),
        Piece(key + ".strap", leg + 7, "line", arc(seen), 1.5, None, BAND),
        Piece(key + ".knot", depth(start) + 3, "line", (xy(start),), 2.2, None, BAND),
    ]


def _thigh_loop(canvas: Canvas, key: str, start: Vec, pts: dict[str, Vec], hip: str) -> list[Piece]:
    """A band looped round the top of a thigh, in the groin crease: a ring round the thigh (its half
    nearer the viewer drawn over the leg, the other half behind it) and one strand from the knot to the
    side of the ring facing the anchor, so the leg reads as inside the loop."""
    side = hip.split("_", 1)[0]
    top, knee = pts[hip], pts[f"{side}_knee"]
    axis = _unit(tuple(k - h for k, h in zip(knee, top, strict=True)))
    centre = tuple(h + THIGH_LOOP_DOWN * a for h, a in zip(top, axis, strict=True))
    pull = tuple(s - c for s, c in zip(start, centre, strict=True))
    along = sum(p * a for p, a in zip(pull, axis, strict=True))
    u = _unit(tuple(p - along * a for p, a in zip(pull, axis, strict=True)))  # towards the anchor, across the thigh
    v = (axis[1] * u[2] - axis[2] * u[1], axis[2] * u[0] - axis[0] * u[2], axis[0] * u[1] - axis[1] * u[0])

    def ring(turn: float) -> Vec:
        c, s = THIGH_LOOP_RADIUS * math.cos(turn), THIGH_LOOP_RADIUS * math.sin(turn)
        return (centre[0] + c * u[0] + s * v[0], centre[1] + c * u[1] + s * v[1], centre[2] + c * u[2] + s * v[2])

    xy, depth = canvas.xy, canvas.depth
    leg = depth(top, knee)
    pieces = []
    for half, first in (("a", 0.0), ("b", math.pi)):
        arc = [ring(first + math.pi * i / (THIGH_LOOP_POINTS - 1)) for i in range(THIGH_LOOP_POINTS)]
        over = depth(*arc) > leg
        pieces.append(
            Piece(f"{key}.{half}", leg + 7 if over else leg - 6, "line", tuple(xy(p) for p in arc), 1.2, None, BAND)
        )
    outer = ring(0.0)
    pieces.append(Piece(key, max(depth(start, outer), leg + 6), "line", (xy(start), xy(outer)), 0.9, None, BAND))
    pieces.append(Piece(key + ".knot", depth(start) + 3, "line", (xy(start),), 2.2, None, BAND))
    return pieces


def _pelvis_bar(canvas: Canvas, key: str, pts: dict[str, Vec]) -> list[Piece]:
    """The pelvis's tilt as a bar at belt height on the side of the hips nearer the viewer, turning with
    the pelvis (``pelvis_front``), with a dot at its front end (the hip bone) and a thin white edge so it
    reads on the dark body: a tuck tips it up at the front."""
    mid, front = pts["mid_hip"], pts["pelvis_front"]
    fwd = _unit(tuple(f - m for f, m in zip(front, mid, strict=True)))
    lat = _unit(tuple(r - left for r, left in zip(pts["right_hip"], pts["left_hip"], strict=True)))
    up = (lat[1] * fwd[2] - lat[2] * fwd[1], lat[2] * fwd[0] - lat[0] * fwd[2], lat[0] * fwd[1] - lat[1] * fwd[0])
    side = 1.0 if canvas.depth((mid[0] + lat[0], mid[1] + lat[1], mid[2] + lat[2])) > canvas.depth(mid) else -1.0

    def at(forwards: float) -> Vec:
        out = [
            m + PELVIS_UP * u + side * PELVIS_OUT * s + forwards * f
            for m, u, s, f in zip(mid, up, lat, fwd, strict=True)
        ]
        return (out[0], out[1], out[2])

    back_end, front_end = at(-PELVIS_HALF), at(PELVIS_HALF)
    ends = (canvas.xy(back_end), canvas.xy(front_end))
    return [  # drawn over everything, like a path: it marks the pelvis, it is not a thing held
        Piece(key + ".edge", 1e6, "line", ends, 1.9, None, "#ffffff"),
        Piece(key, 1e6 + 1, "line", ends, 1.3, None, PATH_DARK),
        Piece(key + ".front", 1e6 + 2, "line", (ends[1],), 2.8, None, PATH_DARK),
    ]


def _ruler(canvas: Canvas, key: str, top: Vec, highest: float) -> list[Piece]:
    """A ruler from a body point straight down to the floor, a tick every 5 cm: the height a test
    measures (a knee over the surface), drawn over the figure and moving with the point. Every frame
    has the same pieces (the animation needs them): ticks above the point shrink into its end."""
    xy = canvas.xy
    a, b = xy(top), xy((top[0], 0.0, top[2]))
    pieces = [
        Piece(key + ".edge", 1e6, "line", (a, b), 1.5, None, "#ffffff"),
        Piece(key, 1e6 + 1, "line", (a, b), 0.9, None, PATH_DARK),
        Piece(key + ".end", 1e6 + 2, "line", (a,), 1.8, None, PATH_DARK),
    ]
    for i in range(5, int(highest), 5):
        tx, ty = xy((top[0], float(i), top[2])) if i < top[1] else a
        reach = 0.0 if i >= top[1] else 2.4 if i % 10 == 0 else 1.4
        tick = ((tx - reach, ty), (tx + reach, ty))
        pieces.append(Piece(f"{key}.tick{i}", 1e6 + 1, "line", tick, 0.35, None, PATH_DARK))
    return pieces


def _unit(v: tuple[float, ...]) -> Vec:
    n = math.sqrt(sum(c * c for c in v)) or 1.0
    return (v[0] / n, v[1] / n, v[2] / n)
