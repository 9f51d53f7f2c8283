"""Health data on disk is for its owner only: new files are made 0600 and folders 0700 (umask 077), and
files an older Supple left readable by other users of the computer are fixed at start."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
STORE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def private_umask() -> None:
    """Everything this process creates from now on is readable by its owner only."""
    os.umask(0o077)


def _tighten(path: Path, mode: int) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077 == 0:
        return False
    try:
        path.chmod(stat.S_IMODE(info.st_mode) & mode)
    except OSError:
        return False
    return True


def make_private(data_dir: Path, store_file: Path | None) -> list[str]:
    """Fix the data folder (and everything in it) and the store's files; one message per kind of fix."""
    fixed_folders = fixed_files = 0
    if data_dir.is_dir():
        fixed_folders += _tighten(data_dir, PRIVATE_FOLDER)
        for root, dirs, files in os.walk(data_dir):
            for d in dirs:
                fixed_folders += _tighten(Path(root) / d, PRIVATE_FOLDER)
            for f in files:
                fixed_files += _tighten(Path(root) / f, PRIVATE_FILE)
    if store_file is not None and not store_file.is_relative_to(data_dir):
        for suffix in STORE_SUFFIXES:
            fixed_files += _tighten(store_file.with_name(store_file.name + suffix), PRIVATE_FILE)
    messages = []
    if fixed_folders or fixed_files:
        messages.append(
            f"Supple made {_count(fixed_folders, 'folder')} and {_count(fixed_files, 'file')} "
            "of your health data private "
            f"(they could be read by other users of this computer): {data_dir}"
            + (f" and {store_file}" if store_file is not None and not store_file.is_relative_to(data_dir) else "")
        )
    return messages


def _count(n: int, noun: str) -> str:
    """'1 folder', '2 files', 'no file' — never '0 folder(s)'."""
    if n == 0:
        return f"no {noun}"
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
