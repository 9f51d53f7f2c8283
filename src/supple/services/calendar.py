"""The routine's schedule as an iCalendar file with reminders, and the secret subscription token.

The file is built on every request from the current state, so a calendar subscribed to the feed
follows every change of the routine (days a week, length, exercises) and the re-test date.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event, vRecur
from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.db.models import CalendarFeed, Profile
from supple.db.repositories import Assessments
from supple.domain.outcomes import retest_due
from supple.domain.plan_types import Routine
from supple.domain.schedule import byday, session_weekdays
from supple.domain.strength import day_list
from supple.errors import InvalidInput, NotFound, PreconditionMissing, SafetyStop
from supple.problems import Code, Limits, Problem
from supple.services import profiles, routine
from supple.services.context import Context, transaction
from supple.services.screening import ensure_screened

FEED_PATH = "/api/v1/calendar/{token}.ics"  # where the web app serves a feed (the CLI prints it too)

DEFAULT_TIME = time(18, 0)
REMINDER_MINUTES = 15  # the first alarm; a second one rings at the start


@dataclass(frozen=True)
class Feed:
    profile: str
    token: str


def parse_time(text: str | None) -> time:
    """'07:30' → 07:30; None → the default evening time. Refuses anything else, naming the field."""
    if text is None or text == "":
        return DEFAULT_TIME
    try:
        hh, mm = text.split(":")
        return time(int(hh), int(mm))
    except ValueError:
        raise InvalidInput([Problem.of(("at",), Code.BAD_TIME, text, Limits(text="00:00 to 23:59 (HH:MM)"))]) from None


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)  # 32 characters, 192 bits


def _feed(s: Session, p: Profile, now: datetime, *, rotate: bool) -> str:
    row = s.get(CalendarFeed, p.id)
    if row is None:
        row = CalendarFeed(profile_id=p.id, token=new_feed_token(), created_at=now)
        s.add(row)
    elif rotate:
        row.token, row.created_at = new_feed_token(), now
    s.flush()
    return row.token


def feed_token(ctx: Context, name: str | None) -> Feed:
    """The profile's subscription token, made on first use."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        return Feed(p.name, _feed(s, p, ctx.clock(), rotate=False))


def existing_token(ctx: Context, name: str | None) -> Feed | None:
    """The profile's subscription token if one was made (reading never makes one)."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        row = s.get(CalendarFeed, p.id)
        return Feed(p.name, row.token) if row is not None else None


def rotate_token(ctx: Context, name: str | None) -> Feed:
    """A new token (the first one, or a replacement): an old subscription URL stops working at once."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        return Feed(p.name, _feed(s, p, ctx.clock(), rotate=True))


def profile_for_token(ctx: Context, token: str) -> str:
    """The name of the profile whose feed has this token; NotFound (saying nothing more) otherwise."""
    with transaction(ctx) as s:
        rows = s.execute(select(CalendarFeed.token, Profile.name).join(Profile)).all()
    for known, name in rows:
        if hmac.compare_digest(known.encode(), token.encode()):
            return str(name)
    raise NotFound("No calendar at this address. The link may have been replaced by a new one.")


@dataclass(frozen=True)
class Schedule:
    profile: str
    routine: Routine | None  # None while the program is stopped or not yet set up
    retest_on: date | None
    note: str


def schedule(ctx: Context, name: str | None) -> Schedule:
    """Today's routine and the next re-test date. A stopped or unfinished program gives no sessions
    (so a subscribed calendar drops its reminders) and a note saying why."""
    try:
        view = routine.current(ctx, name)
        chosen: Routine | None = view.routine
        note = ""
    except SafetyStop as stop:
        chosen, note = None, f"No sessions for now: {stop.detail.heading}"
    except PreconditionMissing as missing:
        chosen, note = None, f"No sessions yet: {missing.message}"
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        if chosen is None and not note.startswith("No sessions for now") and _only_rescreen_due(ctx, s, p):
            # The full safety questions are due again: the sessions stay in the calendar (its reminder
            # is what brings the person back), and the questions come first when they open Supple.
            chosen = routine.build(ctx, s, p, rescreen=False).routine
            note = "Answer the safety questions again before your next session."
        latest = Assessments(s).latest(p.id)
        due = retest_due(latest.taken_on if latest else None, ctx.clock().date(), ctx.catalogue.outcomes.retest)
        return Schedule(p.name, chosen, due.due if latest is not None else None, note)


def _only_rescreen_due(ctx: Context, s: Session, p: Profile) -> bool:
    """Screened before, not locked, and only the repeat of the full screen is missing."""
    try:
        ensure_screened(ctx, s, p, rescreen=False)
    except (PreconditionMissing, SafetyStop):
        return False
    return True


def _first_day(today: date, weekdays: tuple[int, ...]) -> date:
    return next(today + timedelta(days=i) for i in range(7) if (today + timedelta(days=i)).weekday() in weekdays)


def _uid(profile: str, what: str) -> str:
    digest = hashlib.sha256(f"{profile.lower()}|{what}".encode()).hexdigest()[:24]
    return f"supple-{what}-{digest}@supple.invalid"


FEED_NOTE = "Open Supple for today's exercises (the safety questions come first)."


def ics(ctx: Context, name: str | None, at: time = DEFAULT_TIME, *, feed: bool = False) -> bytes:
    """The schedule as an iCalendar file: a weekly repeating session with two reminders, and the
    next re-test as a one-off event. The subscription ``feed`` (fetched without pairing, by a calendar
    app holding only its secret address) carries only what a calendar needs: when, how long, the
    reminders; no name, no exercises, no reason for a pause."""
    plan = schedule(ctx, name)
    now = ctx.clock()
    cal = Calendar()
    cal.add("prodid", "-//Supple//Mobility routine//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Supple routine" if feed else f"Supple: {plan.profile}'s routine")
    cal.add("x-published-ttl", "PT12H")
    if plan.routine is not None:
        r = plan.routine
        minutes = max(1, math.ceil(r.total_seconds / 60))
        start = datetime.combine(_first_day(now.date(), session_weekdays(r.days_per_week)), at)
        ev = Event()
        ev.add("uid", _uid(plan.profile, "routine"))
        ev.add("dtstamp", now)
        ev.add("dtstart", start)
        ev.add("duration", timedelta(minutes=minutes))
        ev.add("summary", f"Supple mobility routine ({minutes} min)")
        ev.add("rrule", vRecur(freq="WEEKLY", byday=byday(r.days_per_week)))
        lines = [f"- {i.target}: {i.exercise_id.replace('-', ' ')}, {i.dose.label()}" for i in r.mobility]
        if r.strength:  # the event repeats on every session day; strength work only on its own days
            lines.append(f"On {day_list(r.strength_days)} also strength work:")
            lines += [f"- {i.exercise_id.replace('-', ' ')}, {i.dose.label()}" for i in r.strength]
        ev.add(
            "description",
            FEED_NOTE
            if feed
            else "Today's routine (open Supple for the current version and the safety questions first):\n"
            + "\n".join(lines),
        )
        ev.add_component(_alarm(timedelta(minutes=-REMINDER_MINUTES), "Supple routine in 15 minutes"))
        ev.add_component(_alarm(timedelta(0), "Time for your Supple routine"))
        cal.add_component(ev)
    if plan.retest_on is not None:
        ev = Event()
        ev.add("uid", _uid(plan.profile, "retest"))
        ev.add("dtstamp", now)
        ev.add("dtstart", max(plan.retest_on, now.date()))
        ev.add("summary", "Supple: re-test day (do the home tests again)")
        ev.add_component(_alarm(timedelta(hours=-6), "Supple re-test tomorrow"))
        cal.add_component(ev)
    if plan.note:
        cal.add("x-wr-caldesc", plan.note.split(":")[0] if feed else plan.note)  # "No sessions for now"
    return bytes(cal.to_ical())


def _alarm(trigger: timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", trigger)
    alarm.add("description", text)
    return alarm
