"""The alert rules of clinic mode, against the thresholds they are given (pure, no store)."""

from __future__ import annotations

from datetime import datetime, timedelta

from supple.clinic.alert_service import default_thresholds
from supple.clinic.alerts import AlertKind, Facts, Thresholds, alerts_for, attention_key

NOW = datetime(2026, 3, 20, 9, 0)
LIMITS = Thresholds(no_session_days=7, pain_rising_from=5, pain_high_from=7, retests_without_improvement=2)


def _facts(**kw: object) -> Facts:
    base: dict[str, object] = {
        "joined_at": NOW - timedelta(days=30),
        "last_session_at": NOW - timedelta(days=1),
        "pain": (),
        "stop": None,
        "retests_improved": (),
    }
    return Facts(**(base | kw))  # type: ignore[arg-type]


def _kinds(facts: Facts, limits: Thresholds = LIMITS) -> list[AlertKind]:
    return [a.kind for a in alerts_for(facts, limits, NOW)]


def _pain(*values: int) -> tuple[tuple[datetime, int], ...]:
    return tuple((NOW - timedelta(days=len(values) - i), v) for i, v in enumerate(values))


def test_a_client_with_recent_sessions_and_low_pain_raises_no_alert() -> None:
    assert _kinds(_facts(pain=_pain(3, 2))) == []


def test_pain_at_the_rising_threshold_alerts_only_when_it_went_up() -> None:
    assert _kinds(_facts(pain=_pain(4, 5))) == [AlertKind.PAIN_RISING]
    assert _kinds(_facts(pain=_pain(6, 5))) == []
    assert _kinds(_facts(pain=_pain(3, 4))) == []  # rising, but below 5
    assert _kinds(_facts(pain=_pain(5))) == []  # nothing to compare with


def test_pain_at_the_high_threshold_alerts_at_once_whatever_came_before() -> None:
    assert _kinds(_facts(pain=_pain(7))) == [AlertKind.PAIN_HIGH]
    assert _kinds(_facts(pain=_pain(9, 7))) == [AlertKind.PAIN_HIGH]
    assert _kinds(_facts(pain=_pain(6))) == []


def test_no_session_counts_whole_days_from_the_last_session_or_from_joining() -> None:
    assert _kinds(_facts(last_session_at=NOW - timedelta(days=6, hours=23))) == []
    assert _kinds(_facts(last_session_at=NOW - timedelta(days=7))) == [AlertKind.NO_SESSION]
    never = alerts_for(_facts(last_session_at=None, joined_at=NOW - timedelta(days=8)), LIMITS, NOW)
    assert [a.kind for a in never] == [AlertKind.NO_SESSION]
    assert "no session yet" in never[0].message


def test_a_stop_or_pause_is_the_most_severe_alert_and_comes_first() -> None:
    found = alerts_for(_facts(stop="Paused after a red session.", pain=_pain(7)), LIMITS, NOW)
    assert [a.kind for a in found] == [AlertKind.STOPPED, AlertKind.PAIN_HIGH]
    assert "Paused after a red session." in found[0].message


def test_no_improvement_needs_the_last_two_re_tests_without_a_real_improvement() -> None:
    assert _kinds(_facts(retests_improved=(True, False, False))) == [AlertKind.NO_IMPROVEMENT]
    assert _kinds(_facts(retests_improved=(False, True))) == []
    assert _kinds(_facts(retests_improved=(False,))) == []  # one re-test is not enough to say


def test_a_clinic_changing_a_threshold_changes_the_alerts() -> None:
    stricter = Thresholds(no_session_days=3, pain_rising_from=3, pain_high_from=6, retests_without_improvement=1)
    facts = _facts(last_session_at=NOW - timedelta(days=4), pain=_pain(2, 4), retests_improved=(False,))
    assert _kinds(facts) == []
    assert _kinds(facts, stricter) == [AlertKind.PAIN_RISING, AlertKind.NO_SESSION, AlertKind.NO_IMPROVEMENT]


def test_clients_needing_attention_sort_first_then_by_number_of_alerts_then_name() -> None:
    rows = {"Zoe": [4], "Amy": [], "Bob": [1, 1], "Cat": [1]}
    assert sorted(rows, key=lambda n: attention_key(rows[n], n)) == ["Zoe", "Bob", "Cat", "Amy"]


def test_the_default_thresholds_are_the_ones_the_issue_names() -> None:
    assert default_thresholds() == Thresholds(7, 5, 7, 2)


def test_a_scheduled_check_alerts_once_it_is_late_by_the_threshold() -> None:
    from supple.clinic.alerts import Due

    def due(days_ago: int) -> tuple[Due, ...]:
        return (Due("re-test: the hip tests", (NOW - timedelta(days=days_ago)).date()),)

    assert _kinds(_facts(scheduled=due(2))) == []  # 3 days by default
    assert _kinds(_facts(scheduled=due(3))) == [AlertKind.CHECK_OVERDUE]
    assert _kinds(_facts(scheduled=due(-4))) == []  # still ahead
    stricter = Thresholds(7, 5, 7, 2, check_overdue_days=1)
    assert _kinds(_facts(scheduled=due(1)), stricter) == [AlertKind.CHECK_OVERDUE]
    (alert,) = alerts_for(_facts(scheduled=due(5)), LIMITS, NOW)
    assert alert.message == "Overdue: re-test: the hip tests (due 2026-03-15, 5 days ago)."
    assert default_thresholds().check_overdue_days == 3
