"""Scoring of licensed questionnaires from the numbers a clinician enters.

No item wording is shipped (the texts are licensed); only the published scoring rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from supple.catalogue.rules import OdiRule, RmdqRule, StartBackRule
from supple.errors import InvalidInput
from supple.problems import Code, Limits, Problem


@dataclass(frozen=True)
class QuestionnaireScore:
    instrument: str
    total: float
    category: str
    detail: dict[str, float]


def _count(given: int, needed: int, noun: str) -> Problem:
    return Problem.of(
        ("answers",), Code.TOO_MANY if given > needed else Code.TOO_FEW, given, Limits(needed, needed, noun)
    )


def start_back(answers: Sequence[int], rule: StartBackRule) -> QuestionnaireScore:
    """Keele STarT Back: items 1-8 as 0 (disagree) / 1 (agree); item 9 as 1-5
    (1 = not at all ... 5 = extremely), positive for the two highest answers."""
    problems: list[Problem] = []
    if len(answers) != rule.items:
        raise InvalidInput([_count(len(answers), rule.items, "answers")])
    for i, a in enumerate(answers[:-1], start=1):
        if a not in (0, 1):
            problems.append(
                Problem.of(("answers", i - 1), Code.NOT_A_CHOICE, a, Limits(text="0 (disagree) or 1 (agree)"))
            )
    if answers[-1] not in (1, 2, 3, 4, 5):
        problems.append(Problem.of(("answers", rule.items - 1), Code.OUT_OF_RANGE, answers[-1], Limits(1, 5)))
    if problems:
        raise InvalidInput(problems)
    positive = [bool(a) for a in answers[:-1]] + [answers[-1] >= 4]
    total = sum(positive)
    psych = sum(positive[i - 1] for i in rule.psychosocial_items)
    if total <= rule.low_total_at_most:
        category = "low"
    elif psych < rule.high_psychosocial_at_least:
        category = "medium"
    else:
        category = "high"
    return QuestionnaireScore("start_back", total, category, {"total": total, "psychosocial": psych})


def odi(sections: Sequence[int | None], rule: OdiRule) -> QuestionnaireScore:
    """Oswestry: ten sections scored 0-5 (None = skipped); % = sum / (5 x answered) x 100."""
    if len(sections) != rule.sections:
        raise InvalidInput([_count(len(sections), rule.sections, "sections (null for a skipped one)")])
    problems = [
        Problem.of(("answers", i), Code.OUT_OF_RANGE, s, Limits(0, 5))
        for i, s in enumerate(sections)
        if s is not None and s not in range(6)
    ]
    answered = [s for s in sections if s is not None]
    if len(answered) < rule.min_answered:
        problems.append(
            Problem.of(
                ("answers",), Code.TOO_FEW, len(answered), Limits(min=rule.min_answered, unit="sections answered")
            )
        )
    if problems:
        raise InvalidInput(problems)
    percent = round(sum(answered) / (5 * len(answered)) * 100, 1)
    band = next(b.label for b in rule.bands if percent <= b.upto)
    return QuestionnaireScore("odi", percent, band, {"sum": sum(answered), "answered": len(answered)})


def rmdq(ticked: Sequence[int], rule: RmdqRule) -> QuestionnaireScore:
    """Roland-Morris: 24 items, 1 = ticked, 0 = not; score = number ticked."""
    if len(ticked) != rule.items:
        raise InvalidInput([_count(len(ticked), rule.items, "items")])
    problems = [
        Problem.of(("answers", i), Code.NOT_A_CHOICE, t, Limits(allowed=("0", "1")))
        for i, t in enumerate(ticked)
        if t not in (0, 1)
    ]
    if problems:
        raise InvalidInput(problems)
    total = sum(ticked)
    # Short: the store keeps at most 40 characters.
    category = (
        f"recovery range ({rule.recovered_at_most} or fewer of {rule.items})"
        if total <= rule.recovered_at_most
        else f"{total} of {rule.items} activities limited"
    )
    return QuestionnaireScore("rmdq", total, category, {"total": total})
