"""Deleting a profile from the terminal, and health files readable by their owner only (issue 11)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from tests.cli.runner import output, run


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_profile_delete_asks_for_the_name_and_deletes_everything(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann", "--birth-year", "1970").returncode == 0
    assert run(tmp_path, "profile", "create", "Bo").returncode == 0
    wrong = run(tmp_path, "profile", "delete", "Ann", input="Bo\n")
    assert wrong.returncode == 2
    assert "Nothing was deleted" in output(wrong)
    assert "Ann" in run(tmp_path, "profile", "list").stdout
    other_case = run(tmp_path, "profile", "delete", "Ann", input="ann\n")
    assert other_case.returncode == 2
    assert "does not match" in output(other_case)
    assert "Nothing was deleted" in output(other_case)
    assert "Ann" in run(tmp_path, "profile", "list").stdout
    done = run(tmp_path, "profile", "delete", "Ann", input="Ann\n")
    assert done.returncode == 0, done.stderr
    assert "cannot be undone" in output(done)
    assert "Deleted the profile 'Ann'" in output(done)
    assert run(tmp_path, "profile", "list").stdout.split() == ["Bo"]
    scripted = run(tmp_path, "profile", "delete", "Bo", "--yes")
    assert scripted.returncode == 0
    assert "No profiles yet" in output(run(tmp_path, "profile", "list"))
    missing = run(tmp_path, "profile", "delete", "Nobody", "--yes")
    assert missing.returncode == 2
    assert "No profile called 'Nobody'" in output(missing)


def test_a_new_store_and_data_folder_are_private_to_their_owner(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann").returncode == 0
    assert _mode(tmp_path / "s.db") == 0o600
    for name in ("s.db-wal", "s.db-shm"):  # SQLite removes them when the last connection closes
        if (tmp_path / name).exists():
            assert _mode(tmp_path / name) == 0o600, name
    new = tmp_path / "new-folder" / "s.db"
    assert run(tmp_path, "--db", str(new), "profile", "create", "Ann").returncode == 0
    assert _mode(new.parent) == 0o700
    assert _mode(new) == 0o600


def test_files_left_readable_by_others_are_fixed_at_start_with_a_message(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann").returncode == 0
    data = tmp_path / "data" / "supple"
    (data / "camera").mkdir(parents=True, exist_ok=True)
    photo = data / "camera" / "2026-03-01-a1-knee-to-wall-left.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    for path, mode in ((data, 0o755), (data / "camera", 0o755), (photo, 0o644), (tmp_path / "s.db", 0o644)):
        os.chmod(path, mode)
    result = run(tmp_path, "profile", "list")
    assert result.returncode == 0
    # 2 folders, the photo and the store (its -wal / -shm too, when SQLite made them like the store)
    assert re.search(r"made 2 folders and [2-4] files of your health data private", output(result))
    assert _mode(data) == 0o700
    assert _mode(data / "camera") == 0o700
    assert _mode(photo) == 0o600
    assert _mode(tmp_path / "s.db") == 0o600
    assert "private" not in output(run(tmp_path, "profile", "list"))  # said once, when there was something to fix


def test_the_fix_message_counts_in_plain_words_when_only_the_store_was_open(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann").returncode == 0
    os.chmod(tmp_path / "s.db", 0o644)
    message = output(run(tmp_path, "profile", "list"))
    # the store, and its -wal / -shm when SQLite made them like the store
    assert re.search(r"made no folder and (1 file|[23] files) of your health data private", message)
    assert "(s)" not in message
