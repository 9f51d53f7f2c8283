"""The terminal player's screen at 80 and 40 columns: the cue sits on its own lines, wrapped, never
run into the progress bar or cut off (a new user saw "━━━Keep your heel he" at 80 columns)."""

from __future__ import annotations

import pytest
from rich.console import Console

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import DoseKind, Region, Sides
from supple.cli.player import Player, phases
from supple.domain.dosing import Dose
from supple.domain.plan_types import RoutineItem

BAR = "━"


def _screen(catalogue: Catalogue, exercise_id: str, width: int, paused: bool = False) -> list[str]:
    dose = Dose(DoseKind.HOLD, sets=2, sides=Sides.EACH, rest_s=15, hold_s=30)
    item = RoutineItem("slot", exercise_id, Region.ANKLE, "ankle", dose, 120, "why")
    console = Console(width=width, record=True, color_system=None, force_terminal=False)
    player = Player([item, item], catalogue, 1.0, console)
    ex = catalogue.exercises[exercise_id]
    phase = phases(item)[1]
    console.print(player.frame(item, ex.name, ex.cues[0], 0, phase, 1, 4, 12.0, paused))
    return console.export_text().splitlines()


def _longest_cue(catalogue: Catalogue) -> str:
    return max(catalogue.exercises, key=lambda i: len(catalogue.exercises[i].cues[0]))


@pytest.mark.parametrize("width", [80, 40])
def test_the_whole_cue_is_shown_on_lines_of_its_own_below_the_bar(catalogue: Catalogue, width: int) -> None:
    exercise_id = _longest_cue(catalogue)
    lines = _screen(catalogue, exercise_id, width)
    assert all(len(line) <= width for line in lines)
    bar_lines = [line for line in lines if BAR in line]
    assert len(bar_lines) == 1
    assert not any(ch.isalpha() for ch in bar_lines[0])  # nothing written into the bar's line
    below = lines[lines.index(bar_lines[0]) + 1 :]
    shown = " ".join(line.strip("│ ") for line in below)
    assert " ".join(catalogue.exercises[exercise_id].cues[0].split()) in " ".join(shown.split())


@pytest.mark.parametrize("width", [80, 40])
def test_every_exercise_name_and_key_help_fit_without_being_cut(catalogue: Catalogue, width: int) -> None:
    for exercise_id, ex in catalogue.exercises.items():
        text = " ".join(" ".join(line.strip("│ ╭╮╰╯─") for line in _screen(catalogue, exercise_id, width)).split())
        assert " ".join(ex.cues[0].split()) in text, exercise_id
        assert " ".join(ex.name.split()) in text, exercise_id
        assert "press space to carry on" not in text
        assert "q quit" in text
