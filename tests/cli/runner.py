"""Run the installed `supple` console script as a subprocess, fenced off from the real user's data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

SUPPLE = str(Path(sys.executable).parent / "supple")


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of one run: fast timers, a private HOME and data folder, no stray SUPPLE_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLE_")}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        SUPPLE_TIMER_SCALE="0.01",
        NO_COLOR="1",
        COLUMNS="200",
    )
    env.update(extra)
    return env


def run(
    tmp_path: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`supple --db TMP/s.db ARGS...`; never shows a traceback, whatever the exit code."""
    return run_bare(tmp_path, "--db", str(tmp_path / "s.db"), *args, input=input, env=env)


def run_bare(
    tmp_path: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`supple ARGS...` in TMP with the test environment (no `--db` added); never a traceback."""
    result = subprocess.run(
        [SUPPLE, *args],
        input=input,
        capture_output=True,
        text=True,
        env=cli_env(tmp_path, **(env or {})),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def output(result: subprocess.CompletedProcess[str]) -> str:
    """Everything the person saw, with line wrapping undone."""
    return flat(result.stdout + "\n" + result.stderr)


def flat(text: str) -> str:
    return " ".join(text.split())


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def write_answers(path: Path, data: Any) -> str:
    """Write an answers file (YAML, or JSON when the name ends in .json) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(path)


def copy_store(source_dir: Path, target_dir: Path) -> None:
    """Copy the SQLite store (and its write-ahead log, if any) from one folder to another."""
    target_dir.mkdir(parents=True, exist_ok=True)
    for name in ("s.db", "s.db-wal"):
        if (source_dir / name).exists():
            shutil.copyfile(source_dir / name, target_dir / name)


def a_night_passes(folder: Path) -> None:
    """Move the store's sessions, safety questions and check-ins two days back, as if a night had passed
    (the CLI runs on the real clock; a session's check-in opens only the next morning). Their order is kept."""
    import sqlite3

    with sqlite3.connect(folder / "s.db") as db:
        for table, column in (("exercise_session", "started_at"), ("screening", "taken_at"), ("checkin", "at")):
            db.execute(f"UPDATE {table} SET {column} = datetime({column}, '-2 day')")
