"""Ctrl-C in any command: exit code 130 and one plain line, no traceback, nothing more saved."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
from pathlib import Path

from tests.cli.runner import SUPPLE, cli_env, output, run


def _blocked_reading(proc: subprocess.Popen[str], within: float = 120.0) -> None:
    """Wait until the command sleeps on its input (it has printed the question and called read), as a
    person's Ctrl-C at a prompt finds it. A SIGINT that lands in the instant between printing the prompt
    and starting to read is handled by Python only when the read returns, so the command would wait for an
    answer that never comes; on a busy machine that instant is long enough to be hit (seen at load 11)."""
    deadline = time.monotonic() + within
    while proc.poll() is None and time.monotonic() < deadline:
        state = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "S":  # one thread, the prompt written: asleep means waiting on stdin
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.01)


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
    try:
        seen = ""
        deadline = time.monotonic() + 120  # readiness, not a fixed time: a busy machine starts Python slowly
        while wait_for not in seen and time.monotonic() < deadline:
            char = proc.stdout.read(1)
            if not char:  # the command ended without asking
                break
            seen += char
        _blocked_reading(proc)
        proc.send_signal(signal.SIGINT)
        # Keep its input open until it has stopped, as at a terminal: closing it at once (communicate) could
        # let a slow process read the end of its answers before it handles the interrupt.
        proc.wait(timeout=60)
        out, err = proc.communicate(timeout=60)
    except BaseException:  # never leave the process running (or unreaped) when a timeout stops the test
        proc.kill()
        proc.communicate()
        raise
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
