"""The safety screen: red flags, conditions that change the exercise list, yellow flags.

Questions, rules and actions come from ``rules/safety.yaml`` and ``rules/yellow_flags.yaml``.
This module only evaluates them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from supple.catalogue.rules import ActionText, Question, SafetyAction, SafetyRules, When, YellowFlagRules
from supple.catalogue.schema import Condition
from supple.problems import Code, Limits, Problem


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNSPECIFIED = "unspecified"


class ScreenKind(StrEnum):
    FULL = "full"
    SESSION = "session"  # the short screen before every session


@dataclass(frozen=True)
class Triggered:
    rule_id: str
    category: str
    action: SafetyAction
    message: str


@dataclass(frozen=True)
class ScreenOutcome:
    kind: ScreenKind
    triggered: tuple[Triggered, ...]
    action: SafetyAction | None  # the most serious action, None when clear
    blocks: bool
    heading: str
    advice: str
    conditions: frozenset[Condition]
    notices: tuple[str, ...]
    yellow_flags: bool

    @property
    def is_emergency(self) -> bool:
        return self.action is SafetyAction.EMERGENCY


@dataclass(frozen=True)
class KnownSymptom:
    """A symptom a clinician has seen and called stable, recorded with a clearance."""

    question_id: str
    what: str
    since: str
    cleared_by: str


def questions_for(kind: ScreenKind, rules: SafetyRules, sex: Sex | None = None) -> list[Question]:
    """The questions of a screen, in order; a question marked ``not_for`` a sex is not asked of it."""
    asked = [q for q in rules.questions if kind is ScreenKind.FULL or q.every_session]
    if sex is not None and sex is not Sex.UNSPECIFIED:
        kept: list[Question] = []
        ids: set[str] = set()
        for q in asked:  # a follow-up goes with its parent
            if sex.value not in q.not_for and (q.follows is None or q.follows in ids):
                kept.append(q)
                ids.add(q.id)
        asked = kept
    return asked


def top_level(questions: list[Question]) -> list[Question]:
    """The questions everyone is asked; follow-ups come only after a "yes" to their parent."""
    return [q for q in questions if q.follows is None]


def root_of(question_id: str, questions: list[Question]) -> str:
    """The top-level question a follow-up hangs from (itself for a top-level question)."""
    parents = {q.id: q.follows for q in questions}
    qid = question_id
    while parents.get(qid):
        qid = parents[qid] or qid
    return qid


def known_notes(questions: list[Question], known: list[KnownSymptom]) -> dict[str, list[str]]:
    """Top-level question id → the known, stable symptoms to keep in mind when answering it.

    The question itself does not change meaning: it asks about new or worse symptoms, so a known
    symptom that is as usual is answered "no", and one that is new or worse than usual "yes"."""
    notes: dict[str, list[str]] = {}
    ids = {q.id for q in questions}
    for k in known:
        if k.question_id in ids:
            notes.setdefault(root_of(k.question_id, questions), []).append(
                f"You told us about {k.what} (since {k.since}; checked by {k.cleared_by}). "
                "Answer yes only if it is new, or worse than usual."
            )
    return notes


def missing_follow_ups(questions: list[Question], answers: Mapping[str, object]) -> list[str]:
    """Follow-up ids whose parent was answered yes and which are not answered yet (the second step)."""
    yes = {k for k, v in answers.items() if v is True or (isinstance(v, str) and v.strip().lower() in _YES)}
    return [q.id for q in questions if q.follows in yes and answers.get(q.id) in (None, "")]


def follow_ups_to_ask(questions: list[Question], answers: Mapping[str, object], shown: Collection[str]) -> list[str]:
    """Follow-ups a form has still to ask: their question was answered yes, they have no answer, and they
    were not among ``shown`` (the questions on the form the person sent). Without JavaScript a follow-up
    is shown only on the next step, so these are not mistakes. A follow-up that was shown (at once,
    beside its "yes") and left blank is a missing answer like any other: :func:`validate_answers` names
    it, as the API and the terminal do."""
    return [qid for qid in missing_follow_ups(questions, answers) if qid not in shown]


_YES = {"yes", "y", "true"}


_WORDS = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
YES_OR_NO = Limits(allowed=("yes", "no"))


def follow_ups(questions: list[Question]) -> dict[str, str]:
    """Follow-up question id → the question it follows."""
    return {q.id: q.follows for q in questions if q.follows is not None}


def validate_answers(
    answers: Mapping[str, object], expected: list[str], section: str, follows: Mapping[str, str] | None = None
) -> tuple[dict[str, bool], list[Problem]]:
    """Every expected question must be answered yes or no; unknown ids are refused. A follow-up
    question (``follows``: id → the question it follows) needs no answer after a "no" and then counts
    as "no"; while the question it follows has no yes-or-no answer, the follow-up is not asked yet
    (it is hidden until then), so only that question is named."""
    problems: list[Problem] = []
    clean: dict[str, bool] = {}
    follows = follows or {}
    for key in answers:
        if key not in expected:
            problems.append(Problem.of((section, key), Code.UNKNOWN_QUESTION, key))
    for qid in expected:
        value = answers.get(qid)
        if isinstance(value, str) and value.strip().lower() in _WORDS:
            value = _WORDS[value.strip().lower()]
        if isinstance(value, str) and not value.strip():
            value = None
        parent = follows.get(qid)
        if value is None and parent is not None and clean.get(parent) is not True:
            if clean.get(parent) is False:
                clean[qid] = False
            continue  # not asked yet: its question has no answer (that one is named)
        if isinstance(value, bool):
            clean[qid] = value
        elif value is None:
            problems.append(Problem.of((section, qid), Code.REQUIRED, limits=YES_OR_NO))
        else:
            problems.append(Problem.of((section, qid), Code.NOT_YES_OR_NO, value, YES_OR_NO))
    return clean, problems


def _age_facts(age: int | None, sex: Sex, rules: SafetyRules) -> dict[str, bool]:
    facts: dict[str, bool] = {}
    for fact in rules.age_facts:
        value = False
        if age is not None and fact.below is not None:
            value = age < fact.below
        if age is not None and fact.above is not None:
            value = age > fact.above[sex.value]
        facts[fact.id] = value
    return facts


def _holds(when: When, facts: Mapping[str, bool]) -> bool:
    if when.any and not any(facts.get(q, False) for q in when.any):
        return False
    if when.all and not all(facts.get(q, False) for q in when.all):
        return False
    if when.at_least and sum(facts.get(q, False) for q in when.at_least.of) < when.at_least.n:
        return False
    if not all(any(facts.get(q, False) for q in group) for group in when.any_each):
        return False
    return bool(when.any or when.all or when.at_least or when.any_each)


def _worst_block(facts: Mapping[str, bool], rules: SafetyRules) -> SafetyAction | None:
    blocking = [r.action for r in rules.rules if rules.actions[r.action].blocks and _holds(r.when, facts)]
    return max(blocking, key=lambda a: a.rank, default=None)


def stopping_answers(questions: list[Question], rules: SafetyRules) -> dict[str, SafetyAction]:
    """Question id → the action a "yes" to it stops the program with, for the questions whose "yes" stops it
    on its own (together with the "yes" answers that put it on show, and none else). A follow-up is listed
    only when its "yes" makes the outcome more serious than the answers that opened it. Combinations of
    several independent answers are left to the saved screen; this only says what one answer does."""
    parents = follow_ups(questions)
    stops: dict[str, SafetyAction] = {}
    for q in questions:
        opened: dict[str, bool] = {}
        parent = q.follows
        while parent:
            opened[parent] = True
            parent = parents.get(parent)
        before = _worst_block(opened, rules)
        after = _worst_block({**opened, q.id: True}, rules)
        if after is not None and (before is None or after.rank > before.rank):
            stops[q.id] = after
    return stops


CLEAR_HEADING = "No warning signs in your answers."
CLEAR_ADVICE = "You can go ahead. Stop and check again if anything changes."
STILL_LOCKED_ADVICE = (
    "Your program stays paused until a doctor or physiotherapist has checked you and you record that they "
    "cleared you. These answers are saved."
)


def while_locked(outcome: ScreenOutcome) -> ScreenOutcome:
    """A screen answered while the profile is still locked never says "go ahead"."""
    if outcome.blocks:
        return outcome
    heading = "Your program is still paused." if outcome.action is None else outcome.heading
    return replace(outcome, heading=heading, advice=STILL_LOCKED_ADVICE, blocks=True)


def evaluate(
    kind: ScreenKind,
    answers: Mapping[str, bool],
    rules: SafetyRules,
    *,
    age: int | None = None,
    sex: Sex = Sex.UNSPECIFIED,
    conditions: Mapping[str, bool] | None = None,
    yellow: Mapping[str, bool] | None = None,
    yellow_rules: YellowFlagRules | None = None,
) -> ScreenOutcome:
    # A question not asked (the short screen) or not answered counts as "no": a rule fires only when
    # the answers given make it certain, so one "yes" to an emergency question is always enough.
    facts = {**answers, **_age_facts(age, sex, rules)}
    triggered = tuple(
        Triggered(rule.id, rule.category, rule.action, rule.message) for rule in rules.rules if _holds(rule.when, facts)
    )
    chosen = frozenset(Condition(c) for c, yes in (conditions or {}).items() if yes)
    # Answers in the red-flag screen that also mean a condition (thin bones) count once.
    if answers.get("osteoporosis"):
        chosen = chosen | {Condition.OSTEOPOROSIS}
    # Pregnant or a recent birth (without the back or pelvic pain that stops the program): the exercises
    # that are not advised in pregnancy (lying flat on the back, deep hip opening) give way to their versions.
    if answers.get("pregnant"):
        chosen = chosen | {Condition.PREGNANCY}
    # A calf that may hold a clot stops the program; while that screen stands, the calf work is left out.
    if answers.get("calf-clot"):
        chosen = chosen | {Condition.CALF_SWELLING}
    yellow_flagged = False
    if yellow and yellow_rules:
        yellow_flagged = sum(yellow.values()) >= yellow_rules.positive_at_least
    return _outcome(kind, triggered, chosen, yellow_flagged, rules)


def recorded(
    kind: ScreenKind,
    rule_ids: Iterable[str],
    conditions: Iterable[str],
    yellow_flags: bool,
    rules: SafetyRules,
    *,
    locked: bool = False,
) -> ScreenOutcome:
    """The outcome of a stored screen, from what it recorded: the rules it triggered, the conditions and
    the yellow-flag verdict (the words are today's words for those rules). ``locked``: the profile was
    stopped when it was taken, so it never said "go ahead" (see :func:`while_locked`)."""
    by_id = {rule.id: rule for rule in rules.rules}
    triggered = tuple(
        Triggered(rule.id, rule.category, rule.action, rule.message) for rid in rule_ids if (rule := by_id.get(rid))
    )
    known = {c.value for c in Condition}
    chosen = frozenset(Condition(c) for c in conditions if c in known)
    outcome = _outcome(kind, triggered, chosen, yellow_flags, rules)
    return while_locked(outcome) if locked else outcome


def _outcome(
    kind: ScreenKind,
    triggered: tuple[Triggered, ...],
    chosen: frozenset[Condition],
    yellow_flagged: bool,
    rules: SafetyRules,
) -> ScreenOutcome:
    worst = max((t.action for t in triggered), key=lambda a: a.rank, default=None)
    text: ActionText | None = rules.actions[worst] if worst else None
    notices = tuple(rules.condition_notices[c] for c in sorted(chosen) if c in rules.condition_notices)
    return ScreenOutcome(
        kind=kind,
        triggered=triggered,
        action=worst,
        blocks=bool(text and text.blocks),
        heading=text.heading if text else CLEAR_HEADING,
        advice=text.advice if text else CLEAR_ADVICE,
        conditions=chosen,
        notices=notices,
        yellow_flags=yellow_flagged,
    )
