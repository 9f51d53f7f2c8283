"""Questionnaire scoring against the published rules (clinical-reference §5.2, §6.3, §6.4)."""

from __future__ import annotations

import pytest

from supple.catalogue.catalogue import Catalogue
from supple.domain.questionnaires import odi, rmdq, start_back
from supple.errors import InvalidInput


@pytest.mark.parametrize(
    ("answers", "category", "total", "psych"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 1], "low", 0, 0),
        ([1, 1, 1, 0, 0, 0, 0, 0, 3], "low", 3, 0),  # item 9 'moderately' is not positive
        ([1, 1, 1, 1, 0, 0, 0, 0, 1], "medium", 4, 0),
        ([1, 1, 0, 0, 1, 1, 1, 0, 2], "medium", 5, 3),
        ([0, 0, 0, 0, 1, 1, 1, 0, 4], "high", 4, 4),  # 'very much' counts
        ([1, 1, 1, 1, 1, 1, 1, 1, 5], "high", 9, 5),
    ],
)
def test_start_back_follows_keele_scoring(
    catalogue: Catalogue, answers: list[int], category: str, total: int, psych: int
) -> None:
    result = start_back(answers, catalogue.outcomes.start_back)
    assert (result.category, result.total, result.detail["psychosocial"]) == (category, total, psych)


def test_start_back_refuses_the_wrong_number_or_range_of_answers(catalogue: Catalogue) -> None:
    with pytest.raises(InvalidInput):
        start_back([0] * 8, catalogue.outcomes.start_back)
    with pytest.raises(InvalidInput) as err:
        start_back([0, 0, 2, 0, 0, 0, 0, 0, 6], catalogue.outcomes.start_back)
    assert [p.loc for p in err.value.problems] == [("answers", 2), ("answers", 8)]  # items 3 and 9


def test_odi_with_one_skipped_section_divides_by_45(catalogue: Catalogue) -> None:
    # The worked example of the official instructions: 16 points over 9 sections -> 35.6 %.
    result = odi([2, 2, 2, 2, 2, 2, 2, None, 1, 1], catalogue.outcomes.odi)
    assert result.total == pytest.approx(35.6)
    assert result.category == "moderate limitation"


@pytest.mark.parametrize(
    ("sections", "percent", "band"),
    [
        ([0] * 10, 0.0, "minimal limitation"),
        ([1] * 10, 20.0, "minimal limitation"),
        ([5] * 10, 100.0, "extreme limitation"),
    ],
)
def test_odi_percent_and_bands(catalogue: Catalogue, sections: list[int], percent: float, band: str) -> None:
    result = odi(sections, catalogue.outcomes.odi)
    assert (result.total, result.category) == (percent, band)


def test_odi_needs_at_least_eight_sections(catalogue: Catalogue) -> None:
    with pytest.raises(InvalidInput, match="problems"):
        odi([1, 1, 1, 1, 1, 1, 1, None, None, None], catalogue.outcomes.odi)


def test_roland_morris_counts_ticked_items(catalogue: Catalogue) -> None:
    assert rmdq([1] * 7 + [0] * 17, catalogue.outcomes.rmdq).total == 7
    assert rmdq([1, 1] + [0] * 22, catalogue.outcomes.rmdq).category == "recovery range (2 or fewer of 24)"
    three = rmdq([1, 1, 1] + [0] * 21, catalogue.outcomes.rmdq)
    assert three.category == "3 of 24 activities limited"
    assert len(rmdq([1] * 24, catalogue.outcomes.rmdq).category) <= 40  # the store's column width
    with pytest.raises(InvalidInput):
        rmdq([2] + [0] * 23, catalogue.outcomes.rmdq)
