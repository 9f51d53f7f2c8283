"""`supple plan`, `status` and `progress` answer through the light read path (no SQLAlchemy, no settings
class, no YAML) and print byte for byte what the full path prints (decision 0016)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.month_store import build_month_store
from tests.cli.runner import cli_env, run

NOT_ON_THE_LIGHT_PATH = (
    "sqlalchemy",
    "alembic",
    "pydantic_settings",
    "yaml",
    "fastapi",
    "jinja2",
    "numpy",
    "PIL",
    "supple.db.models",
    "supple.db.engine",
    "supple.bootstrap",
    "supple.config",
    "supple.figures",
    "supple.web",
)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("month")
    build_month_store(folder / "s.db", days=12)
    first = run(folder, "--profile", "Ann", "status")
    assert first.returncode == 0, first.stderr
    assert "private" in first.stderr  # the light path makes older files private, as the full path does
    return folder


@pytest.mark.parametrize("args", [["plan"], ["plan", "--json"], ["status"], ["progress"], ["progress", "--json"]])
def test_the_light_and_the_full_path_print_the_same_bytes(month: Path, args: list[str]) -> None:
    light = run(month, "--profile", "Ann", *args)
    full = run(month, "--profile", "Ann", *args, env={"SUPPLE_FULL_PATH": "1"})
    assert light.returncode == full.returncode == 0, light.stderr + full.stderr
    assert light.stdout == full.stdout
    assert light.stderr == full.stderr
    assert "Ann" in light.stdout


@pytest.mark.parametrize("command", ["plan", "status", "progress"])
def test_the_ordinary_commands_load_no_database_library_or_settings_class(month: Path, command: str) -> None:
    code = (
        "import sys\n"
        "from supple.cli.main import cli\n"
        "try:\n"
        f"    cli(['--db', {str(month / 's.db')!r}, '--profile', 'Ann', {command!r}], prog_name='supple')\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        f"print([m for m in {NOT_ON_THE_LIGHT_PATH!r} if m in sys.modules], file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(month), timeout=120, check=True
    )
    assert "Ann" in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "[]"


def test_a_person_the_store_does_not_hold_gets_the_full_path_s_message(month: Path) -> None:
    light = run(month, "--profile", "Nobody", "plan")
    full = run(month, "--profile", "Nobody", "plan", env={"SUPPLE_FULL_PATH": "1"})
    assert light.returncode == full.returncode != 0
    assert light.stderr == full.stderr
    assert "No profile called" in light.stderr
