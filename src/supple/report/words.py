"""Plain words for levels, measuring methods and verdicts, shared by the progress page and the report."""

from __future__ import annotations

from dataclasses import dataclass

from supple.catalogue.schema import MeasureMethod, Region
from supple.domain.outcomes import Change, Verdict
from supple.domain.plain_words import plain_verdict

REGION_TITLES: dict[Region, str] = {Region.THORACIC: "Mid back", Region.ANKLE: "Ankles", Region.HIP: "Hips"}
LEVEL_WORDS: dict[str | None, str] = {
    "adequate": "adequate",
    "borderline": "borderline",
    "restricted": "restricted",
    None: "not tested yet",
}
METHOD_WORDS: dict[MeasureMethod, str] = {
    MeasureMethod.TAPE: "Tape measure",
    MeasureMethod.PHONE: "Phone angle app",
    MeasureMethod.CAMERA: "Photo or video",
    MeasureMethod.GONIOMETER: "Goniometer",
    MeasureMethod.ESTIMATE: "My best estimate",
    MeasureMethod.OBSERVATION: "Looking (yes or no)",
}

_VERDICT_WORDS = {
    Verdict.REAL_IMPROVEMENT: ("Real change: better", "better"),
    Verdict.REAL_WORSENING: ("Real change: less than before", "worse"),
    Verdict.WITHIN_ERROR: ("Within measurement error", "same"),
    Verdict.NOT_COMPARABLE: ("Not comparable", "other"),
}


@dataclass(frozen=True)
class VerdictView:
    title: str
    text: str
    css: str
    detail: str = ""  # the numbers and the margin, for clinicians


def verdict_view(change: Change | None, waiting: str) -> VerdictView:
    if change is None:
        return VerdictView("Not compared yet", waiting, "verdict-none")
    title, css = _VERDICT_WORDS[change.verdict]
    return VerdictView(title, plain_verdict(change.verdict.value, change.threshold), f"verdict-{css}", change.text)


def duration(seconds: int) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    return f"about {minutes} minute{'s' if minutes != 1 else ''}"
