"""When the next-morning check-in opens: the first 6:00 at least 4 hours after the session (the rule and
its numbers in progression.yaml checkin_opens)."""

from __future__ import annotations

from datetime import datetime

import pytest

from supple.catalogue.catalogue import Catalogue
from supple.domain.checkin_window import checkin_later, checkin_opens, opens_words


@pytest.mark.parametrize(
    ("session", "opens"),
    [
        (datetime(2026, 12, 5, 19, 30), datetime(2026, 12, 6, 6, 0)),  # an evening session
        (datetime(2026, 12, 6, 3, 26), datetime(2026, 12, 7, 6, 0)),  # the review's night session
        (datetime(2026, 12, 6, 1, 0), datetime(2026, 12, 6, 6, 0)),  # after midnight: the same morning
        (datetime(2026, 12, 6, 9, 0), datetime(2026, 12, 7, 6, 0)),  # a morning session: the next morning
    ],
)
def test_the_check_in_opens_the_next_morning_at_six(catalogue: Catalogue, session: datetime, opens: datetime) -> None:
    assert checkin_opens(session, catalogue.progression.checkin_opens) == opens


def test_the_opening_rule_lives_in_the_rules_data_with_a_source(catalogue: Catalogue) -> None:
    rule = catalogue.progression.checkin_opens
    assert (rule.hour, rule.min_hours_after_session) == (6, 4)
    assert "0003" in rule.source.ref
    assert rule.source.tag.value == "D"


def test_the_words_say_when_to_come_back(catalogue: Catalogue) -> None:
    now = datetime(2026, 12, 6, 3, 30)
    assert opens_words(datetime(2026, 12, 7, 6, 0), now) == "tomorrow morning, from 6:00"
    assert opens_words(datetime(2026, 12, 6, 6, 0), now) == "this morning, from 6:00"
    assert opens_words(datetime(2026, 12, 9, 6, 0), now) == "on Wednesday 9 December, from 6:00"
    rule = catalogue.progression.checkin_opens
    line = checkin_later(datetime(2026, 12, 6, 3, 26), now, rule)
    assert line is not None
    assert line.startswith("Check in tomorrow morning, from 6:00.")
    assert checkin_later(datetime(2026, 12, 6, 3, 26), datetime(2026, 12, 7, 6, 0), rule) is None
