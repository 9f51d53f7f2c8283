"""A figure's whole animation: key poses placed on their surfaces, props, frames and the view. Pure.

The figure file gives angles; here the anchor point is set on its surface (the floor, a chair seat …),
props are placed next to named body points, the timeline is sampled into frames, and every point can
be projected for the camera. The checks the catalogue test runs (contacts, joint ranges, staying in
the frame) are here too, so the CLI or a data author can run them the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache

from supple.catalogue.figures import BodyRules, Camera, FigureSpec, Prop, PropKind
from supple.domain.figure import Body, Vec, blend, distance, forward_kinematics, mirror_angles, translate
from supple.domain.figure_body import POINT_RADIUS, SQUASH_CM, along, capsules, lowest_surface
from supple.domain.landmarks import mirrored as mirrored_name

# How far (cm) a body point may be from a surface and still count as resting on it; limbs are about
# 10 cm thick, and the points are the middle of the joints.
CONTACT_TOLERANCE_CM = 6.0
# Half the drawn thickness of the thickest part (the torso), so the outline stays in the frame too.
OUTLINE_MARGIN_CM = 12.0
FLOOR_MARGIN_CM = 14.0
# The camera looks down a little by default, so the floor reads as a surface with a shadow on it.
DEFAULT_ELEVATION = 12.0
YAW = {Camera.RIGHT: 0.0, Camera.FRONT: 90.0, Camera.LEFT: 180.0, Camera.TOP: 90.0}


@dataclass(frozen=True)
class Orbit:
    """An orthographic camera: ``yaw`` 0 looks at the figure's right side, 90 at its front, 180 at its
    left; ``elevation`` 0 looks level, 90 straight down."""

    yaw: float
    elevation: float


# Half the depth (across the length) of each support, cm.
SUPPORT_HALF_DEPTH = {PropKind.CHAIR: 22.0, PropKind.TABLE: 40.0, PropKind.BED: 45.0, PropKind.CUSHION: 22.0}


@dataclass(frozen=True)
class PlacedProp:
    prop: Prop
    at: Vec  # world position (centre of the prop's top surface, or the wall's face)


@dataclass(frozen=True)
class Scene:
    spec: FigureSpec
    body: Body
    props: tuple[PlacedProp, ...]
    poses: dict[str, dict[str, Vec]]  # key pose name → placed points
    mirrored: bool

    @property
    def camera(self) -> Camera:
        if not self.mirrored:
            return self.spec.view
        return {Camera.RIGHT: Camera.LEFT, Camera.LEFT: Camera.RIGHT}.get(self.spec.view, self.spec.view)

    @cached_property
    def box(self) -> tuple[float, float, float, float]:
        """The frame in screen cm (see ``view_box``), worked out once."""
        return _fit_box(self)

    @cached_property
    def frame_cache(self) -> dict[float, list[dict[str, Vec]]]:
        """The sampled frames per rate, kept with the scene (``frames``): the frame fitting, the SVG and
        the checks sample the same animation."""
        return {}

    @cached_property
    def orbit(self) -> Orbit:
        spec = self.spec
        yaw = YAW[spec.view] + (spec.turn if spec.view is not Camera.LEFT else -spec.turn)
        if self.mirrored:
            yaw = 180.0 - yaw
        default = 90.0 if spec.view is Camera.TOP else DEFAULT_ELEVATION
        return Orbit(yaw, spec.elevation if spec.elevation is not None else default)


def _angles(spec: FigureSpec, pose: str, mirrored: bool) -> dict[str, float]:
    angles = spec.poses[pose].resolved()
    return mirror_angles(angles) if mirrored else angles


def support_extent(spec: FigureSpec, prop: Prop) -> tuple[float, float]:
    """Half the size of a support along x and along z: ``length`` runs across the picture (along z
    when the camera looks at the figure from the front or from behind)."""
    half, depth = prop.length / 2, SUPPORT_HALF_DEPTH[prop.kind]
    yaw = math.radians(YAW[spec.view] + spec.turn)
    return (depth, half) if abs(math.sin(yaw)) > abs(math.cos(yaw)) else (half, depth)


def support_boxes(spec: FigureSpec, placed: PlacedProp) -> list[tuple[Vec, Vec]]:
    """The solid parts of a support: its top (a bed and a cushion are solid to the floor) and a
    chair's backrest (at the back, towards -x)."""
    prop, (x, y, z) = placed.prop, placed.at
    hx, hz = support_extent(spec, prop)
    bottom = 0.0 if prop.kind in (PropKind.BED, PropKind.CUSHION) else y - 5.0
    out = [((x - hx, bottom, z - hz), (x + hx, y, z + hz))]
    if prop.kind is PropKind.CHAIR and prop.back:
        out.append(((x - hx, y, z - hz), (x - hx + 4.0, y + prop.back_height, z + hz)))
    return out


def _surface_height(spec: FigureSpec) -> float:
    if spec.anchor_on == "floor":
        return 0.0
    return next(p.top for p in spec.props if p.key == spec.anchor_on)


def _side_point(name: str, mirrored: bool) -> str:
    return mirrored_name(name) if mirrored else name


def place(body: Body, spec: FigureSpec, angles: dict[str, float], mirrored: bool = False) -> dict[str, Vec]:
    """Points of one pose with the anchor point's surface resting on its support at x = z = 0; if any
    other part of the body's surface would then be under the floor, the whole figure is lifted."""
    points = forward_kinematics(body, angles)
    anchor = _side_point(spec.anchor, mirrored)
    ax, ay, az = points[anchor]
    placed = translate(points, (-ax, _surface_height(spec) + POINT_RADIUS.get(anchor, 0.0) - ay, -az))
    return _above_floor(placed, body.head_radius)


def build_scene(rules: BodyRules, spec: FigureSpec, mirrored: bool = False) -> Scene:
    """Place every key pose and prop. ``mirrored`` shows the other side (left and right swapped)."""
    body = rules.body()
    poses = {name: place(body, spec, _angles(spec, name, mirrored), mirrored) for name in spec.poses}
    first = poses[spec.timeline[0].pose]
    props: list[PlacedProp] = []
    for prop in sorted(spec.props, key=lambda p: p.kind is PropKind.BAND):
        near = prop.under or prop.near
        base = first[_side_point(near, mirrored)] if near else (0.0, 0.0, 0.0)
        z = -prop.z if mirrored else prop.z
        if prop.kind is PropKind.BAND:  # tied to its anchor, ``y`` above the floor
            tied = next(pp for pp in props if pp.prop.key == prop.tied_to)
            props.append(PlacedProp(prop=prop, at=(tied.at[0] + prop.x, prop.y, tied.at[2] + z)))
            continue
        y = prop.top if prop.kind in (PropKind.CHAIR, PropKind.TABLE, PropKind.BED, PropKind.CUSHION) else 0.0
        if prop.kind is PropKind.FOAM_ROLLER:
            y = prop.top / 2
        if prop.kind is PropKind.STICK:
            y = base[1] + prop.y
        elif prop.kind not in (PropKind.WALL, PropKind.POST, PropKind.MARKS):
            y += prop.y
        at = _rest_on(spec, poses, prop, (base[0] + prop.x, y, base[2] + z), mirrored, body.head_radius)
        props.append(PlacedProp(prop=prop, at=at))
    return Scene(spec=spec, body=body, props=tuple(props), poses=poses, mirrored=mirrored)


def _rest_on(
    spec: FigureSpec, poses: dict[str, dict[str, Vec]], prop: Prop, at: Vec, mirrored: bool, head_r: float
) -> Vec:
    """A wall or a support that body points rest on is set where they touch it: the wall's face at the
    hands (the one furthest forwards over the key poses), a seat's top under the lowest resting point,
    so nothing rests inside it. Props that carry the anchor stay where the file puts them."""
    if spec.anchor_on == prop.key or prop.kind not in (PropKind.WALL, PropKind.CHAIR, PropKind.TABLE, PropKind.BED):
        return at
    touching = [
        (poses[name][_side_point(p, mirrored)], head_r if p == "head" else POINT_RADIUS.get(p, 0.0))
        for name, pose in spec.poses.items()
        for p in pose.contacts.get(prop.key, [])
    ]
    if not touching:
        return at
    if prop.kind is PropKind.WALL:
        hips = poses[spec.timeline[0].pose]["mid_hip"][0]
        if at[0] > hips:
            return (max(p[0] + r for p, r in touching), at[1], at[2])
        return (max(p[0] - r for p, r in touching), at[1], at[2])
    top = rest = min(p[1] - r for p, r in touching)
    placed = PlacedProp(prop=prop, at=(at[0], top, at[2]))
    (x0, _, z0), (x1, _, z1) = support_boxes(spec, placed)[0]
    for pts in poses.values():  # nothing resting near the top may sink into it (a wrist, a thigh)
        for c in capsules(pts, 10.0):
            for q in along(c):
                if x0 - c.r <= q[0] <= x1 + c.r and z0 - c.r <= q[2] <= z1 + c.r and q[1] - c.r > rest - 8.0:
                    top = min(top, q[1] - c.r)
    return (at[0], top, at[2])


def frames(scene: Scene, fps: float) -> list[dict[str, Vec]]:
    """The animation sampled ``fps`` times a second, one loop (angles blend, then the pose is placed)."""
    cached = scene.frame_cache.get(fps)
    if cached is None:
        cached = scene.frame_cache[fps] = _sample(scene, fps)
    return [dict(pts) for pts in cached]  # copies: a caller may change its frames


def _sample(scene: Scene, fps: float) -> list[dict[str, Vec]]:
    spec = scene.spec
    keys = [(step, _angles(spec, step.pose, scene.mirrored)) for step in spec.timeline]
    count = max(2, round(spec.duration_s * fps))
    placed: dict[tuple[tuple[str, float], ...], dict[str, Vec]] = {}  # a hold places the same angles again and again
    out: list[dict[str, Vec]] = []
    for i in range(count):
        t = i / fps
        angles = keys[-1][1]
        previous = keys[-1][1]  # the loop starts from where it ended
        for step, target in keys:
            if t < step.move_s:
                angles = blend(previous, target, t / step.move_s)
                break
            t -= step.move_s
            if t < step.hold_s:
                angles = target
                break
            t -= step.hold_s
            previous = target
        key = tuple(sorted(angles.items()))
        if key not in placed:
            placed[key] = place(scene.body, spec, angles, scene.mirrored)
        out.append(placed[key])
    return out


def _above_floor(points: dict[str, Vec], head_radius: float) -> dict[str, Vec]:
    """No part of the body's surface goes under the floor: lift the figure when one would."""
    lowest = lowest_surface(points, head_radius)
    return translate(points, (0.0, -lowest, 0.0)) if lowest < 0 else points


@lru_cache(maxsize=64)
def _trig(yaw_deg: float, elevation_deg: float) -> tuple[float, float, float, float]:
    yaw, el = math.radians(yaw_deg), math.radians(elevation_deg)
    return math.sin(yaw), math.cos(yaw), math.sin(el), math.cos(el)


def project(camera: Camera | Orbit, p: Vec) -> tuple[float, float, float]:
    """Screen x (right), screen y (up) and depth (bigger = nearer the viewer), in cm."""
    orbit = camera if isinstance(camera, Orbit) else Orbit(YAW[camera], 90.0 if camera is Camera.TOP else 0.0)
    x, y, z = p
    sy_, cy_, se, ce = _trig(orbit.yaw, orbit.elevation)
    level_depth = x * sy_ + z * cy_  # towards the camera, in the floor plane
    screen_x = x * cy_ - z * sy_
    return (screen_x, y * ce - level_depth * se, level_depth * ce + y * se)


SHADOW_SLANT = (0.25, -0.3)  # the light comes from above, a little behind and to the right: shadow offset per cm up


def shadow_point(p: Vec) -> Vec:
    """Where a body point's shadow falls on the floor."""
    return (p[0] + p[1] * SHADOW_SLANT[0], 0.0, p[2] + p[1] * SHADOW_SLANT[1])


def _extent_points(scene: Scene, fps: float = 4.0) -> list[tuple[Vec, float]]:
    """Points (with a radius) that the frame must show: the body's volume in every frame, its shadow,
    and the supports and anchors."""
    out: list[tuple[Vec, float]] = []
    for pts in [*scene.poses.values(), *frames(scene, fps)]:
        for name, p in pts.items():
            r = POINT_RADIUS.get(name, scene.body.head_radius if name == "head" else 0.0)
            out.append((p, r))
            out.append((shadow_point(p), r))
    low_x, high_x = min(p[0] for p, _ in out) - 25.0, max(p[0] for p, _ in out) + 25.0
    for placed in scene.props:
        prop, (x, y, z) = placed.prop, placed.at
        if prop.kind in (PropKind.CHAIR, PropKind.TABLE, PropKind.BED, PropKind.CUSHION):
            half = prop.length / 2
            xs = [min(high_x, max(low_x, x + dx)) for dx in (-half, half)]  # a long bed is shown in part
            out += [((xx, yy, z + dz), 2.0) for xx in xs for dz in (-half, half) for yy in (0.0, y)]
            if prop.kind is PropKind.CHAIR and prop.back:
                out.append(((x - half, y + prop.back_height, z), 2.0))
        elif prop.kind is PropKind.FOAM_ROLLER:
            out.append(((x, y, z), prop.top / 2))
        elif prop.kind is PropKind.POST:
            out += [((x, 0.0, z), 13.0), ((x, prop.top, z), 4.0)]  # with the base it stands on
        elif prop.kind is PropKind.TAPE:  # from the wall's face (or its own place) back along the floor
            wall = next((pp.at[0] for pp in scene.props if pp.prop.kind is PropKind.WALL), x)
            way = -1.0 if wall > scene.poses[scene.spec.timeline[0].pose]["mid_hip"][0] else 1.0
            out += [((wall, 0.0, z), 3.0), ((wall + way * prop.length, 0.0, z), 3.0)]
    return out


def view_box(scene: Scene) -> tuple[float, float, float, float]:
    """The frame (left, bottom, width, height) in screen cm: everything the animation shows, with the
    figure file's width-to-height ratio, the same for every frame."""
    return scene.box


def _fit_box(scene: Scene) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for p, r in _extent_points(scene):
        sx, sy, _ = project(scene.orbit, p)
        xs += [sx - r, sx + r]
        ys += [sy - r, sy + r]
    pad = 5.0
    left, right, bottom, top = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    aspect = scene.spec.frame[0] / scene.spec.frame[1]
    width = max(right - left, (top - bottom) * aspect)
    height = width / aspect
    return ((left + right - width) / 2, (bottom + top - height) / 2, width, height)


# Two limbs resting on each other: their middles are about this far apart.
LIMB_ON_LIMB_CM = 10.0


def surface_gap(scene: Scene, surface: str, p: Vec, pose: dict[str, Vec], name: str = "") -> float:
    """How far a point is from a surface (cm): the floor, a wall's face, a support's top, or another
    body point it rests on or holds (``left_knee`` for an ankle crossed over that knee)."""
    r = scene.body.head_radius if name == "head" else POINT_RADIUS.get(name, 0.0)
    if surface == "floor":
        return abs(p[1] - r)
    if surface in pose:
        return max(0.0, distance(p, pose[_side_point(surface, scene.mirrored)]) - LIMB_ON_LIMB_CM)
    placed = next(pp for pp in scene.props if pp.prop.key == surface)
    if placed.prop.kind is PropKind.WALL:
        return abs(abs(p[0] - placed.at[0]) - r)
    if placed.prop.kind is PropKind.FOAM_ROLLER:
        dx, dy = p[0] - placed.at[0], p[1] - placed.at[1]
        return abs(math.hypot(dx, dy) - placed.prop.top / 2 - r)
    return abs(p[1] - placed.at[1] - r)


def contact_problems(scene: Scene) -> list[str]:
    """Each declared contact that is not on its surface, per key pose (empty when all rest on it)."""
    problems = []
    for name, pose in scene.spec.poses.items():
        for surface, points in pose.contacts.items():
            for point in points:
                placed = scene.poses[name]
                gap = surface_gap(scene, surface, placed[_side_point(point, scene.mirrored)], placed, point)
                if gap > CONTACT_TOLERANCE_CM:
                    problems.append(f"{scene.spec.id} pose '{name}': {point} is {gap:.0f} cm off the {surface}")
    return problems


def range_problems(rules: BodyRules, spec: FigureSpec) -> list[str]:
    """Each key-pose angle outside the human range for that joint."""
    problems = []
    for name, pose in spec.poses.items():
        for angle, value in pose.resolved().items():
            allowed = rules.range_of(angle)
            if allowed is not None and not allowed.min <= value <= allowed.max:
                problems.append(
                    f"{spec.id} pose '{name}': {angle} = {value:g}° is outside {allowed.min:g}° to {allowed.max:g}°"
                )
    return problems


def below_floor(points: dict[str, Vec]) -> list[str]:
    """Body points whose surface (the joint with its thickness) has sunk through the floor."""
    return [name for name, p in points.items() if p[1] - POINT_RADIUS.get(name, 0.0) < -SQUASH_CM]


def outside_frame(scene: Scene, points: dict[str, Vec]) -> list[str]:
    """Body points (with the drawn thickness) that fall outside the frame."""
    left, bottom, width, height = view_box(scene)
    out = []
    for name, p in points.items():
        sx, sy, _ = project(scene.orbit, p)
        m = POINT_RADIUS.get(name, scene.body.head_radius if name == "head" else 0.0)
        if not (left + m <= sx <= left + width - m and bottom + m <= sy <= bottom + height - m):
            out.append(name)
    return out
