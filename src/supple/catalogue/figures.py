"""Validated shapes of the figure files: the key poses that animate every exercise and test. Pure.

``catalogue/data/figures/body.yaml`` holds the body's proportions and the human range of every joint
angle, each with a source; ``figures/exercises/<id>.yaml`` and ``figures/tests/<id>.yaml`` describe
one figure each: the camera, the side that works, the props, the key poses (joint angles plus the body
points that rest on the floor or a prop) and the timeline that moves between them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from supple.catalogue.schema import Slug, Source, Text
from supple.domain.figure import ANGLE_NAMES, FIGURE_JOINTS, INNER_POINTS, LIMB_ANGLES, SIDES, Body

BODY_POINTS = FIGURE_JOINTS + INNER_POINTS

Seconds = Annotated[float, Field(ge=0, le=10)]
Cm = Annotated[float, Field(ge=-300, le=300)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Camera(StrEnum):
    """Where the viewer stands: at the figure's right or left side, in front of it, or above it."""

    RIGHT = "right"
    LEFT = "left"
    FRONT = "front"
    TOP = "top"


class Works(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class PropKind(StrEnum):
    WALL = "wall"
    CHAIR = "chair"
    TABLE = "table"
    BED = "bed"
    FOAM_ROLLER = "foam_roller"
    CUSHION = "cushion"
    BAND = "band"
    STICK = "stick"
    POST = "post"  # something heavy a band is tied to: a table leg, a bed leg, a door anchor
    MARKS = "marks"  # tape on the floor: straight ahead, then 30, 45 and 60 degrees to the working side
    TAPE = "tape"  # a tape measure on the floor, from a wall's skirting back along the foot at ``near``
    PILLOW = "pillow"  # a cushion squeezed between two body points (``near`` and ``to``), moving with them
    PHONE = "phone"  # a phone on the back at ``near`` (mid_back, mid_shoulder) or on a limb (``near`` to ``to``)
    PATH = "path"  # the path the body point ``near`` draws over one loop (the circle a knee draws), a thin line
    MEASURE = "measure"  # a ruler straight down from the body point ``near`` to the floor: the height a test measures
    PELVIS = "pelvis"  # the pelvis's tilt: a bar along the pelvis at belt height on the near side (a tuck shows)


# Props a body point can rest on; the value is the default height of the top surface (cm).
SUPPORT_HEIGHT: Mapping[PropKind, float] = {
    PropKind.CHAIR: 45.0,
    PropKind.TABLE: 90.0,
    PropKind.BED: 60.0,
    PropKind.FOAM_ROLLER: 15.0,
    PropKind.CUSHION: 6.0,
}


class Prop(Strict):
    """A prop drawn simply. Placed at ``near`` (a body point in the first key pose) plus the offsets."""

    kind: PropKind
    name: str | None = Field(default=None, description="how contacts refer to it; defaults to the kind")
    near: str | None = None
    x: Cm = 0.0
    y: Cm = 0.0
    z: Cm = 0.0
    height: float | None = Field(default=None, ge=2, le=200, description="top surface above the floor, cm")
    length: float = Field(default=60.0, ge=5, le=250, description="extent along x (or the stick's length), cm")
    to: str | None = Field(
        default=None,
        description="band: the body point it pulls on; pillow: the second point; phone on a limb: the other end",
    )
    tied_to: str | None = Field(default=None, description="band: the name of the post (or wall, bed …) it is tied to")
    pulls: Literal["back", "forwards", "out", "in", "down"] | None = Field(
        default=None, description="band: the way it pulls the body point (out = away from the midline)"
    )
    under: str | None = Field(default=None, description="roller or cushion: the body point it must sit under")
    back: bool = Field(default=False, description="chair: draw the backrest behind the seat (toward -x)")
    back_height: float = Field(default=42.0, ge=10, le=90, description="chair: backrest top above the seat, cm")
    along: bool = Field(default=False, description="foam roller: lying along the body (x) rather than across it")
    stick_end: bool = Field(
        default=False,
        description="path: follow the end of the stick on the side of ``near`` rather than the point itself "
        "(the stick is longer than the arms, so its end draws the widest arc of a turn)",
    )
    across: bool = Field(
        default=False,
        description="phone on the back: lying across the spine rather than along it; "
        "band to an ankle: looped across the front of the ankle, under the ankle bones; "
        "band to a hip: looped round the top of the thigh, in the groin crease",
    )

    @property
    def key(self) -> str:
        return self.name or self.kind.value

    @property
    def top(self) -> float:
        return self.height if self.height is not None else SUPPORT_HEIGHT.get(self.kind, 0.0)

    @model_validator(mode="after")
    def _points_exist(self) -> Prop:
        for point in (self.near, self.to):
            if point is not None and point not in BODY_POINTS:
                raise ValueError(f"'{point}' is not a body point; use one of {', '.join(BODY_POINTS)}")
        if self.kind is PropKind.BAND and (self.to is None or self.tied_to is None or self.pulls is None):
            raise ValueError("a band needs 'to' (the body point), 'tied_to' (its anchor) and 'pulls' (the way)")
        needs_near = (PropKind.PILLOW, PropKind.TAPE, PropKind.PHONE, PropKind.PATH, PropKind.MEASURE)
        if self.kind in needs_near and self.near is None:
            raise ValueError(f"a {self.kind.value} needs 'near' (the body point it is placed at)")
        on_limb = self.near is not None and not self.near.startswith("mid_")
        if self.kind is PropKind.PHONE and on_limb and self.to is None:
            raise ValueError("a phone on a limb needs 'near' and 'to' (the two ends of the segment it lies along)")
        if self.kind is PropKind.PILLOW and self.to is None:
            raise ValueError("a pillow needs 'near' and 'to' (the two body points it sits between)")
        if self.stick_end and (self.kind is not PropKind.PATH or self.near is None or self.near.startswith("mid_")):
            raise ValueError("'stick_end' is for a path: set 'near' to a left_ or right_ point (the side of the stick)")
        if self.under is not None and self.under not in BODY_POINTS:
            raise ValueError(f"'{self.under}' is not a body point; use one of {', '.join(BODY_POINTS)}")
        return self


class KeyPose(Strict):
    """Joint angles in degrees (names from ``supple.domain.figure``; a name without ``left_``/``right_``
    sets both sides) and the body points that rest on a surface (``floor`` or a prop's name)."""

    angles: dict[str, float]
    contacts: dict[str, list[str]] = {}

    @field_validator("angles")
    @classmethod
    def _known_angles(cls, angles: dict[str, float]) -> dict[str, float]:
        for name, value in angles.items():
            if name not in ANGLE_NAMES and name not in LIMB_ANGLES:
                raise ValueError(f"'{name}' is not a joint angle; use one of {', '.join(ANGLE_NAMES)}")
            if not -180 <= value <= 180:
                raise ValueError(f"{name} = {value}: angles run from -180 to 180 degrees")
        return angles

    @field_validator("contacts")
    @classmethod
    def _known_points(cls, contacts: dict[str, list[str]]) -> dict[str, list[str]]:
        for points in contacts.values():
            for p in points:
                if p not in BODY_POINTS:
                    raise ValueError(f"'{p}' is not a body point; use one of {', '.join(BODY_POINTS)}")
        return contacts

    def resolved(self) -> dict[str, float]:
        """Every angle spelled out per side (shorthand names expanded)."""
        out: dict[str, float] = {}
        for name, value in self.angles.items():
            if name in LIMB_ANGLES:
                for s in SIDES:
                    out.setdefault(f"{s}_{name}", value)
            else:
                out[name] = value
        return out


class Step(Strict):
    """Move to ``pose`` over ``move_s`` seconds, then stay there for ``hold_s`` seconds."""

    pose: str
    move_s: Seconds = 0.0
    hold_s: Seconds = 0.0


class FigureSpec(Strict):
    id: Slug
    kind: Literal["exercise", "test"]
    view: Camera
    turn: float = Field(
        default=0.0, ge=-80, le=80, description="degrees the camera moves round from the view towards the front"
    )
    elevation: float | None = Field(
        default=None, ge=0, le=90, description="degrees the camera looks down (default 12, or 90 from above)"
    )
    works: Works = Field(description="the side being stretched or tested; the figure shows it nearest")
    anchor: str = Field(description="the body point that stays put on its surface while the figure moves")
    anchor_on: str = Field(default="floor", description="'floor' or the name of a supporting prop")
    frame: tuple[float, float] = Field(default=(200.0, 220.0), description="width and height shown, cm")
    props: list[Prop] = []
    poses: dict[str, KeyPose] = Field(min_length=1)
    timeline: list[Step] = Field(min_length=2)
    still: str = Field(description="the pose shown when motion is reduced (usually the end position)")
    caption: Text

    @model_validator(mode="after")
    def _consistent(self) -> FigureSpec:
        if self.anchor not in BODY_POINTS:
            raise ValueError(f"anchor '{self.anchor}' is not a body point")
        surfaces = {"floor"} | {p.key for p in self.props}
        if self.anchor_on not in surfaces:
            raise ValueError(f"anchor_on '{self.anchor_on}' is neither 'floor' nor a prop")
        for prop in self.props:
            if prop.tied_to is not None and prop.tied_to not in surfaces:
                raise ValueError(f"band tied_to '{prop.tied_to}' is not a prop")
        for step in self.timeline:
            if step.pose not in self.poses:
                raise ValueError(f"timeline pose '{step.pose}' is not one of the poses")
        if self.still not in self.poses:
            raise ValueError(f"still pose '{self.still}' is not one of the poses")
        for name, pose in self.poses.items():
            for surface in pose.contacts:
                if surface not in surfaces and surface not in BODY_POINTS:
                    raise ValueError(
                        f"pose '{name}': contact surface '{surface}' is not 'floor', a prop or a body point"
                    )
        if sum(s.move_s + s.hold_s for s in self.timeline) <= 0:
            raise ValueError("the timeline must last longer than 0 seconds")
        return self

    @property
    def duration_s(self) -> float:
        return sum(s.move_s + s.hold_s for s in self.timeline)


class JointRange(Strict):
    min: float = Field(ge=-180, le=180)
    max: float = Field(ge=-180, le=180)


class BodyRules(Strict):
    """Proportions of the figure (fractions of body height) and the human range of each joint angle."""

    height_cm: float = Field(ge=100, le=220)
    proportions: dict[str, float]
    proportions_source: Source
    ranges: dict[str, JointRange]
    ranges_source: Source

    @field_validator("ranges")
    @classmethod
    def _every_angle(cls, ranges: dict[str, JointRange]) -> dict[str, JointRange]:
        body_angles = {n for n in ANGLE_NAMES if not n.startswith(SIDES)}
        expected = (body_angles - {"body_tilt", "body_roll", "body_turn"}) | set(LIMB_ANGLES)
        missing = expected - set(ranges)
        if missing:
            raise ValueError(f"no range for {', '.join(sorted(missing))}")
        return ranges

    def body(self) -> Body:
        return Body(**{name: fraction * self.height_cm for name, fraction in self.proportions.items()})

    def range_of(self, angle: str) -> JointRange | None:
        """The range for an angle name (``left_knee_flexion`` uses ``knee_flexion``); None for placement."""
        return self.ranges.get(angle.removeprefix("left_").removeprefix("right_"))


class Figures(Strict):
    body: BodyRules
    exercises: dict[str, FigureSpec]
    tests: dict[str, FigureSpec]

    def missing(self, exercise_ids: list[str], test_ids: list[str]) -> list[str]:
        """Catalogue entries without a figure (empty when every exercise and test has one)."""
        return [f"exercise {e}" for e in exercise_ids if e not in self.exercises] + [
            f"test {t}" for t in test_ids if t not in self.tests
        ]
