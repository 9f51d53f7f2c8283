"""The routine generator: constraints are absolute, the budget always fits, same input same routine."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.loader import default_catalogue
from supple.catalogue.schema import Condition, Equipment, MeasureMethod, Region
from supple.domain.assessment import Side, TrialSet, score
from supple.domain.planner import Constraints, PlanInput, Planner, Routine, allowed

CAT = default_catalogue()
GOLDEN = Path(__file__).parent / "golden"


def _entries_strategy() -> st.SearchStrategy[list[TrialSet]]:
    options = []
    for test in CAT.tests.values():
        for m in test.metrics:
            sides = [Side.LEFT, Side.RIGHT] if test.bilateral else [Side.NONE]
            for side in sides:
                values = st.sampled_from([0.0, 1.0]) if m.unit.value == "pass_fail" else st.floats(m.min, m.max)
                options.append(
                    st.tuples(st.just((test.id, m.id, side, m.methods[0])), st.lists(values, min_size=1, max_size=3))
                )
    return st.lists(st.one_of(options), max_size=20, unique_by=lambda x: x[0]).map(
        lambda items: [TrialSet(t, m, side, tuple(v), method) for (t, m, side, method), v in items]
    )


constraints_st = st.builds(
    Constraints,
    no_floor=st.booleans(),
    no_kneeling=st.booleans(),
    no_foam_roller=st.booleans(),
    no_band=st.booleans(),
    minutes=st.integers(5, 30),
    days_per_week=st.integers(1, 7),
)
conditions_st = st.frozensets(st.sampled_from(list(Condition)), max_size=3)


def _plan(entries: list[TrialSet], c: Constraints, conds: frozenset[Condition]) -> tuple[Routine, PlanInput]:
    result = score(entries, CAT) if entries else None
    inp = PlanInput(result, c, conds)
    return Planner(CAT).plan(inp), inp


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entries_strategy(), constraints_st, conditions_st)
def test_the_planner_never_breaks_a_constraint_and_always_fits_the_budget(entries, c, conds):
    routine, _ = _plan(entries, c, conds)
    assert routine.total_seconds <= routine.budget_seconds == c.minutes * 60
    assert routine.total_seconds == sum(i.seconds for i in routine.items)
    ids = [i.exercise_id for i in routine.items]
    assert len(ids) == len(set(ids))
    for item in routine.items:
        ex = CAT.exercises[item.exercise_id]
        assert allowed(ex, c, conds) is None
        assert not (c.no_floor and ex.needs_floor)
        assert not (c.no_kneeling and ex.needs_kneeling)
        assert not (c.no_foam_roller and Equipment.FOAM_ROLLER in ex.equipment)
        assert not (c.no_band and Equipment.BAND in ex.equipment)
        assert not set(ex.avoid_with) & conds
        assert item.reason.strip()
        assert item.seconds == item.dose.work_seconds() + CAT.planner.transition_s


@settings(max_examples=100, deadline=None)
@given(_entries_strategy(), constraints_st, conditions_st)
def test_the_planner_is_deterministic(entries, c, conds):
    first, inp = _plan(entries, c, conds)
    assert Planner(CAT).plan(inp) == first
    assert Planner(default_catalogue()).plan(inp) == first


@settings(max_examples=150, deadline=None)
@given(_entries_strategy(), constraints_st, conditions_st)
def test_mid_back_extension_and_rotation_are_always_included_when_any_suits_the_person(entries, c, conds):
    routine, _ = _plan(entries, c, conds)
    for target in ("extension", "rotation"):
        possible = [
            e
            for e in CAT.exercises.values()
            if e.region is Region.THORACIC and e.target == target and allowed(e, c, conds) is None
        ]
        chosen = [i for i in routine.items if i.region is Region.THORACIC and i.target == target]
        assert bool(chosen) == bool(possible)


def _people() -> dict[str, PlanInput]:
    def trial(test: str, metric: str, left: float, right: float | None = None, method=MeasureMethod.PHONE):
        out = [TrialSet(test, metric, Side.LEFT, (left,), method)]
        if right is not None:
            out.append(TrialSet(test, metric, Side.RIGHT, (right,), method))
        return out

    stiff_ankle = score(
        [
            *trial("knee-to-wall", "toe_to_wall_cm", 11, 6, MeasureMethod.TAPE),
            *trial("seated-thoracic-rotation", "rotation_deg", 47, 48),
            *trial("modified-thomas", "thigh_angle_deg", -8, -9),
        ],
        CAT,
    )
    stiff_hips = score(
        [
            *trial("modified-thomas", "thigh_angle_deg", 6, 4),
            *trial("hip-rotation", "internal_rotation_deg", 18, 20),
            *trial("supine-hip-flexion", "hip_flexion_deg", 105, 108),
            *trial("seated-thoracic-rotation", "rotation_deg", 36, 44),
        ],
        CAT,
    )
    supple_person = score(
        [
            *trial("knee-to-wall", "toe_to_wall_cm", 13, 13.5, MeasureMethod.TAPE),
            *trial("seated-thoracic-rotation", "rotation_deg", 55, 52),
            *trial("modified-thomas", "thigh_angle_deg", -12, -11),
        ],
        CAT,
    )
    return {
        "stiff-ankle-15-min": PlanInput(stiff_ankle, Constraints(minutes=15)),
        "stiff-hips-no-floor-10-min": PlanInput(stiff_hips, Constraints(no_floor=True, no_kneeling=True, minutes=10)),
        "stiff-hips-hip-replacement-osteoporosis-20-min": PlanInput(
            stiff_hips,
            Constraints(minutes=20),
            frozenset({Condition.HIP_REPLACEMENT_POSTERIOR, Condition.OSTEOPOROSIS}),
        ),
        "not-tested-5-min": PlanInput(None, Constraints(minutes=5)),
        "supple-person-30-min-no-equipment": PlanInput(
            supple_person, Constraints(minutes=30, no_foam_roller=True, no_band=True)
        ),
    }


def _as_golden(routine: Routine) -> dict[str, object]:
    return {
        "total_seconds": routine.total_seconds,
        "items": [
            {"exercise": i.exercise_id, "dose": i.dose.label(), "seconds": i.seconds, "reason": i.reason}
            for i in routine.items
        ],
        "notes": list(routine.notes),
    }


@pytest.mark.parametrize("person", sorted(_people()))
def test_golden_routines_for_example_people(person: str, catalogue: Catalogue):
    routine = Planner(catalogue).plan(_people()[person])
    got = _as_golden(routine)
    path = GOLDEN / f"{person}.json"
    if os.environ.get("SUPPLE_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_a_stiff_right_ankle_is_explained_with_its_number_and_threshold(catalogue: Catalogue):
    routine = Planner(catalogue).plan(_people()["stiff-ankle-15-min"])
    ankle = [i for i in routine.items if i.region is Region.ANKLE]
    assert ankle
    assert "right knee-to-wall (toe-to-wall distance) 6 cm, below the 9 cm threshold" in ankle[0].reason


def test_restricted_regions_come_first_and_get_more_exercises(catalogue: Catalogue):
    routine = Planner(catalogue).plan(_people()["stiff-ankle-15-min"])
    regions = [i.region for i in routine.items]
    assert regions[0] is Region.ANKLE
    assert regions.count(Region.ANKLE) >= 2
    assert Region.HIP not in regions  # adequate hips get nothing when time is short


def test_a_hip_replacement_removes_the_deep_hip_drills(catalogue: Catalogue):
    routine = Planner(catalogue).plan(_people()["stiff-hips-hip-replacement-osteoporosis-20-min"])
    chosen = {i.exercise_id for i in routine.items}
    assert not chosen & {
        "quadruped-rock-back",
        "frog-stretch",
        "hip-90-90-switches",
        "banded-hip-capsule-mobilisation",
        "foam-roller-thoracic-extension",
        "foam-roller-thoracic-rotation",
    }
