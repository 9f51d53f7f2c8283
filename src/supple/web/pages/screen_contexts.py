"""Typed page contexts of the safety screen: its question groups, the stop note under a stopping answer,
and the page after it. Templates only render these."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.rules import Question, SafetyRules
from supple.domain.screening import stopping_answers
from supple.web.pages.contexts import StepAction

# --- safety screen --------------------------------------------------------------------------------

FOLLOW_UP_HINT = "Only if you answered yes to the question just above; otherwise leave it."

_CATEGORY_TITLES = {
    "cauda-equina": "Bladder, bowel and the saddle area",
    "progressive-neuro": "Strength and feeling in your legs",
    "infection": "Fever and infection",
    "trauma": "Accidents",
    "fracture": "Falls and bones",
    "malignancy": "Your health history",
    "inflammatory": "How your back pain behaves",
    "visceral": "Other kinds of pain",
    "other": "Your situation",
}


# Groups whose first question most people answer yes. Long-lasting back pain is why people use Supple; the
# questions it opens pick out inflammatory back pain (ASAS: 4 of 5 features), which asks for a doctor's look.
_CATEGORY_INTROS = {
    "inflammatory": "Most people using Supple answer yes to the first question. The questions after it look for "
    "a kind of back pain that is worth asking a doctor about (inflammatory back pain).",
}
NEVER_STOPS = "Your answers here never stop the exercises."


@dataclass(frozen=True)
class QuestionView:
    key: str  # the form field, e.g. 'red_flags.fever'
    text: str
    testid: str  # 'q-fever' → q-fever-yes / q-fever-no
    hint: str | None = None
    follows: str | None = None  # the parent's form field: shown only after a "yes" to it
    shown: bool = True  # False: a follow-up kept hidden until its parent is answered yes
    known: tuple[str, ...] = ()  # known, stable symptoms to keep in mind when answering
    stop_note: str | None = None  # shown under the question (with JS) once it is answered yes: that yes stops


@dataclass(frozen=True)
class QuestionGroup:
    title: str
    intro: str
    questions: list[QuestionView]


@dataclass(frozen=True)
class ScreenPage:
    name: str
    groups: list[QuestionGroup]
    window_weeks: int = 4
    step_two: bool = False

    @property
    def keys(self) -> list[str]:
        return [q.key for g in self.groups for q in g.questions]

    @property
    def labels(self) -> dict[str, str]:
        return {q.key: q.text for g in self.groups for q in g.questions}


def stop_notes(questions: list[Question], rules: SafetyRules) -> dict[str, str]:
    """Question id → the calm note shown under it once it is answered yes, when that yes stops the program
    (which answers stop, and how soon to see a doctor, come from the safety rules)."""
    return {
        qid: f"With this answer, Supple stops the exercises here: please see a doctor {rules.actions[action].when}. "
        "Save your answers to see what to do."
        for qid, action in stopping_answers(questions, rules).items()
    }


def red_flag_views(
    questions: list[Question],
    key_of: Callable[[str], str],
    answers: Mapping[str, str],
    known: Mapping[str, list[str]],
    session: bool = False,
    notes: Mapping[str, str] | None = None,
) -> list[QuestionView]:
    """One view per question; a follow-up is shown once its parent's answer in ``answers`` is yes.
    ``notes``: the stop notes of :func:`stop_notes`."""
    notes = notes or {}
    return [
        QuestionView(
            key_of(q.id),
            q.text_for(session),
            f"q-{q.id}",
            None,
            key_of(q.follows) if q.follows else None,
            q.follows is None or answers.get(key_of(q.follows)) == "yes",
            tuple(known.get(q.id, [])),
            notes.get(q.id),
        )
        for q in questions
    ]


def screen_page(
    name: str,
    cat: Catalogue,
    questions: list[Question] | None = None,
    answers: Mapping[str, str] | None = None,
    known: Mapping[str, list[str]] | None = None,
) -> ScreenPage:
    groups: list[QuestionGroup] = []
    by_category: dict[str, list[QuestionView]] = {}
    asked = questions if questions is not None else cat.safety.questions
    notes = stop_notes(asked, cat.safety)
    views = red_flag_views(asked, lambda qid: f"red_flags.{qid}", answers or {}, known or {}, notes=notes)
    parents = {q.id: q for q in asked}
    for q, view in zip(asked, views, strict=True):
        top = q
        while top.follows and top.follows in parents:
            top = parents[top.follows]
        by_category.setdefault(top.category or "other", []).append(view)
    for i, (category, questions_) in enumerate(by_category.items()):
        intro = "Please answer every question. They decide whether exercise is safe for you now." if i == 0 else ""
        if category in _CATEGORY_INTROS:
            stops = any(cat.safety.actions[r.action].blocks for r in cat.safety.rules if r.category == category)
            intro = " ".join([intro, _CATEGORY_INTROS[category], "" if stops else NEVER_STOPS]).strip()
        groups.append(QuestionGroup(_CATEGORY_TITLES.get(category, "More questions"), intro, questions_))
    groups.append(
        QuestionGroup(
            "Health conditions",
            "These change which exercises are offered to you.",
            # 'osteoporosis' is also a red-flag question id, so condition test ids carry a prefix.
            [
                QuestionView(f"conditions.{c.id.value}", c.text, f"q-condition-{c.id.value}")
                for c in cat.safety.condition_questions
            ],
        )
    )
    groups.append(
        QuestionGroup(
            "How you feel about your back",
            "There are no wrong answers, and these never stop the program.",
            [QuestionView(f"yellow_flags.{q.id}", q.text, f"q-{q.id}") for q in cat.yellow_flags.questions],
        )
    )
    return ScreenPage(name, groups, cat.safety.windows.full_weeks)


@dataclass(frozen=True)
class ScreenDonePage:
    name: str
    heading: str
    advice: str
    reasons: list[str]
    notices: list[str]
    yellow_flags: list[str]
    action: StepAction | None
