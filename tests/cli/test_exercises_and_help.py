"""The exercise library and the help screens."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from supple.catalogue.catalogue import Catalogue
from tests.cli.runner import SUPPLE, cli_env, flat, output, run

COMMANDS = ("profile", "screen", "baseline", "assess", "plan", "session", "log", "checkin", "progress", "exercises")


def test_exercises_lists_at_least_18_exercise_ids(tmp_path: Path, catalogue: Catalogue) -> None:
    result = run(tmp_path, "exercises")
    assert result.returncode == 0, result.stderr
    ids = [m.group(1) for m in re.finditer(r"^([a-z0-9]+(?:-[a-z0-9]+)+)\s", result.stdout, flags=re.MULTILINE)]
    assert len(ids) >= 18
    assert len(set(ids)) == len(ids)
    assert set(ids) <= set(catalogue.exercises)
    assert "foam-roller-thoracic-extension" in ids


def test_one_exercise_is_shown_with_its_steps_and_sources(tmp_path: Path, catalogue: Catalogue) -> None:
    result = run(tmp_path, "exercises", "foam-roller-thoracic-extension")
    assert result.returncode == 0, result.stderr
    text = flat(result.stdout)
    ex = catalogue.exercises["foam-roller-thoracic-extension"]
    assert ex.name in text
    assert "Steps" in text
    for n, step in enumerate(ex.steps, start=1):
        assert f"{n}. {flat(step)}" in text
    assert "Sources:" in text
    assert all(source.ref in text for source in ex.sources)


def test_an_unknown_exercise_exits_2_and_suggests_close_ids(tmp_path: Path) -> None:
    result = run(tmp_path, "exercises", "foam-roller-extension")
    assert result.returncode == 2
    text = output(result)
    assert "No exercise 'foam-roller-extension'" in text
    assert "Did you mean" in text
    assert "foam-roller-thoracic-extension" in text


def test_supple_help_exits_0_and_lists_the_commands(tmp_path: Path) -> None:
    result = subprocess.run(
        [SUPPLE, "--help"], capture_output=True, text=True, env=cli_env(tmp_path), timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: supple")
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", result.stdout, flags=re.MULTILINE), command


def test_python_m_supple_help_works(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "supple", "--help"],
        capture_output=True,
        text=True,
        env=cli_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: supple" in result.stdout
    assert "not a diagnosis" in result.stdout


def test_exercises_lists_the_strength_work_with_the_areas_it_works(tmp_path: Path, catalogue: Catalogue) -> None:
    result = run(tmp_path, "exercises", "--region", "strength")
    assert result.returncode == 0, result.stderr
    ids = {m.group(1) for m in re.finditer(r"^([a-z0-9]+(?:-[a-z0-9]+)+)\s", result.stdout, flags=re.MULTILINE)}
    assert ids == {e.id for e in catalogue.exercises.values() if e.group == "strength"}
    assert "(hips and trunk, hip-extensors, floor)" in flat(result.stdout)


def test_serve_help_says_plainly_what_the_clinic_option_does(tmp_path: Path) -> None:
    result = run(tmp_path, "serve", "--help")
    assert result.returncode == 0, result.stderr
    text = flat(result.stdout)
    assert "--clinic Run Supple for a clinic instead of one person at home" in text
    assert "everyone logs in" in text
    assert "supple clinic init" in text
    assert "not with --lan" in text
    assert "only the login and account pages" not in text  # no longer true


def test_measure_level_refuses_a_word_naming_the_option_the_range_and_the_unit(tmp_path: Path) -> None:
    (tmp_path / "side.jpg").write_bytes(b"")
    for word in ("flat", "nan"):
        result = run(tmp_path, "measure", "side.jpg", "--test", "knee-to-wall", "--side", "left", "--level", word)
        assert result.returncode == 2, output(result)
        assert f"Invalid value for '--level': ‘{word}’ is not a number. Allowed: -90 to 90 degrees." in output(result)
    from supple.cli.params import Number
    from supple.services.measure import LEVEL_LIMIT

    assert Number("level", -LEVEL_LIMIT, LEVEL_LIMIT, "degrees").convert("12.5", None, None) == 12.5
