"""Values that are not fed silently to the planner: unusual values and large side differences
(``rules/thresholds.yaml`` → ``recheck``). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from supple.catalogue.rules import RecheckRules
from supple.domain.formatting import number

if TYPE_CHECKING:
    from supple.domain.assessment import MetricResult


class RecheckKind(StrEnum):
    UNUSUAL = "unusual"  # a value outside the usual range: measure again
    DIFFERENCE = "difference"  # a large side difference: measure again
    CLINICIAN = "clinician"  # a very large side difference: worth asking a clinician
    REFERRAL = "referral"  # a finding that repeats (groin pain in the figure-4 test): a clinician check


@dataclass(frozen=True)
class Recheck:
    test_id: str
    metric_id: str
    side: str
    kind: RecheckKind
    message: str


def rechecks(results: Sequence[MetricResult], rules: RecheckRules | None) -> list[Recheck]:
    """Every unusual value and large side difference among ``results`` (MetricResult-like objects)."""
    if rules is None:
        return []
    found: list[Recheck] = []
    by_key = {(r.test_id, r.metric_id, r.side.value): r for r in results}
    for r in results:
        limit = rules.for_metric(r.test_id, r.metric_id)
        if limit is None:
            continue
        value, unit, side = r.value, r.unit, r.side.value
        if not limit.low <= value <= limit.high:
            found.append(
                Recheck(
                    r.test_id,
                    r.metric_id,
                    side,
                    RecheckKind.UNUSUAL,
                    f"{number(value, unit)} is unusual for this test (usual range {number(limit.low, unit)} to "
                    f"{number(limit.high, unit)}): please check the steps and measure again before the routine "
                    "uses it.",
                )
            )
        if side != "left":
            continue
        right = by_key.get((r.test_id, r.metric_id, "right"))
        if right is None:
            continue
        diff = abs(value - right.value)
        if diff >= limit.clinician_difference:
            found.append(
                Recheck(
                    r.test_id,
                    r.metric_id,
                    "both",
                    RecheckKind.CLINICIAN,
                    f"The two sides differ by {number(diff, unit)}. Please measure both again; if the difference "
                    "stays this large, it is worth showing to a doctor or physiotherapist.",
                )
            )
        elif diff >= limit.recheck_difference:
            found.append(
                Recheck(
                    r.test_id,
                    r.metric_id,
                    "both",
                    RecheckKind.DIFFERENCE,
                    f"The two sides differ by {number(diff, unit)}, more than usual: please measure both again.",
                )
            )
    return found


def hold_unusual(results: Sequence[MetricResult], found: Sequence[Recheck]) -> list[MetricResult]:
    """Results with an unusual value lose their level until measured again (the planner skips them)."""
    unusual = {(x.test_id, x.metric_id, x.side): x.message for x in found if x.kind is RecheckKind.UNUSUAL}
    out = []
    for r in results:
        msg = unusual.get((r.test_id, r.metric_id, r.side.value))
        out.append(replace(r, level=None, severity=0.0, note=msg) if msg else r)
    return out


GROIN = ("faber-distance", "groin_pain_free")
GROIN_MESSAGE = (
    "Groin pain in the figure-4 test on two test days in a row can come from the hip joint itself: "
    "please ask a doctor or physiotherapist to check your hip. You can carry on with the gentle exercises."
)


def groin_referrals(now: Sequence[MetricResult], before: Sequence[MetricResult]) -> list[Recheck]:
    """Groin pain on FABER that persists across two test days → suggest a hip check (clinical-reference §3.4)."""
    earlier = {r.side.value for r in before if (r.test_id, r.metric_id) == GROIN and r.value == 0}
    return [
        Recheck(GROIN[0], GROIN[1], r.side.value, RecheckKind.REFERRAL, GROIN_MESSAGE)
        for r in now
        if (r.test_id, r.metric_id) == GROIN and r.value == 0 and r.side.value in earlier
    ]
