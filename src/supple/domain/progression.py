"""Pain-guided progression: the traffic light (clinical-reference §7.4).

Green: pain during <= 3/10, at most 1 point above the pre-session level, and next morning no worse
than usual. Amber: 4-5/10 during, or a rise that settles. Red: > 5/10 during, next morning 2+ points
above usual, or any nerve symptom. Without a next-morning check-in a session cannot be green.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.rules import StepRule, TrafficLightRule
from supple.catalogue.schema import Dosage, DoseKind
from supple.domain.dosing import Dose, dose_at, ladder
from supple.domain.formatting import plural


class Signal(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def rank(self) -> int:
        return {"green": 0, "amber": 1, "red": 2}[self.value]


def usual_pain(pre_session: Sequence[float], rule: TrafficLightRule) -> float | None:
    """The person's usual level: mean of the last few pre-session ratings (oldest first)."""
    window = list(pre_session)[-rule.baseline_window :]
    return round(sum(window) / len(window), 2) if window else None


def exercise_signal(
    *,
    pain_before: float,
    pain_during: float,
    usual: float | None,
    next_morning: float | None,
    nerve_symptoms: bool,
    rule: TrafficLightRule,
) -> Signal:
    if nerve_symptoms or pain_during > rule.amber_during_max:
        return Signal.RED
    reference = usual if usual is not None else pain_before
    if next_morning is not None and next_morning - reference >= rule.red_next_morning_rise_min:
        return Signal.RED
    green = (
        pain_during <= rule.green_during_max
        and pain_during - pain_before <= rule.green_rise_max
        and next_morning is not None
        and next_morning <= reference
    )
    return Signal.GREEN if green else Signal.AMBER


def worse_week_on_week(ratings: Sequence[tuple[datetime, float]], now: datetime, rule: TrafficLightRule) -> bool:
    """Pain getting worse week by week (clinical-reference §7.4, red): the average pre-session pain of
    the last 7 days is at least ``red_week_rise_min`` above the 7 days before. Needs both weeks rated."""
    week = timedelta(days=7)
    this = [v for at, v in ratings if now - week < at <= now]
    last = [v for at, v in ratings if now - 2 * week < at <= now - week]
    if not this or not last:
        return False
    return sum(this) / len(this) - sum(last) / len(last) >= rule.red_week_rise_min


def session_signal(signals: Sequence[Signal]) -> Signal:
    return max(signals, key=lambda s: s.rank, default=Signal.GREEN)


RED_SESSION = "the session as a whole was a flare (a red one)"


def signal_for_next_dose(item: Signal, session: Signal, after_red_session: str) -> Signal:
    """The signal an exercise's next dose follows: its own, or red after a red session when the rule
    (rules/progression.yaml ``after_red_session: step_back``, clinical-reference §7.4) says so."""
    if session is Signal.RED and after_red_session == "step_back":
        return Signal.RED
    return item


@dataclass(frozen=True)
class ExerciseState:
    """Where one routine slot stands. ``slot_id`` is the exercise the planner chose;
    ``variant_id`` the one done now (a harder or easier version)."""

    slot_id: str
    variant_id: str
    level: int = 0
    greens: int = 0
    rest_until: datetime | None = None


class Move(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    REST = "rest"
    PAUSE = "pause"  # the whole program, for a clinician's review (should_pause); never one exercise's move


@dataclass(frozen=True)
class StateChange:
    state: ExerciseState
    move: Move
    explanation: str


def apply_signal(
    state: ExerciseState,
    signal: Signal,
    *,
    yellow_flags: bool,
    now: datetime,
    catalogue: Catalogue,
    nerve: bool = False,
    why_red: str | None = None,
) -> StateChange:
    rules = catalogue.progression
    ex = catalogue.exercises[state.variant_id]
    name = ex.name
    if signal is Signal.AMBER:
        return StateChange(
            replace(state, greens=0),
            Move.HOLD,
            f"{name}: the amount stays the same — it was a bit sore, so we give it time to settle.",
        )
    if signal is Signal.GREEN:
        needed = rules.progress_after_green_with_yellow_flags if yellow_flags else rules.progress_after_green
        greens = state.greens + 1
        if greens < needed:
            return StateChange(
                replace(state, greens=greens),
                Move.HOLD,
                f"{name}: that went well ({greens} of {needed} good sessions before the next step).",
            )
        _, at_top, _ = dose_at(ex.dosage, rules.steps_for(ex.kind), state.level)
        if at_top and ex.progression:
            nxt = catalogue.exercises[ex.progression]
            return StateChange(
                replace(state, variant_id=nxt.id, level=0, greens=0),
                Move.PROGRESS,
                f"{name}: {needed} good sessions in a row at the top dose, so you move on to {nxt.name}.",
            )
        if at_top:
            return StateChange(
                replace(state, greens=0),
                Move.HOLD,
                f"{name}: {needed} good sessions in a row; you are at the top dose, so keep it there.",
            )
        new_dose, _, _ = dose_at(ex.dosage, rules.steps_for(ex.kind), state.level + 1)
        return StateChange(
            replace(state, level=state.level + 1, greens=0),
            Move.PROGRESS,
            f"{name}: {needed} good sessions in a row, so it steps up to {new_dose.label()}.",
        )
    # Red: step back, or rest the exercise when it is already at its easiest. The reason says what made
    # it red: a nerve symptom is not "pain flared".
    why = "you noted a nerve symptom with it" if nerve else why_red or "it flared your pain"
    current, _, at_bottom = dose_at(ex.dosage, rules.steps_for(ex.kind), state.level)
    easier = catalogue.exercises[ex.regression] if at_bottom and ex.regression else None
    # The easier version starts at the highest level that asks no more than now: a step back never raises
    # the dose. When even its easiest level asks more, the exercise rests instead.
    easier_level = _level_within(easier.dosage, rules.steps_for(easier.kind), current) if easier else None
    if easier is not None and easier_level is not None:
        return StateChange(
            replace(state, variant_id=easier.id, level=easier_level, greens=0),
            Move.REGRESS,
            f"{name}: {why}, so you switch to the easier {easier.name}.",
        )
    if at_bottom:
        until = now + timedelta(hours=rules.red_exercise_rest_hours)
        return StateChange(
            replace(state, greens=0, rest_until=until),
            Move.REST,
            f"{name}: {why} at its easiest level, so it is left out for {rules.red_exercise_rest_hours} hours.",
        )
    new_dose, _, _ = dose_at(ex.dosage, rules.steps_for(ex.kind), state.level - 1)
    return StateChange(
        replace(state, level=state.level - 1, greens=0),
        Move.REGRESS,
        f"{name}: {why}, so it steps back to {new_dose.label()}.",
    )


def volume(dose: Dose) -> int:
    """Sets × hold seconds (holds) or sets × reps (drills), per side."""
    return dose.sets * ((dose.hold_s or 0) if dose.kind is DoseKind.HOLD else (dose.reps or 0))


def no_more_than(dose: Dose, limit: Dose) -> bool:
    """``dose`` asks no more than ``limit``: no longer in the exercise, and (same kind) no more volume."""
    same = dose.kind is limit.kind
    return dose.work_seconds() <= limit.work_seconds() and (not same or volume(dose) <= volume(limit))


def _level_within(dosage: Dosage, steps: StepRule, limit: Dose) -> int | None:
    """The highest level, no higher than the catalogue's start, whose dose asks no more than ``limit``."""
    doses, start = ladder(dosage, steps)
    fitting = [i for i in range(start + 1) if no_more_than(doses[i], limit)]
    return fitting[-1] - start if fitting else None


def should_pause(recent_session_signals: Sequence[Signal], nerve_symptoms: bool, pause_after: int) -> str | None:
    """Reason to pause the whole program for a clinician's review, or None."""
    if nerve_symptoms:
        return (
            "You reported a nerve symptom: pins and needles, numbness, weakness or leg pain spreading below the "
            "knee. Nerve symptoms pause the program whatever your pain score."
        )
    tail = list(recent_session_signals)[-pause_after:]
    if len(tail) == pause_after and all(s is Signal.RED for s in tail):
        return f"{plural(pause_after, 'session')} in a row flared your pain."
    return None


def awaiting_clinician(before: ExerciseState, name: str) -> StateChange:
    """Clinic mode: a step-up the planner earned waits for the clinician's approval; the amount stays
    as it is meanwhile (the step itself is kept apart, see ``services.step_ups``)."""
    return StateChange(
        replace(before, greens=0),
        Move.HOLD,
        f"{name}: that went well. The next step is ready, and your clinician will look at it before it "
        "changes; until then, keep the same amount.",
    )
