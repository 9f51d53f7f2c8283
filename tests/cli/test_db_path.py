"""`--db PATH` in a folder that does not exist: refused with the path named, nothing created, except by
the commands that start a store."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli.runner import output, run_bare


def supple(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_bare(tmp_path, *args, env=env)


@pytest.mark.parametrize("command", [["status"], ["plan"], ["profile", "list"], ["walking", "show"]])
def test_a_db_path_in_a_missing_folder_exits_2_naming_the_path_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "typo" / "s.db"
    result = supple(tmp_path, "--db", str(db), *command)
    assert result.returncode == 2, output(result)
    assert f"--db {db}: the folder {db.parent} does not exist" in output(result)
    assert "Nothing was created" in output(result)
    assert not db.parent.exists()
    assert not (tmp_path / "data").exists()  # nor a store in the default place instead


def test_the_supple_db_setting_is_checked_the_same_way(tmp_path: Path) -> None:
    db = tmp_path / "typo" / "s.db"
    result = supple(tmp_path, "status", env={"SUPPLE_DB": str(db)})
    assert result.returncode == 2, output(result)
    assert f"the folder {db.parent} does not exist" in output(result)
    assert not db.parent.exists()


def test_profile_create_starts_a_store_there_and_says_it_made_the_folder(tmp_path: Path) -> None:
    db = tmp_path / "new" / "s.db"
    created = supple(tmp_path, "--db", str(db), "profile", "create", "Ann")
    assert created.returncode == 0, output(created)
    assert f"Making the folder {db.parent} for the new store." in created.stderr
    assert db.is_file()
    later = supple(tmp_path, "--db", str(db), "profile", "list")
    assert later.returncode == 0, output(later)
    assert "Ann" in later.stdout
