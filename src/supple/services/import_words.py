"""Why an export file was refused, in words for the person bringing in their records (the CLI and
the page). The JSON API keeps every problem with its location for programs and for the clinician."""

from __future__ import annotations

from collections.abc import Sequence

from supple.problems import Code, Loc, Problem, sentence, with_allowed

NOTHING = "Nothing was imported."
ANOTHER_COPY = "If you have another copy of the export, try that one."

_PARTS = {
    "profile": "the profile",
    "screenings": "the safety answers",
    "safety_events": "the safety records",
    "pain_ratings": "the pain scores",
    "activities": "the hard activities",
    "activity_ratings": "the activity scores",
    "questionnaires": "the questionnaires",
    "assessments": "the test results",
    "sessions": "the sessions",
    "checkins": "the morning check-ins",
    "progression_states": "the exercise steps",
    "progression_changes": "the exercise steps",
    "calendar_feed": "the calendar link",
    "walk_recordings": "the walk recordings",
    "walking_plan": "the walking plan",
    "walk_logs": "the walks",
}


def _part(p: Problem) -> str:
    loc = p.loc[1:] if p.loc[:1] == ("data",) else p.loc
    if not loc:
        return "the records"
    where = _PARTS.get(str(loc[0]), "the records")
    if len(loc) > 1 and isinstance(loc[1], int):
        return f"record {loc[1] + 1} of {where}"
    return where


# Problems with a record that a person can read and act on (not a sign of a damaged file): said as
# they are, naming the field, instead of being summed up with the damaged records.
_SAID: dict[Loc, str] = {("data", "profile", "birth_year"): "The profile's birth year in the file cannot be imported"}


def refusal_lines(problems: Sequence[Problem]) -> list[str]:
    """One or two plain sentences: what is wrong with the file, and that nothing was imported.
    A damaged record is summed up (how many problems, the first part they are in) instead of listing
    each internal field."""
    whole_file = [p for p in problems if p.loc[:1] in (("file",), ("schema_version",), ("FILE",), ())]
    said = [p for p in problems if p.loc in _SAID and p.code is Code.OUT_OF_RANGE]  # a word there is damage
    records = [p for p in problems if p not in whole_file and p not in said]
    lines = []
    for p in whole_file:
        text = p.message.rstrip(".")
        lines.append(with_allowed(f"{text[:1].upper()}{text[1:]}", p.allowed if p.loc[:1] == ("file",) else None))
    for p in said:
        text = p.message.rstrip(".")
        lines.append(with_allowed(f"{sentence(_SAID[p.loc])} {text[:1].upper()}{text[1:]}", p.allowed))
    if records:
        parts = list(dict.fromkeys(_part(p) for p in records))
        shown = ", ".join(parts[:3]) + (" and more" if len(parts) > 3 else "")
        many = f"{len(records)} problems" if len(records) > 1 else "one problem"
        lines.append(
            "The file is damaged or was changed by hand: some records in it are missing parts or hold values "
            f"Supple cannot read ({many}, in {shown})."
        )
    lines.append(f"{NOTHING} {ANOTHER_COPY}" if records or not lines else NOTHING)
    return lines
