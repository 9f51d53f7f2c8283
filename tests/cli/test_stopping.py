"""Ctrl-C in any command: exit code 130 and one plain line, no traceback, nothing more saved."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from tests.cli.runner import SUPPLE, cli_env, output, run


def _interrupt_at_question(tmp_path: Path, *args: str, wait_for: str) -> tuple[int, str, str]:
    proc = subprocess.Popen(
        [SUPPLE, "--db", str(tmp_path / "s.db"), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(tmp_path),
        cwd=tmp_path,
    )
    assert proc.stdout is not None
    seen = ""
    deadline = time.monotonic() + 30
    while wait_for not in seen and time.monotonic() < deadline:
        seen += proc.stdout.read(1)
    proc.send_signal(signal.SIGINT)
    # Keep its input open until it has stopped, as at a terminal: closing it at once (communicate) could
    # let a slow process read the end of its answers before it handles the interrupt.
    proc.wait(timeout=30)
    out, err = proc.communicate(timeout=30)
    return proc.returncode, seen + out, err


def test_ctrl_c_at_the_delete_question_stops_with_130_and_deletes_nothing(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann").returncode == 0
    code, out, err = _interrupt_at_question(tmp_path, "profile", "delete", "Ann", wait_for="to confirm:")
    assert code == 130, err
    assert "Stopped. Nothing more was saved." in err
    assert "Traceback" not in out + err
    assert "Aborted" not in out + err
    assert run(tmp_path, "profile", "list").stdout.split() == ["Ann"]


def test_ctrl_c_in_the_safety_questions_stops_with_130(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann", "--birth-year", "1970").returncode == 0
    code, out, err = _interrupt_at_question(tmp_path, "screen", wait_for="?")
    assert code == 130, err
    assert "Stopped. Nothing more was saved." in err
    assert "Traceback" not in out + err


def test_answers_that_end_early_say_so_with_exit_code_1_not_aborted(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann").returncode == 0
    ended = run(tmp_path, "profile", "delete", "Ann", input="")
    assert ended.returncode == 1
    assert "the answers ended before every question was answered" in output(ended)
    assert "Aborted" not in output(ended)
    assert run(tmp_path, "profile", "list").stdout.split() == ["Ann"]
