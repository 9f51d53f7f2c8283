"""Graded walking: the first target and how the traffic light moves it (properties over many histories)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from supple.catalogue.gait import walking_rules
from supple.domain.walking import Target, follow, goal_activity, start

RULES = walking_rules().rules()
signals = st.lists(st.sampled_from(["green", "amber", "red"]), min_size=1, max_size=12)
targets = st.builds(Target, st.integers(RULES.min_minutes, RULES.max_minutes), st.integers(RULES.min_days, 7))


def test_the_first_target_starts_a_little_below_what_the_person_manages() -> None:
    assert start(20, 3, RULES) == Target(16, 3)  # 80 % of 20 minutes
    assert start(2, 1, RULES) == Target(RULES.min_minutes, RULES.min_days)  # never below the floor
    assert start(300, 7, RULES) == Target(RULES.max_minutes, 7)


@given(targets, signals)
def test_red_never_raises_amber_never_changes_and_green_never_lowers_the_target(
    target: Target, history: list[str]
) -> None:
    move = follow(target, history, RULES)
    last = history[-1]
    if last == "red":
        assert move.target.weekly <= target.weekly
        assert move.target.minutes >= RULES.min_minutes
    elif last == "amber":
        assert move.target == target
    else:
        assert move.target.weekly >= target.weekly
    assert RULES.min_minutes <= move.target.minutes <= RULES.max_minutes
    assert 1 <= move.target.days_per_week <= 7


@given(targets)
def test_one_green_holds_and_two_greens_in_a_row_progress_until_the_ceiling(target: Target) -> None:
    assert follow(target, ["green"], RULES).move == "hold"
    assert follow(target, ["green", "red", "green"], RULES).move == "hold"
    two = follow(target, ["amber", "green", "green"], RULES)
    at_ceiling = target.minutes >= RULES.max_minutes and target.days_per_week >= RULES.goal_days
    assert two.move == ("hold" if at_ceiling else "progress")


def test_progress_builds_minutes_to_30_then_days_to_5() -> None:
    t = Target(16, 3)
    seen = []
    for _ in range(12):
        t = follow(t, ["green", "green"], RULES).target
        seen.append((t.minutes, t.days_per_week))
    assert seen[:5] == [(18, 3), (20, 3), (22, 3), (25, 3), (28, 3)]
    assert (30, 3) in seen
    assert (30, 5) in seen


def test_the_goal_is_the_persons_own_activity_that_mentions_walking() -> None:
    assert goal_activity(["Putting on socks", "Walking to the shop"]) == "Walking to the shop"
    assert goal_activity(["Gardening"]) == "Gardening"
    assert goal_activity([]) is None


def test_walking_words_say_one_in_the_singular_and_other_numbers_in_the_plural() -> None:
    from supple.domain.formatting import plural
    from supple.services.walking import WalkingView

    assert [plural(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    one = WalkingView(1, 1, 1, None, week_minutes=1, week_days=1)
    assert one.text == "Walk 1 minute on 1 day a week."
    assert one.week_text == "This week: 1 minute on 1 day."
    assert WalkingView(20, 20, 3, None, 45, 2).week_text == "This week: 45 minutes on 2 days."
    assert WalkingView(20, 20, 3, None, 0, 0).week_text == "This week: no walks logged yet."
    held = follow(Target(1, 1), ["amber"], RULES)
    assert held.explanation == "Walking stays at 1 minute on 1 day a week."
