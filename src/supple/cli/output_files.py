"""Check a file the CLI will write before any work is done, and write it whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from supple.errors import InvalidInput
from supple.problems import Limits, Problem


def _refuse(option: str, message: str, allowed: str | None = None) -> InvalidInput:
    return InvalidInput([Problem.saying(option, message, limits=Limits(text=allowed))], "Cannot write the output file")


def writable_output(path: Path, option: str, suffixes: tuple[str, ...]) -> str:
    """Refuse an output path whose suffix is not one of `suffixes` or whose folder cannot take a file.

    Returns the path's suffix in lower case. Checked before the (slow) work so nothing is lost later:
    the folder must exist, be a folder and accept a new file (a temporary file is made and removed).
    """
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise _refuse(option, f"'{path.name}' has the wrong file type", allowed=", ".join(suffixes))
    if path.is_dir():
        raise _refuse(option, f"{path} is a folder; give a file name inside it")
    folder = path.absolute().parent
    if not folder.exists():
        raise _refuse(option, f"the folder {folder} does not exist")
    if not folder.is_dir():
        raise _refuse(option, f"{folder} is not a folder")
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".check")
    except OSError as err:
        raise _refuse(option, f"cannot write in the folder {folder}: {err.strerror}") from None
    os.close(fd)
    Path(probe).unlink(missing_ok=True)
    if path.exists() and not os.access(path, os.W_OK):
        raise _refuse(option, f"{path} exists and cannot be overwritten")
    return suffix


def write_output(path: Path, content: bytes, option: str) -> None:
    """Write the whole file or nothing: into a temporary file beside it, then renamed into place."""
    folder = path.absolute().parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as err:
        raise _refuse(option, f"cannot write in the folder {folder}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise _refuse(option, f"cannot write {path}: {err.strerror}") from None
