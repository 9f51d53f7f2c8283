"""Profiles: several people in one store, each record owned by one of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete as sa_delete
from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.db.models import Assessment, Profile, SafetyEvent
from supple.db.repositories import Profiles, Safety
from supple.domain.plan_types import Constraints
from supple.errors import Conflict, InvalidInput, NoSuchProfile, PreconditionMissing, ProfileNotChosen
from supple.problems import Code, Limits, Problem
from supple.services.context import Context, transaction
from supple.services.inputs import NAME_LIMITS, ProfileIn, SettingsIn, collect, shown


@dataclass(frozen=True)
class ProfileView:
    id: int
    name: str
    birth_year: int | None
    sex: str
    constraints: Constraints
    locked: bool
    lock_reason: str | None


def view(s: Session, p: Profile) -> ProfileView:
    block = Safety(s).open_block(p.id)
    return ProfileView(
        p.id, p.name, p.birth_year, p.sex, constraints_of(p), block is not None, block.message if block else None
    )


def constraints_of(p: Profile) -> Constraints:
    return Constraints(p.no_floor, p.no_kneeling, p.no_foam_roller, p.no_band, p.minutes, p.days_per_week)


def resolve(s: Session, name: str | None) -> Profile:
    """The named profile, else the only one. (The CLI passes the profile chosen with --profile or
    SUPPLE_PROFILE; the web always names one.) The messages never list the other profiles' names: on a
    shared computer a typo must not show who else keeps records here; each door says how to list them."""
    repo = Profiles(s)
    wanted = name
    if wanted:
        found = repo.by_name(wanted)
        if found is None:
            names = [p.name for p in repo.all()]
            raise NoSuchProfile(f"No profile called {shown(wanted)}.", names)
        return found
    profiles = repo.all()
    if len(profiles) == 1:
        return profiles[0]
    if not profiles:
        raise PreconditionMissing("There is no profile yet. Please create one first.", step="create-profile")
    names = [p.name for p in profiles]
    problem = Problem.saying("profile", "several profiles exist; say which one")
    raise ProfileNotChosen([problem], names)


OLDEST = 120  # years: a birth year further back than this is a typing slip


def birth_year_limits(year: int, adult_age: int | None = None) -> Limits:
    """The years of birth a profile can have, this ``year``: at most OLDEST years ago, and at least
    ``adult_age`` years ago (Supple is for adults; without it, not in the future)."""
    latest = year - (adult_age or 0)
    if adult_age is None:
        return Limits(min=year - OLDEST, max=latest, text=f"a year from {year - OLDEST} to {latest}")
    return Limits(
        min=year - OLDEST,
        max=latest,
        unit="years",
        text=f"a year from {year - OLDEST} to {latest}, that is an age of {adult_age} to {OLDEST}",
    )


def birth_year_problem(
    given: object, year: int, adult_age: int | None, loc: tuple[str, ...] = ("birth_year",), who: str = "you"
) -> Problem | None:
    """The problem with a year of birth outside :func:`birth_year_limits` (at ``loc``; ``who`` names
    the person in the words: "you" for someone typing, "the person" for a file), or None."""
    if given is None or isinstance(given, bool):
        return None
    try:
        value = int(str(given).strip())
    except ValueError:
        return None  # not a whole number: the shape check names it
    limits = birth_year_limits(year, adult_age)
    if year - OLDEST <= value <= year - (adult_age or 0):
        return None
    if adult_age is not None and year - adult_age < value <= year:
        note = f"born in {value} makes {who} under {adult_age}: Supple is made for adults"
        return Problem.of(loc, Code.OUT_OF_RANGE, value, limits, note)
    return Problem.of(loc, Code.OUT_OF_RANGE, value, limits)


_FIELDS = ("name", "birth_year", "sex")


def profile_problems(data: object, year: int, adult_age: int | None = None) -> tuple[ProfileIn | None, list[Problem]]:
    """Every problem with a new profile in one round, each with what is allowed: the shape's (a name
    with characters that cannot be used, a word for the year, an unknown sex) and the year's range
    (``adult_age``: the youngest age Supple takes, from rules/safety.yaml)."""
    inp, problems = collect(ProfileIn, data)
    limits = {("name",): NAME_LIMITS, ("birth_year",): birth_year_limits(year, adult_age)}
    out = [replace(p, limits=limits[p.loc]) if p.limits is None and p.loc in limits else p for p in problems]
    late = birth_year_problem(data.get("birth_year"), year, adult_age) if isinstance(data, Mapping) else None
    if late is not None and not any(p.loc == late.loc for p in out):
        out.append(late)
    out.sort(key=lambda p: _FIELDS.index(str(p.loc[0])) if p.loc and p.loc[0] in _FIELDS else len(_FIELDS))
    return (None if out else inp), out


def read_profile(ctx: Context, data: Mapping[str, object]) -> ProfileIn:
    """A new profile as typed (a form, the command line): the input, or InvalidInput naming every problem."""
    inp, problems = profile_problems(data, ctx.clock().year, ctx.catalogue.safety.adult_age.years)
    if inp is None or problems:
        raise InvalidInput(problems, "The profile was not created")
    return inp


def create(ctx: Context, inp: ProfileIn) -> ProfileView:
    year = ctx.clock().year
    if (late := birth_year_problem(inp.birth_year, year, ctx.catalogue.safety.adult_age.years)) is not None:
        raise InvalidInput([late])
    with transaction(ctx) as s:
        if Profiles(s).by_name(inp.name):
            raise Conflict(f"A profile called '{inp.name}' already exists.")
        p = Profile(name=inp.name.strip(), birth_year=inp.birth_year, sex=inp.sex, created_at=ctx.clock())
        s.add(p)
        s.flush()
        return view(s, p)


def list_all(ctx: Context) -> list[ProfileView]:
    with transaction(ctx) as s:
        return [view(s, p) for p in Profiles(s).all()]


def get(ctx: Context, name: str | None) -> ProfileView:
    with transaction(ctx) as s:
        return view(s, resolve(s, name))


def update_settings(ctx: Context, name: str | None, inp: SettingsIn) -> ProfileView:
    with transaction(ctx) as s:
        p = resolve(s, name)
        for key, value in inp.model_dump(exclude_none=True).items():
            setattr(p, key, value)
        if p.setup_at is None:  # the starter routine is made: home moves on to the first session
            p.setup_at = ctx.clock()
        s.flush()
        return view(s, p)


def _known_problems(ctx: Context, known: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[Problem]]:
    """Known, stable symptoms recorded with a clearance: which question, what, since when."""
    allowed = [q.id for q in ctx.catalogue.safety.questions if q.known]
    clean: list[dict[str, str]] = []
    problems: list[Problem] = []
    for i, item in enumerate(known, start=1):
        question = str(item.get("question", "")).strip()
        what = str(item.get("what", "")).strip()
        since = str(item.get("since", "")).strip()
        if question not in allowed:
            problems.append(
                Problem.saying(
                    f"known {i}: question",
                    f"'{question}' is not a question a clearance can cover",
                    limits=Limits(allowed=tuple(allowed)),
                )
            )
        if not 2 <= len(what) <= 120:
            problems.append(Problem.saying(f"known {i}: what", "say what the symptom is (2 to 120 characters)"))
        if not 1 <= len(since) <= 40:
            problems.append(Problem.saying(f"known {i}: since", "say since when you have had it (1 to 40 characters)"))
        clean.append({"question": question, "what": what, "since": since})
    return clean, problems


CLINICIAN_MIN, CLINICIAN_MAX = 3, 120  # characters of the clinician's name on a clearance
CLINICIAN_LIMITS = Limits(min=CLINICIAN_MIN, max=CLINICIAN_MAX, unit="characters")


def _clinician_problem(clinician: str, self_entered: bool) -> Problem | None:
    if not clinician:
        return Problem.of(("clinician",), Code.REQUIRED, limits=CLINICIAN_LIMITS, note="say who cleared you")
    if len(clinician) < CLINICIAN_MIN and self_entered:
        return Problem.of(("clinician",), Code.TOO_SHORT, clinician, CLINICIAN_LIMITS)
    if len(clinician) > CLINICIAN_MAX:
        return Problem.of(("clinician",), Code.TOO_LONG, clinician, CLINICIAN_LIMITS)
    return None


def seen_on_of(given: object, today: date) -> tuple[date | None, Problem | None]:
    """The day the clinician saw the person: a date (or YYYY-MM-DD text), not in the future."""
    limits = Limits(text=f"a date up to today ({today.isoformat()}), written like {today.isoformat()}")
    if given is None or (isinstance(given, str) and not given.strip()):
        return None, Problem.of(("seen_on",), Code.REQUIRED, limits=limits, note="say on which day you were seen")
    if isinstance(given, datetime):
        day = given.date()
    elif isinstance(given, date):
        day = given
    else:
        try:
            day = date.fromisoformat(str(given).strip())
        except ValueError:
            return None, Problem.of(("seen_on",), Code.BAD_DATE, given, limits)
    if day > today:
        note = f"{day.isoformat()} is in the future: say the day you were seen"
        return None, Problem.of(("seen_on",), Code.OUT_OF_RANGE, day.isoformat(), limits, note)
    return day, None


def record_clearance(
    ctx: Context,
    name: str | None,
    clinician: str,
    known: list[dict[str, str]] | None = None,
    *,
    seen_on: object,
    self_entered: bool = True,
) -> ProfileView:
    """The person records that a clinician has seen them and cleared them to exercise: who (3 to 120
    characters), on which day (``seen_on``, not in the future), and any known, stable symptom the
    clinician checked (what, since when): later screens ask if it is new or worse. ``self_entered``
    False: a clinic's clinician records it under their own account name (which may be shorter)."""
    clinician = clinician.strip()
    problems = [p for p in (_clinician_problem(clinician, self_entered),) if p is not None]
    day, late = seen_on_of(seen_on, ctx.clock().date())
    problems += [late] if late is not None else []
    stable, more = _known_problems(ctx, known or [])
    problems += more
    if problems or day is None:
        raise InvalidInput(problems)
    for item in stable:
        item["cleared_by"] = clinician
    with transaction(ctx) as s:
        p = resolve(s, name)
        if Safety(s).open_block(p.id) is None:
            raise Conflict(f"The profile '{p.name}' is not paused or locked; there is nothing to clear.")
        s.add(
            SafetyEvent(
                profile_id=p.id,
                at=ctx.clock(),
                kind="clearance",
                clinician=clinician,
                seen_on=day,
                reasons=[{"known": item} for item in stable],
                message=f"Cleared to exercise by {clinician}, seen on {day.isoformat()}.",
            )
        )
        s.flush()
        return view(s, p)


@dataclass(frozen=True)
class Deleted:
    name: str
    files: int  # kept camera pictures removed with the records


def delete(ctx: Context, name: str, confirm: str, data_dir: Path | None = None) -> Deleted:
    """Delete a profile and every record of it, for good. ``confirm`` must repeat the profile's name
    exactly, capitals included (the web page and the CLI ask for it), so a slip cannot delete someone's
    history; only spaces before and after are forgiven."""
    with transaction(ctx) as s:
        p = resolve(s, name)
        if confirm.strip() != p.name:
            said = "type the profile's name to confirm" if not confirm.strip() else "the name typed does not match"
            raise InvalidInput(
                [Problem.saying("confirm", said, limits=Limits(text=f"exactly '{p.name}', capitals as shown"))],
                "Nothing was deleted",
            )
        assessment_ids = list(s.scalars(select(Assessment.id).where(Assessment.profile_id == p.id)))
        gone = p.name
        s.execute(sa_delete(Profile).where(Profile.id == p.id))  # the store cascades to every record
    files = 0
    if data_dir is not None and (data_dir / "camera").is_dir():
        for aid in assessment_ids:
            for still in (data_dir / "camera").glob(f"*-a{aid}-*.jpg"):
                still.unlink(missing_ok=True)
                files += 1
    return Deleted(gone, files)


def age_of(p: Profile, year: int) -> int | None:
    return year - p.birth_year if p.birth_year else None
