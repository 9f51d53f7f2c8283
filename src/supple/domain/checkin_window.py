"""When the next-morning check-in of a session opens, and how to say it (decision 0003: green needs the
next morning, so a check-in minutes after the session must not settle it). Pure."""

from __future__ import annotations

from datetime import datetime, timedelta

from supple.catalogue.rules import CheckinOpens


def checkin_opens(session_at: datetime, rule: CheckinOpens) -> datetime:
    """The first ``rule.hour`` o'clock at least ``rule.min_hours_after_session`` after the session."""
    earliest = session_at + timedelta(hours=rule.min_hours_after_session)
    opens = earliest.replace(hour=rule.hour, minute=0, second=0, microsecond=0)
    return opens if opens >= earliest else opens + timedelta(days=1)


def opens_words(opens: datetime, now: datetime) -> str:
    """'tomorrow morning, from 6:00', 'this morning, from 6:00', or the day by name."""
    clock = f"{opens.hour}:{opens.minute:02d}"
    days = (opens.date() - now.date()).days
    if days == 1:
        return f"tomorrow morning, from {clock}"
    if days == 0:
        return f"this morning, from {clock}"
    return f"on {opens:%A} {opens.day} {opens:%B}, from {clock}"


def not_yet_words(opens: datetime, now: datetime) -> str:
    """The polite refusal of an early check-in, naming when it opens."""
    return (
        f"The morning check-in opens {opens_words(opens, now)}. How your back feels after a night's rest is "
        "what decides the next step, so please come back then."
    )


CHECKIN_NOW = "How did your back settle after the last session? Three taps."
BASELINE_FIRST = "Tell Supple how your back is, so you can see what changes."


def checkin_later(session_at: datetime, now: datetime, rule: CheckinOpens) -> str | None:
    """While a session's check-in is not open yet, the line that says when to come back (the home
    page's next step); None once it is open."""
    opens = checkin_opens(session_at, rule)
    if now >= opens:
        return None
    return (
        f"Check in {opens_words(opens, now)}. How your back feels the next morning is what decides "
        "whether the routine steps up."
    )
