"""The timed phases of a guided session: the one list both players (terminal and browser) follow.

Per exercise, per side (left then right when the dose is "each side"): a get-ready, then every set
(one hold, or reps paced at ``rep_s``), with a rest between sets. A phase of zero seconds (a rest of
0 s, a hold without a length) is left out, so no player ever shows an empty countdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from supple.catalogue.schema import DoseKind
from supple.domain.dosing import GET_READY_S, Dose


class PhaseKind(StrEnum):
    READY = "ready"
    HOLD = "hold"
    REP = "rep"
    REST = "rest"


class Moment(StrEnum):
    """Where a get-ready falls: the very start, the other side of the same exercise, or a new exercise."""

    START = "start"
    SWITCH_SIDES = "switch_sides"
    NEXT_EXERCISE = "next_exercise"


@dataclass(frozen=True)
class Phase:
    item: int  # index of the exercise in the routine
    kind: PhaseKind
    label: str  # "Get ready", "Hold", "Rep 3 of 10", "Rest"
    seconds: int
    side: str | None  # "left", "right" or None
    set_no: int
    sets: int
    rep: int | None = None
    reps: int | None = None
    bell: bool = False  # a beep when it ends: the end of a hold or of a set of reps
    moment: Moment | None = None  # for get-ready phases only

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def exercise_phases(dose: Dose, item: int = 0) -> list[Phase]:
    """The phases of one exercise at one dose."""
    sides: list[str | None] = ["left", "right"] if dose.side_count == 2 else [None]
    out: list[Phase] = []
    for side_no, side in enumerate(sides):
        moment = Moment.SWITCH_SIDES if side_no else (Moment.START if item == 0 else Moment.NEXT_EXERCISE)
        out.append(Phase(item, PhaseKind.READY, "Get ready", GET_READY_S, side, 1, dose.sets, moment=moment))
        for set_no in range(1, dose.sets + 1):
            if dose.kind is DoseKind.HOLD:
                out.append(Phase(item, PhaseKind.HOLD, "Hold", dose.hold_s or 0, side, set_no, dose.sets, bell=True))
            else:
                reps = dose.reps or 0
                out += [
                    Phase(
                        item,
                        PhaseKind.REP,
                        f"Rep {r} of {reps}",
                        dose.rep_s,
                        side,
                        set_no,
                        dose.sets,
                        rep=r,
                        reps=reps,
                        bell=r == reps,
                    )
                    for r in range(1, reps + 1)
                ]
            if set_no < dose.sets:
                out.append(Phase(item, PhaseKind.REST, "Rest", dose.rest_s, side, set_no, dose.sets))
    return [p for p in out if p.seconds > 0]


def session_phases(doses: Sequence[Dose]) -> list[Phase]:
    """Every phase of a session, exercise after exercise."""
    return [phase for n, dose in enumerate(doses) for phase in exercise_phases(dose, n)]
