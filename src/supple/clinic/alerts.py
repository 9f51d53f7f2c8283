"""Which clients need a clinician's attention: pure rules over facts the service reads (no I/O).

The thresholds are data (``supple/clinic/data/alert-thresholds.yaml`` holds the defaults, each clinic
may change them); :func:`alerts_for` turns one client's facts into the alerts that hold now, and
:func:`attention_key` sorts clients so the ones needing attention come first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class AlertKind(StrEnum):
    STOPPED = "stopped"  # a red-flag stop or a program pause, open until a clinician reviews it
    PAIN_HIGH = "pain-high"
    PAIN_RISING = "pain-rising"
    NO_SESSION = "no-session"
    NO_IMPROVEMENT = "no-improvement"
    CHECK_OVERDUE = "check-overdue"  # a re-test or questionnaire the clinician scheduled, not done


#: Most urgent first; the dashboard shows and sorts by this.
SEVERITY = {
    AlertKind.STOPPED: 4,
    AlertKind.PAIN_HIGH: 3,
    AlertKind.PAIN_RISING: 2,
    AlertKind.NO_IMPROVEMENT: 1,
    AlertKind.NO_SESSION: 1,
    AlertKind.CHECK_OVERDUE: 1,
}


@dataclass(frozen=True)
class Thresholds:
    no_session_days: int
    pain_rising_from: int  # 0-10: pain at or above this that went up since the rating before
    pain_high_from: int  # 0-10: pain at or above this alerts at once
    retests_without_improvement: int  # re-tests in a row with no real improvement in any test
    check_overdue_days: int = 3  # days past the date a clinician set for a re-test or questionnaire


#: (key, label, lowest, highest, unit) of each threshold, for the form and its range checks.
LIMITS: dict[str, tuple[str, int, int, str]] = {
    "no_session_days": ("No session for", 2, 60, "days"),
    "pain_rising_from": ("Pain rising, from", 1, 10, "points out of 10"),
    "pain_high_from": ("Pain high at once, from", 1, 10, "points out of 10"),
    "retests_without_improvement": ("Re-tests in a row without improvement", 1, 6, "re-tests"),
    "check_overdue_days": ("Scheduled re-test or questionnaire overdue by", 1, 60, "days"),
}


@dataclass(frozen=True)
class Due:
    """A re-test or questionnaire a clinician scheduled that is not done yet."""

    label: str  # 're-test of the hips', 'questionnaire ODI'
    due_on: date


@dataclass(frozen=True)
class Facts:
    """What the store says about one client, as of ``now``."""

    joined_at: datetime
    last_session_at: datetime | None
    pain: tuple[tuple[datetime, int], ...]  # every 0-10 pain rating, oldest first
    stop: str | None  # the open stop or pause's message, None when the program runs
    retests_improved: tuple[bool, ...]  # per re-test after the baseline, oldest first: any real improvement?
    scheduled: tuple[Due, ...] = ()  # scheduled checks not done yet


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    severity: int
    message: str


def alerts_for(facts: Facts, thresholds: Thresholds, now: datetime) -> list[Alert]:
    """The alerts that hold for this client now, most severe first."""
    found: list[tuple[AlertKind, str]] = []
    if facts.stop is not None:
        found.append((AlertKind.STOPPED, f"Program stopped until a clinician reviews it: {facts.stop}"))
    if facts.pain:
        latest = facts.pain[-1][1]
        before = facts.pain[-2][1] if len(facts.pain) > 1 else None
        if latest >= thresholds.pain_high_from:
            found.append((AlertKind.PAIN_HIGH, f"Pain {latest}/10 at the last rating."))
        elif latest >= thresholds.pain_rising_from and before is not None and latest > before:
            found.append((AlertKind.PAIN_RISING, f"Pain rising: {before}/10 then {latest}/10."))
    since = facts.last_session_at or facts.joined_at
    idle_days = (now - since).days
    if idle_days >= thresholds.no_session_days:
        what = "since the last session" if facts.last_session_at else "since joining, and no session yet"
        found.append((AlertKind.NO_SESSION, f"{idle_days} days {what}."))
    n = thresholds.retests_without_improvement
    if len(facts.retests_improved) >= n and not any(facts.retests_improved[-n:]):
        found.append((AlertKind.NO_IMPROVEMENT, f"No real improvement in any test over the last {n} re-tests."))
    late = [(d, (now.date() - d.due_on).days) for d in facts.scheduled]
    late = [(d, days) for d, days in late if days >= thresholds.check_overdue_days]
    if late:
        what = "; ".join(f"{d.label} (due {d.due_on:%Y-%m-%d}, {days} days ago)" for d, days in late)
        found.append((AlertKind.CHECK_OVERDUE, f"Overdue: {what}."))
    alerts = [Alert(kind, SEVERITY[kind], message) for kind, message in found]
    return sorted(alerts, key=lambda a: -a.severity)


def attention_key(severities: list[int], name: str) -> tuple[int, int, str]:
    """Sort key: the most severe alert first, then the most alerts, then by name."""
    return (-max(severities, default=0), -len(severities), name.casefold())
