"""Which "yes" answers stop the program on their own: the note under such a question comes from this."""

from __future__ import annotations

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.rules import SafetyAction
from supple.domain.screening import ScreenKind, evaluate, follow_ups, stopping_answers


def _answers(catalogue: Catalogue, *yes: str) -> dict[str, bool]:
    return {q.id: q.id in yes for q in catalogue.safety.questions}


def test_stopping_answers_are_the_yes_answers_that_stop_the_program_on_their_own(catalogue: Catalogue) -> None:
    rules = catalogue.safety
    stops = stopping_answers(rules.questions, rules)
    assert stops["saddle-numbness"] is SafetyAction.EMERGENCY
    assert stops["both-legs"] is SafetyAction.EMERGENCY  # a follow-up: its own yes makes it an emergency
    assert stops["calf-clot"] is SafetyAction.URGENT_TODAY
    assert stops["very-unwell"] is SafetyAction.EMERGENCY  # worse than the fever that opened it
    assert stops["pregnancy-pain"] is SafetyAction.NOT_SUITABLE
    for never in ("toilet-change", "leg-symptoms", "pain-over-3-months", "onset-before-40", "injury", "pregnant"):
        assert never not in stops
    assert "urinary-infection-signs" not in stops  # no more serious than the fever above it
    # every one agrees with the evaluation of a saved screen with that yes and the yes answers that opened it
    parents = follow_ups(rules.questions)
    for qid, action in stops.items():
        yes = [qid]
        while yes[-1] in parents:
            yes.append(parents[yes[-1]])
        outcome = evaluate(ScreenKind.FULL, _answers(catalogue, *yes), rules)
        assert outcome.blocks
        assert outcome.action is action
