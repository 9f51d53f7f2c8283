"""Sentences for the person, in plain words (reading grade 8 or lower, checked by a test).

The numbers, thresholds and sources stay in the technical lines (``assessment.describe``); these
say what a result means for the body part, e.g. "Your right ankle is stiffer than our guide."
Pure: no I/O, no framework.
"""

from __future__ import annotations

from supple.catalogue.schema import Level, Region
from supple.domain.assessment import AsymmetryFlag, MetricResult, Side

_PART = {Region.ANKLE: "ankle", Region.HIP: "hip", Region.THORACIC: "mid back"}
_PARTS = {Region.ANKLE: "ankles", Region.HIP: "hips", Region.THORACIC: "mid back"}
_LEVEL = {
    "restricted": "stiffer than our guide",
    "borderline": "a little stiffer than our guide",
    "adequate": "within our guide",
}


def body_part(region: Region, side: Side) -> str:
    """'your right ankle', 'your hips', 'your mid back (turning right)'."""
    if side is Side.NONE:
        return f"your {_PARTS[region]}"
    if region is Region.THORACIC:
        return f"your mid back (turning {side.value})"
    return f"your {side.value} {_PART[region]}"


def _verb(subject: str) -> str:
    return "are" if subject.endswith(("ankles", "hips")) else "is"


_TURN = {"restricted": "less", "borderline": "a little less"}


def plain_level(region: Region, side: Side, level: Level | None) -> str:
    """'Your right ankle is stiffer than our guide.'"""
    if region is Region.THORACIC and side is not Side.NONE and level is not None:
        if level == "adequate":
            return f"Your mid back turns well to the {side.value}."
        return f"Your mid back turns {_TURN[level]} to the {side.value} than our guide."
    subject = body_part(region, side)
    if level is None:
        return f"{subject[:1].upper()}{subject[1:]} {_verb(subject)} not tested yet."
    return f"{subject[:1].upper()}{subject[1:]} {_verb(subject)} {_LEVEL[level]}."


def plain_finding(result: MetricResult, region: Region) -> str:
    return plain_level(region, result.side, result.level)


_RANK = {"restricted": 0, "borderline": 1, "adequate": 2}


def plain_findings(results: list[MetricResult], region: Region) -> list[str]:
    """One sentence per body part (side), the stiffest result speaking for it."""
    worst: dict[Side, MetricResult] = {}
    for r in results:
        if r.level is None:
            continue
        if r.side not in worst or _RANK[r.level] < _RANK[worst[r.side].level or "adequate"]:
            worst[r.side] = r
    return [plain_finding(r, region) for r in worst.values()]


def plain_asymmetry(flag: AsymmetryFlag, region: Region) -> str:
    """'Your right ankle is stiffer than your left.'"""
    other = Side.LEFT if flag.worse_side is Side.RIGHT else Side.RIGHT
    if region is Region.THORACIC:
        return f"Your mid back turns less to the {flag.worse_side.value} than to the {other.value}."
    part = _PART[region]
    return f"Your {flag.worse_side.value} {part} is stiffer than your {other.value}."


def plain_reason(region: Region, found: list[str], mandatory: bool, level: Level | None, target: str) -> str:
    """Why an exercise is in the routine, for the person (the numbers go in the details)."""
    parts = _PARTS[region]
    if found:
        return " ".join(found[:2]) + " This exercise works on that."
    if mandatory:
        return f"Every routine has a mid-back {target} exercise. It is the heart of this method."
    if level is None:
        return f"You have not tested your {parts} yet. This is a gentle all-round exercise for them."
    return f"Your {parts} did well in the tests. This keeps them moving."


def plain_verdict(verdict: str, threshold: str) -> str:
    """What a comparison with the start means ('real change' only past the test's usual error).

    ``verdict`` is an outcomes.Verdict value; ``threshold`` the error margin as shown (e.g. '2 cm')."""
    margin = f" ({threshold})" if threshold and threshold != "-" else ""
    return {
        "real improvement": f"Better than at the start. The change is bigger than the usual error of the test{margin}.",
        "real worsening": f"Less than at the start. The change is bigger than the usual error of the test{margin}.",
        "within measurement error": f"About the same. The change is within the usual error of the test{margin}.",
    }.get(verdict, "These were measured in different ways, so we cannot compare them.")
