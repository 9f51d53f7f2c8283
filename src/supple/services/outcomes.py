"""Pain, the Patient-Specific Functional Scale and clinician-entered questionnaire scores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from supple.db.models import PainRating, PsfsActivity, PsfsRating, QuestionnaireResult
from supple.db.repositories import Outcomes
from supple.domain.questionnaires import QuestionnaireScore, odi, rmdq, start_back
from supple.errors import InvalidInput
from supple.problems import Code, Limits, Problem
from supple.services import profiles
from supple.services.context import Context, transaction
from supple.services.inputs import BaselineIn, QuestionnaireIn, collect
from supple.services.screening import ensure_not_locked


@dataclass(frozen=True)
class PainRecord:
    context: str
    now: int
    average_24h: int
    worst_24h: int
    activities: dict[str, int]


def read_baseline(ctx: Context, data: Mapping[str, object]) -> BaselineIn:
    """Answers as typed or read from a file, as the input model; every problem in one round (the shape's
    and the catalogue's limit on activities) or InvalidInput."""
    read, problems = collect(BaselineIn, data)
    problems += _too_many(ctx, data.get("activities"))
    if read is None or problems:
        raise InvalidInput(problems, "The answers were not recorded")
    return read


def _too_many(ctx: Context, given: object) -> list[Problem]:
    limit = ctx.catalogue.outcomes.psfs.max_activities
    if isinstance(given, Mapping) and len(given) > limit:
        return [Problem.of(("activities",), Code.TOO_MANY, len(given), Limits(max=limit, unit="activities"))]
    return []


def record_pain_and_function(ctx: Context, name: str | None, inp: BaselineIn) -> PainRecord:
    """The first record is the baseline; later ones are outcomes compared with it."""
    if problems := _too_many(ctx, inp.activities):
        raise InvalidInput(problems, "The answers were not recorded")
    limit = ctx.catalogue.outcomes.psfs.max_activities
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        ensure_not_locked(ctx, s, p)
        repo = Outcomes(s)
        existing = {a.name.lower(): a for a in repo.activities(p.id)}
        new_names = [n for n in inp.activities if n.lower() not in existing]
        if len(existing) + len(new_names) > limit:
            raise InvalidInput(
                [
                    Problem.of(
                        ("activities",),
                        Code.TOO_MANY,
                        len(existing) + len(new_names),
                        Limits(max=limit, unit="activities in all"),
                    )
                ]
            )
        context = "outcome" if repo.pain_ratings(p.id) else "baseline"
        if context == "baseline" and not inp.activities:
            raise InvalidInput(
                [
                    Problem.saying(
                        "activities",
                        "name at least one activity your back makes hard, rated 0 to 10",
                        Code.REQUIRED,
                        Limits(1, limit, "activities, each 0 to 10 points"),
                    )
                ]
            )
        rating = PainRating(
            profile_id=p.id,
            at=ctx.clock(),
            context=context,
            now=inp.pain.now,
            average_24h=inp.pain.average_24h,
            worst_24h=inp.pain.worst_24h,
        )
        s.add(rating)
        s.flush()
        for i, activity_name in enumerate(new_names, start=len(existing)):
            act = PsfsActivity(profile_id=p.id, name=activity_name, position=i)
            s.add(act)
            s.flush()
            existing[activity_name.lower()] = act
        for activity_name, score in inp.activities.items():
            s.add(PsfsRating(activity_id=existing[activity_name.lower()].id, pain_rating_id=rating.id, score=score))
        return PainRecord(context, inp.pain.now, inp.pain.average_24h, inp.pain.worst_24h, dict(inp.activities))


def record_questionnaire(ctx: Context, name: str | None, inp: QuestionnaireIn) -> QuestionnaireScore:
    """Score STarT Back, ODI or Roland-Morris from the answers a clinician enters (no item text)."""
    rules = ctx.catalogue.outcomes
    answers = inp.answers
    if inp.instrument != "odi" and any(a is None for a in answers):
        missing = [Problem.of(("answers", i), Code.REQUIRED) for i, a in enumerate(answers) if a is None]
        raise InvalidInput(missing)
    given = [a for a in answers if a is not None]
    if inp.instrument == "start_back":
        result = start_back(given, rules.start_back)
    elif inp.instrument == "odi":
        result = odi(answers, rules.odi)
    else:
        result = rmdq(given, rules.rmdq)
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        s.add(
            QuestionnaireResult(
                profile_id=p.id,
                at=ctx.clock(),
                instrument=inp.instrument,
                answers=list(answers),
                total=result.total,
                category=result.category,
            )
        )
    return result
