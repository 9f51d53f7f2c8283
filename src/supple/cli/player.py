"""The guided session in the terminal: live countdowns, progress bars and keys.

Keys: space or p pause/resume · s skip the exercise · b back to the previous exercise · q quit.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import time
from collections.abc import Iterator

from rich.console import Console, Group
from rich.live import Live
from rich.padding import Padding
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.text import Text

from supple.catalogue.catalogue import Catalogue
from supple.domain.plan_types import RoutineItem
from supple.domain.session_phases import Phase, PhaseKind, exercise_phases

KEY_HELP = "space/p pause · s skip · b back · q quit"


def phases(item: RoutineItem) -> list[Phase]:
    """The phases of one exercise: the domain's list, the same one the browser player gets."""
    return exercise_phases(item.dose)


class Keys:
    """Single key presses from a terminal without Enter; nothing when stdin is not a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stdin.isatty()

    @contextlib.contextmanager
    def raw(self) -> Iterator[None]:
        if not self.tty:
            yield
            return
        import termios
        import tty

        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            yield
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def read(self, timeout: float) -> str | None:
        if not self.tty:
            time.sleep(timeout)
            return None
        ready, _, _ = select.select([sys.stdin], [], [], timeout)
        return os.read(sys.stdin.fileno(), 1).decode(errors="ignore").lower() if ready else None


class Player:
    def __init__(self, items: list[RoutineItem], catalogue: Catalogue, scale: float, console: Console) -> None:
        self.items = items
        self.cat = catalogue
        self.scale = scale
        self.console = console
        self.keys = Keys()

    def run(self) -> tuple[list[str], bool]:
        """Play every exercise. Returns the ids completed and whether the person quit early."""
        done: list[str] = []
        index = 0
        with self.keys.raw(), Live(console=self.console, refresh_per_second=8, transient=False) as live:
            while index < len(self.items):
                outcome = self._play(self.items[index], index, live)
                if outcome == "quit":
                    return done, True
                if outcome == "back":
                    index = max(0, index - 1)
                    continue
                if outcome == "done" and self.items[index].exercise_id not in done:
                    done.append(self.items[index].exercise_id)
                index += 1
        return done, False

    def _play(self, item: RoutineItem, index: int, live: Live) -> str:
        ex = self.cat.exercises[item.exercise_id]
        plan = phases(item)
        for n, phase in enumerate(plan):
            total = phase.seconds * self.scale
            end = time.monotonic() + total
            paused_left: float | None = None
            while True:
                left = paused_left if paused_left is not None else max(0.0, end - time.monotonic())
                live.update(
                    self.frame(item, ex.name, ex.cues[0], index, phase, n, len(plan), left, paused_left is not None)
                )
                if left <= 0 and paused_left is None:
                    break
                key = self.keys.read(min(0.1, max(left, 0.01)))
                if key in (" ", "p"):
                    if paused_left is None:
                        paused_left = left
                    else:
                        end = time.monotonic() + paused_left
                        paused_left = None
                elif key == "s":
                    return "skip"
                elif key == "b":
                    return "back"
                elif key == "q":
                    return "quit"
            if phase.bell:
                self.console.bell()
        return "done"

    def frame(
        self,
        item: RoutineItem,
        name: str,
        cue: str,
        index: int,
        phase: Phase,
        n: int,
        count: int,
        left: float,
        paused: bool,
    ) -> Panel:
        side = f" — {phase.side} side" if phase.side else ""
        header = Text(f"Exercise {index + 1} of {len(self.items)}: {name}{side}", style="bold")
        seconds = left / self.scale
        colour = "bold green" if phase.kind is PhaseKind.REST else "bold cyan"
        big = Text(f"{phase.label}   {seconds:4.0f} s", style=colour)
        info = Text(f"Set {phase.set_no} of {phase.sets} · {item.dose.label()}")
        bar = ProgressBar(total=count, completed=n + (1 - left / max(phase.seconds * self.scale, 1e-9)), width=50)
        status = Text("PAUSED — press space to carry on" if paused else cue, style="yellow" if paused else "dim")
        # A progress bar ends without a line break: padded, it is a line of its own, so the cue below it
        # starts on a fresh line and wraps to the terminal's width instead of running on and being cut.
        return Panel(Group(header, big, info, Padding(bar, 0), status, Text(KEY_HELP, style="dim")), expand=False)
