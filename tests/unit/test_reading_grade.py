"""Person-facing sentences that code composes read at grade 8 or lower (Flesch-Kincaid, textstat 0.7.3,
which works offline): the routine's reasons, the results in plain words, the progress verdicts, the
progression explanations, and the home page's lines. The numbers and thresholds live in "details for
clinicians" and are not held to this bar."""

from __future__ import annotations

from datetime import datetime

import pytest
import textstat

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Region, Unit
from supple.domain.assessment import AsymmetryFlag, Side
from supple.domain.outcomes import Verdict
from supple.domain.plain_words import plain_asymmetry, plain_level, plain_reason, plain_verdict
from supple.domain.planner import Planner
from supple.domain.progression import ExerciseState, Signal, apply_signal
from supple.services.home import TestOffer
from supple.web.pages import contexts
from supple.web.pages.contexts import _LEVEL_SENTENCES, _REGION_SUBJECT, SIGNAL_WORDS
from tests.unit.test_planner import _people

MAX_GRADE = 8.0


def _grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def _too_hard(texts: list[str]) -> list[str]:
    return [f"{_grade(t):.1f}: {t}" for t in dict.fromkeys(texts) if _grade(t) > MAX_GRADE]


def test_textstat_is_the_offline_version_that_scores_known_sentences() -> None:
    # 0.7.3 needs no download; a plain sentence scores low and a dense one high.
    assert _grade("Your right ankle is stiffer than our guide.") < 5
    assert (
        _grade("Musculoskeletal interventions demonstrated statistically significant improvements in dorsiflexion.")
        > 12
    )


def test_every_routine_reason_in_plain_words_reads_at_grade_8_or_lower(catalogue: Catalogue) -> None:
    texts = []
    for person in _people().values():
        routine = Planner(catalogue).plan(person)
        texts += [item.plain for item in routine.items]
    assert texts
    assert all(texts)
    assert _too_hard(texts) == []


def test_every_plain_result_and_reason_shape_reads_at_grade_8_or_lower() -> None:
    texts = []
    for region in Region:
        for side in Side:
            for level in ("restricted", "borderline", "adequate", None):
                texts.append(plain_level(region, side, level))
        for worse in (Side.LEFT, Side.RIGHT):
            flag = AsymmetryFlag("t", "m", 1, 2, 1, 1, False, worse, Unit.CM)
            texts.append(plain_asymmetry(flag, region))
        for mandatory in (True, False):
            for level in ("restricted", "adequate", None):
                texts.append(plain_reason(region, [], mandatory, level, "rotation"))  # type: ignore[arg-type]
    assert _too_hard(texts) == []


def test_progress_verdicts_read_at_grade_8_or_lower() -> None:
    texts = [plain_verdict(v.value, margin) for v in Verdict for margin in ("2 cm", "10°", "2 points or 30%", "-")]
    assert _too_hard(texts) == []


def test_region_sentences_signals_and_home_lines_read_at_grade_8_or_lower() -> None:
    texts = [
        s.format(s=subject, v=verb) for s in _LEVEL_SENTENCES.values() for subject, verb in _REGION_SUBJECT.values()
    ]
    texts += [meaning for _, meaning in SIGNAL_WORDS.values()]
    for region in ("ankle", "hip", "thoracic"):
        for retest in (True, False):
            view = contexts.test_offer_view("Ann", TestOffer(region, ["a", "b"], 4, retest))
            assert view is not None
            texts += [view.heading, view.line]
    assert _too_hard(texts) == []


@pytest.mark.parametrize("signal", list(Signal))
def test_progression_explanations_read_at_grade_8_or_lower(catalogue: Catalogue, signal: Signal) -> None:
    texts = []
    for exercise_id in sorted(catalogue.exercises)[:10]:
        for level in (0, 1, 3):
            for greens in (0, 1, 2):
                state = ExerciseState(exercise_id, exercise_id, level, greens)
                change = apply_signal(state, signal, yellow_flags=False, now=datetime(2026, 1, 1), catalogue=catalogue)
                if change.explanation:
                    # The exercise's name is not ours to grade: measure the sentence after it.
                    texts.append(change.explanation.split(": ", 1)[-1])
    assert _too_hard(texts) == []
