"""`make test` sets SUPPLE_TEST_NO_SKIPS: a skipped test then fails the run, and a run with no skip passes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pytest(tmp_path: Path, body: str, no_skips: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_sample.py").write_text(f"import pytest\n\n\ndef test_sample() -> None:\n    {body}\n")
    env = {k: v for k, v in os.environ.items() if k != "SUPPLE_TEST_NO_SKIPS"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    if no_skips:
        env["SUPPLE_TEST_NO_SKIPS"] = "1"
    args = ["-m", "pytest", "-p", "tests.no_skips", "-p", "no:cacheprovider", "-q", "--rootdir", str(tmp_path)]
    return subprocess.run(
        [sys.executable, *args, str(tmp_path / "test_sample.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_skip_fails_the_run_when_no_skips_are_asked_for(tmp_path: Path) -> None:
    done = _pytest(tmp_path, 'pytest.skip("no such tool")', no_skips=True)
    assert done.returncode == 1, done.stdout
    assert "SUPPLE_TEST_NO_SKIPS is set and 1 test(s) were skipped" in done.stdout
    assert "test_sample.py::test_sample" in done.stdout


def test_a_skip_is_only_reported_otherwise_and_a_run_without_skips_passes(tmp_path: Path) -> None:
    assert _pytest(tmp_path, 'pytest.skip("no such tool")', no_skips=False).returncode == 0
    assert _pytest(tmp_path, "assert True", no_skips=True).returncode == 0
