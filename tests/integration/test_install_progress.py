"""The first `make run` lists its install steps as they happen: scripts/pip_progress.py runs pip unbuffered
and shortens its lines, so "installing N packages" shows before the long install step, not after it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LONG_STEP_S = 3.0  # how long the stand-in for pip takes to "install"

# A stand-in for `python -m pip install`: pip's own lines, with the install step taking a while. It prints like
# pip does (print to a pipe: block-buffered unless Python is told otherwise).
FAKE_PIP = f"""#!{sys.executable}
import sys, time
print("Obtaining file:///supple")
print("Collecting fastapi>=0.110")
print("  Downloading fastapi-0.115.0-py3-none-any.whl (94 kB)")
print("Collecting uvicorn")
print("Collecting fastapi>=0.110")
print("Installing collected packages: uvicorn, fastapi, supple")
time.sleep({LONG_STEP_S})
print("Successfully installed fastapi-0.115.0 supple-0.1 uvicorn-0.30")
"""


def test_the_installing_line_arrives_before_the_long_install_step_and_each_line_as_it_comes(tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text(FAKE_PIP)
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE")}
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "pip_progress.py"), str(fake), "-m", "pip", "install", "-e", "."],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    seen = [(time.monotonic() - start, line.rstrip("\n")) for line in proc.stdout]
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    lines = [line for _, line in seen]
    assert lines[:4] == [
        "  [1] fetching fastapi>=0.110",
        "  [2] fetching uvicorn",
        "  installing 2 packages into .venv (about a minute) ...",
        "  installed",
    ]
    at = {line: t for t, line in seen}
    # the installing line comes when pip starts the install step, well before it ends
    assert at["  installed"] - at["  installing 2 packages into .venv (about a minute) ..."] > LONG_STEP_S / 2
    assert at["  installed"] - at["  [1] fetching fastapi>=0.110"] > LONG_STEP_S / 2
