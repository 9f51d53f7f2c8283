"""Run a pip command (the arguments: the Python, then its arguments) and show its progress as it happens:
one line per package fetched, "installing N packages" when the install step starts, "installed" at the end;
errors are shown whole. Exits with pip's exit code.

Each line is passed on as soon as pip writes it: pip runs with PYTHONUNBUFFERED (Python writes to a pipe in
blocks otherwise, so lines came in bursts and "installing" only after the install), and every line here is
flushed. (Debian's awk, mawk, reads its input in blocks too, which is why this is not an awk filter.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Iterator


def shorten(lines: Iterable[str]) -> Iterator[str]:
    """pip's lines → the progress lines shown."""
    seen: set[str] = set()
    for line in lines:
        if line.startswith("Collecting "):
            name = line.split()[1]
            if name not in seen:
                seen.add(name)
                yield f"  [{len(seen)}] fetching {name}"
        elif line.startswith("Installing collected packages"):
            yield f"  installing {len(seen)} packages into .venv (about a minute) ..."
        elif line.startswith("Successfully installed"):
            yield "  installed"
        elif "ERROR" in line or "error:" in line.lower():
            yield line.rstrip("\n")


def main(command: list[str]) -> int:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, env=env
    ) as proc:
        assert proc.stdout is not None
        for out in shorten(proc.stdout):
            print(out, flush=True)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
