"""A test value held back as unusual reads 'not scored: measure again' in the terminal, as on the pages
and in the report, and is not listed as merely 'tracked'."""

from __future__ import annotations

import re
from pathlib import Path

import tests.factories as f
from tests.cli.runner import output, run, write_answers


def test_an_unusual_value_is_not_scored_and_asks_to_measure_again(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann", "--birth-year", "1970").returncode == 0
    screen = run(tmp_path, "screen", "--answers", write_answers(tmp_path / "screen.yaml", f.screen_answers()))
    assert screen.returncode == 0, output(screen)
    unusual = {"knee-to-wall": {"method": "tape", "left": {"toe_to_wall_cm": [25]}, "right": {"toe_to_wall_cm": [25]}}}
    tests = f.stiff_person_tests(**unusual)
    result = run(tmp_path, "assess", "--answers", write_answers(tmp_path / "tests.yaml", tests))
    assert result.returncode == 0, output(result)
    text = output(result)
    assert re.search(r"Ankles\W+not scored: measure again\W+the value looks unusual", text), text
    assert "Knee-to-wall, left: 25 cm" in text
    assert "Not scored: measure again (the value looks unusual):" in text
    tracked = text.split("Tracked without a guide value", 1)[-1].split("'Restricted' means", 1)[0]
    assert "knee-to-wall" not in tracked.lower()
