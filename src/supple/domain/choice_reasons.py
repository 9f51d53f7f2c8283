"""Why the planner chose an exercise, in words: the technical line (findings with their numbers and
thresholds, ``assessment.describe``) and the same choice in plain words for the person
(``domain.plain_words``). Pure."""

from __future__ import annotations

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Condition, Region
from supple.domain.assessment import RegionSummary, describe, describe_asymmetry
from supple.domain.plain_words import plain_asymmetry, plain_findings, plain_reason

REGION_WORDS = {Region.THORACIC: "mid back", Region.ANKLE: "ankles", Region.HIP: "hips"}

# A condition as the person answered it (the safety screen's health questions): in the routine's reasons
# ("not advised with ...") and the library's "Not for".
CONDITION_WORDS = {
    Condition.HIP_REPLACEMENT_POSTERIOR: "a hip replaced from the back or side",
    Condition.HIP_REPLACEMENT_ANTERIOR: "a hip replaced from the front",
    Condition.KNEE_REPLACEMENT: "a knee replacement or painful kneeling",
    Condition.OSTEOPOROSIS: "osteoporosis",
    Condition.RECENT_ANKLE_INJURY: "a recent ankle injury",
    Condition.SHOULDER_PROBLEM: "a painful or unstable shoulder",
    Condition.CALF_SWELLING: "a painful, swollen calf",
    Condition.HYPERMOBILITY: "very bendy joints",
    Condition.PREGNANCY: "pregnancy",
}


def choice_reason(cat: Catalogue, region: Region, target: str, summary: RegionSummary | None, mandatory: bool) -> str:
    """Why an exercise for ``target`` in ``region`` is in the routine, with the findings' numbers."""
    words = REGION_WORDS[region]
    parts: list[str] = []
    if summary is not None:
        for f in summary.findings:
            metric = cat.metric(f.test_id, f.metric_id)
            if f.level != "adequate" and metric and target in metric.targets:
                parts.append(describe(f, cat))
        for flag in summary.asymmetries:
            metric = cat.metric(flag.test_id, flag.metric_id)
            if metric and target in metric.targets:
                parts.append(describe_asymmetry(flag, cat))
    if parts:
        return f"Your {words}: " + "; ".join(parts[:2]) + "."
    if mandatory:
        return f"Mid-back {target} is part of every routine: it is the core of the method Supple follows."
    if summary is None or summary.level is None:
        return f"No test result for your {words} yet, so a gentle general exercise is included."
    return f"Your {words} tested {summary.level}; this keeps them moving."


def plain_choice_reason(
    cat: Catalogue, region: Region, target: str, summary: RegionSummary | None, mandatory: bool
) -> str:
    """The same choice as :func:`choice_reason`, in plain words (no numbers): see domain/plain_words.py."""
    found: list[str] = []
    if summary is not None:
        hits = []
        for f in summary.findings:
            metric = cat.metric(f.test_id, f.metric_id)
            if f.level != "adequate" and metric and target in metric.targets:
                hits.append(f)
        found += plain_findings(hits, region)
        for flag in summary.asymmetries:
            metric = cat.metric(flag.test_id, flag.metric_id)
            if metric and target in metric.targets:
                found.append(plain_asymmetry(flag, region))
    found = list(dict.fromkeys(found))  # two tests of one ankle say the same thing once
    return plain_reason(region, found, mandatory, summary.level if summary else None, target)
