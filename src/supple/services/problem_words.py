"""A problem's location in the person's words ("Knee to wall, left side, toe to wall, try 2"),
from the catalogue's own names. Used by the CLI and the JSON API; the pages name their own fields."""

from __future__ import annotations

from supple.catalogue.catalogue import Catalogue
from supple.problems import Loc, Problem, with_allowed

_NAMES = {
    "pain": "pain",
    "now": "pain now",
    "average_24h": "average pain over the last 24 hours",
    "worst_24h": "worst pain over the last 24 hours",
    "activities": "activities",
    "taken_on": "date of the tests",
    "started_at": "start of the session",
    "at": "time",
    "screen": "safety check",
    "screening_id": "safety check",
    "pain_before": "pain before the session",
    "pain_after": "pain after the session",
    "pain_during": "pain during the exercise",
    "items": "exercises",
    "exercise": "exercise",
    "completed": "done",
    "nerve_symptoms": "nerve symptoms",
    "note": "note",
    "stiffness": "stiffness",
    "birth_year": "year of birth",
    "minutes": "minutes",  # per session in the settings, walked in the walking log: the command says which
    "manages_minutes": "minutes you can walk now",
    "manages_days": "days a week you walk now",
    "goal": "activity to build towards",
    "steps": "steps",
    "recording": "walk recording",
    "with_session": "today's session",
    "days_per_week": "days per week",
    "name": "name",
    "sex": "sex",
    "method": "method",
    "placement": "phone placement",
    "left": "left side",
    "right": "right side",
    "values": "values",
    "red_flags": "safety question",
    "conditions": "health question",
    "yellow_flags": "question about how you feel",
    "instrument": "questionnaire",
    "answers": "answers",
}


def field_label(loc: Loc, catalogue: Catalogue | None = None) -> str:
    """The field at ``loc`` in words a person reads; unknown parts are shown as written."""
    if not loc:
        return "the input"
    head = loc[0]
    if head == "tests" and len(loc) >= 2:
        return _test_label(loc, catalogue)
    if head in ("red_flags", "conditions", "yellow_flags", "screen") and len(loc) == 2:
        return _question_label(str(loc[1]), catalogue)
    if head == "items" and len(loc) >= 2 and isinstance(loc[1], int):
        words = [f"exercise {loc[1] + 1}"] + [_NAMES.get(str(p), str(p)) for p in loc[2:]]
        return ", ".join(words)
    if head == "activities" and len(loc) == 2:
        return f"activity ‘{loc[1]}’"
    if head == "answers" and len(loc) == 2 and isinstance(loc[1], int):
        return f"answer {loc[1] + 1}"
    words = [_NAMES.get(str(p), str(p)) if isinstance(p, str) else f"item {p + 1}" for p in loc]
    return ", ".join(words[-1:] if head == "pain" and len(words) > 1 else words)


def _test_label(loc: Loc, catalogue: Catalogue | None) -> str:
    test_id = str(loc[1])
    test = catalogue.tests.get(test_id) if catalogue else None
    words = [test.name if test else f"test ‘{test_id}’"]
    rest = list(loc[2:])
    if rest and rest[0] == "method" and len(rest) == 2:
        rest = [rest[1], "method"]
    for part in rest:
        if isinstance(part, int):
            words.append(f"try {part + 1}")
        elif part in ("left", "right", "method", "placement"):
            words.append(_NAMES[part])
        elif part == "values":
            continue
        else:
            metric = catalogue.metric(test_id, part) if catalogue and test else None
            words.append(metric.label if metric else str(part))
    return ", ".join(words)


def _question_label(qid: str, catalogue: Catalogue | None) -> str:
    if catalogue is not None:
        for q in [*catalogue.safety.questions, *catalogue.yellow_flags.questions]:
            if q.id == qid:
                return f"the question ‘{_short(q.text)}’"
        for c in catalogue.safety.condition_questions:
            if c.id.value == qid:
                return f"the question ‘{_short(c.text)}’"
    return f"question ‘{qid}’"


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def line(p: Problem, catalogue: Catalogue | None = None, path: bool = True) -> str:
    """One problem on one line: the field in words (and, with ``path``, its place in the answers file),
    what is wrong, what is allowed with its unit."""
    label = field_label(p.loc, catalogue)
    named = f"{label[:1].upper()}{label[1:]}" + (f" [{p.field}]" if p.loc and path else "")
    where = label if label == p.field else named  # an option with no other words ("--out") says itself
    return with_allowed(f"{where}: {p.message}", p.allowed)
