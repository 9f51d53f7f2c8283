"""The live player (`supple session`) in a real pseudo-terminal, with timers at 1/100 speed."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pexpect

from tests.cli.conftest import Journey
from tests.cli.runner import SUPPLE, cli_env, flat, run

YES_NO = r"\[y/n\] "
TIMEOUT = 30


def spawn(folder: Path) -> pexpect.spawn:
    env = cli_env(folder, TERM="xterm")
    env.pop("NO_COLOR")
    env.pop("COLUMNS")
    child = pexpect.spawn(
        SUPPLE,
        ["--db", str(folder / "s.db"), "session"],
        env=env,
        cwd=str(folder),
        timeout=TIMEOUT,
        dimensions=(40, 120),
        encoding="utf-8",
        codec_errors="replace",
    )
    child.logfile_read = io.StringIO()  # the whole transcript
    return child


def transcript(child: pexpect.spawn) -> str:
    return str(child.logfile_read.getvalue())


def test_a_guided_session_runs_the_timers_asks_about_pain_and_is_saved(assessed_store: Path, journey: Journey) -> None:
    child = spawn(assessed_store)
    questions = 0
    while child.expect([YES_NO, r"Your back pain right now \(0-10\): "]) == 0:
        child.sendline("n")
        questions += 1
    assert questions == 5  # the short safety check (five questions, issue 12) comes first
    child.sendline("3")
    child.expect(r"(\d+) exercises, about \d+ minutes")
    count = int(child.match.group(1))
    assert count >= 3
    # The first exercise runs on its timers to the end; each later one is skipped with 's'.
    for n in range(2, count + 1):
        child.expect(f"Exercise {n} of {count}:")
        child.send("s")
    child.expect(r"How did it go\?")
    child.expect(r"\(0-10\): ")
    child.sendline("2")
    child.expect(YES_NO)  # nerve symptoms during the exercise
    child.sendline("n")
    child.expect(r"after the session \(0-10\): ")
    child.sendline("3")
    child.expect("Session saved.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    ids = [item["exercise_id"] for item in journey.plan()["items"]]
    assert len(ids) == count
    lights = dict(re.findall(r"([a-z0-9-]+): (amber|green|red|-)", flat(child.before)))
    assert lights == {ids[0]: "amber", **dict.fromkeys(ids[1:], "-")}  # one exercise done, the others skipped
    report = json.loads(run(assessed_store, "progress", "--json").stdout)
    assert report["adherence"]["sessions"] == 1


def test_yes_to_the_first_safety_question_in_the_player_stops_with_exit_code_3(assessed_store: Path) -> None:
    child = spawn(assessed_store)
    child.expect(YES_NO)
    assert "numbness" in child.before
    child.sendline("y")
    # Any further questions are answered 'no'; the emergency answer alone must stop the session.
    while child.expect([YES_NO, "Stop. Get emergency medical care now.", r"\(0-10\): "]) == 0:
        child.sendline("n")
    assert child.after == "Stop. Get emergency medical care now."
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    text = transcript(child)
    assert "Your back pain right now" not in text
    assert "Exercise 1 of" not in text
    assert run(assessed_store, "plan").returncode == 3  # the stop was saved: the program is locked
