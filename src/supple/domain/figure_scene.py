"""A figure's whole animation: key poses placed on their surfaces, props, frames and the view. Pure.

The figure file gives angles; here the anchor point is set on its surface (the floor, a chair seat …),
props are placed next to named body points, the timeline is sampled into frames, and every point can
be projected for the camera. The checks the catalogue test runs (contacts, joint ranges, staying in
the frame) are here too, so the CLI or a data author can run them the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from supple.catalogue.figures import BodyRules, Camera, FigureSpec, Prop, PropKind
from supple.domain.figure import Body, Vec, blend, distance, forward_kinematics, mirror_angles, translate
from supple.domain.landmarks import mirrored as mirrored_name

# How far (cm) a body point may be from a surface and still count as resting on it; limbs are about
# 10 cm thick, and the points are the middle of the joints.
CONTACT_TOLERANCE_CM = 6.0
# Half the drawn thickness of the thickest part (the torso), so the outline stays in the frame too.
OUTLINE_MARGIN_CM = 12.0
FLOOR_MARGIN_CM = 14.0


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


def _angles(spec: FigureSpec, pose: str, mirrored: bool) -> dict[str, float]:
    angles = spec.poses[pose].resolved()
    return mirror_angles(angles) if mirrored else angles


def _surface_height(spec: FigureSpec) -> float:
    if spec.anchor_on == "floor":
        return 0.0
    return next(p.top for p in spec.props if p.key == spec.anchor_on)


def _side_point(name: str, mirrored: bool) -> str:
    return mirrored_name(name) if mirrored else name


def place(body: Body, spec: FigureSpec, angles: dict[str, float], mirrored: bool = False) -> dict[str, Vec]:
    """Points of one pose with the anchor point on its surface at x = z = 0."""
    points = forward_kinematics(body, angles)
    ax, ay, az = points[_side_point(spec.anchor, mirrored)]
    return translate(points, (-ax, _surface_height(spec) - ay, -az))


def build_scene(rules: BodyRules, spec: FigureSpec, mirrored: bool = False) -> Scene:
    """Place every key pose and prop. ``mirrored`` shows the other side (left and right swapped)."""
    body = rules.body()
    poses = {name: place(body, spec, _angles(spec, name, mirrored), mirrored) for name in spec.poses}
    first = poses[spec.timeline[0].pose]
    props = []
    for prop in spec.props:
        base = first[_side_point(prop.near, mirrored)] if prop.near else (0.0, 0.0, 0.0)
        z = -prop.z if mirrored else prop.z
        y = prop.top if prop.kind in (PropKind.CHAIR, PropKind.TABLE, PropKind.BED, PropKind.CUSHION) else 0.0
        if prop.kind is PropKind.FOAM_ROLLER:
            y = prop.top / 2
        if prop.kind in (PropKind.BAND, PropKind.STICK, PropKind.WALL):
            y = base[1] + prop.y if prop.kind is not PropKind.WALL else 0.0
        else:
            y += prop.y
        props.append(PlacedProp(prop=prop, at=(base[0] + prop.x, y, base[2] + z)))
    return Scene(spec=spec, body=body, props=tuple(props), poses=poses, mirrored=mirrored)


def frames(scene: Scene, fps: float) -> list[dict[str, Vec]]:
    """The animation sampled ``fps`` times a second, one loop (angles blend, then the pose is placed)."""
    spec = scene.spec
    keys = [(step, _angles(spec, step.pose, scene.mirrored)) for step in spec.timeline]
    count = max(2, round(spec.duration_s * fps))
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
        out.append(_above_floor(place(scene.body, spec, angles, scene.mirrored)))
    return out


def _above_floor(points: dict[str, Vec]) -> dict[str, Vec]:
    """Between key poses the blended angles can dip a foot or a hand into the floor; lift the figure."""
    lowest = min(p[1] for p in points.values())
    allowed = -CONTACT_TOLERANCE_CM / 2
    return translate(points, (0.0, allowed - lowest, 0.0)) if lowest < allowed else points


def project(camera: Camera, p: Vec) -> tuple[float, float, float]:
    """Screen x (right), screen y (up) and depth (bigger = nearer the viewer), in cm."""
    x, y, z = p
    if camera is Camera.RIGHT:
        return (x, y, z)
    if camera is Camera.LEFT:
        return (-x, y, -z)
    if camera is Camera.FRONT:
        return (-z, y, x)
    return (-z, -x, y)  # from above, the head of a figure lying along -x at the top


def view_box(scene: Scene) -> tuple[float, float, float, float]:
    """The frame (left, bottom, width, height) in screen cm: a fixed size, centred on the figure."""
    width, height = scene.spec.frame
    xs: list[float] = []
    ys: list[float] = []
    for points in scene.poses.values():
        for p in points.values():
            sx, sy, _ = project(scene.camera, p)
            xs.append(sx)
            ys.append(sy)
    cx = (min(xs) + max(xs)) / 2
    if scene.camera is Camera.TOP:
        cy = (min(ys) + max(ys)) / 2
        return (cx - width / 2, cy - height / 2, width, height)
    return (cx - width / 2, -FLOOR_MARGIN_CM, width, height)


# Two limbs resting on each other: their middles are about this far apart.
LIMB_ON_LIMB_CM = 10.0


def surface_gap(scene: Scene, surface: str, p: Vec, pose: dict[str, Vec]) -> float:
    """How far a point is from a surface (cm): the floor, a wall's face, a support's top, or another
    body point it rests on or holds (``left_knee`` for an ankle crossed over that knee)."""
    if surface == "floor":
        return abs(p[1])
    if surface in pose:
        return max(0.0, distance(p, pose[_side_point(surface, scene.mirrored)]) - LIMB_ON_LIMB_CM)
    placed = next(pp for pp in scene.props if pp.prop.key == surface)
    if placed.prop.kind is PropKind.WALL:
        return abs(p[0] - placed.at[0])
    if placed.prop.kind is PropKind.FOAM_ROLLER:
        dx, dy = p[0] - placed.at[0], p[1] - placed.at[1]
        return abs(math.hypot(dx, dy) - placed.prop.top / 2)
    return abs(p[1] - placed.at[1])


def contact_problems(scene: Scene) -> list[str]:
    """Each declared contact that is not on its surface, per key pose (empty when all rest on it)."""
    problems = []
    for name, pose in scene.spec.poses.items():
        for surface, points in pose.contacts.items():
            for point in points:
                placed = scene.poses[name]
                gap = surface_gap(scene, surface, placed[_side_point(point, scene.mirrored)], placed)
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
    """Body points that have sunk through the floor."""
    return [name for name, p in points.items() if p[1] < -CONTACT_TOLERANCE_CM]


def outside_frame(scene: Scene, points: dict[str, Vec]) -> list[str]:
    """Body points (with the drawn thickness) that fall outside the frame."""
    left, bottom, width, height = view_box(scene)
    out = []
    for name, p in points.items():
        sx, sy, _ = project(scene.camera, p)
        m = OUTLINE_MARGIN_CM
        if not (left + m <= sx <= left + width - m and bottom + m / 2 <= sy <= bottom + height - m):
            out.append(name)
    return out
