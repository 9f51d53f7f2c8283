"""docs/security.md maps each ASVS item of clinic mode to a test or a stated reason (issue 17): every test it
names must exist, so a renamed or deleted test cannot leave the mapping pointing at nothing."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADING = "## Clinic mode: OWASP ASVS 5.0 level 2, item by item"
# `unit/test_x::test_name`, `::test_name` (same file as the one before), or a whole file `api/test_x.py`
REFERENCE = re.compile(r"`(?:(?P<file>[a-z]+/test_\w+)(?:\.py)?)?(?:::(?P<test>test_\w+))?`")


def _rows() -> list[str]:
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    table = text.split(HEADING, 1)[1]
    return [line for line in table.splitlines() if line.startswith("| ") and not line.startswith(("| ASVS", "| ---"))]


def _references(row: str) -> list[tuple[str, str | None]]:
    cell = row.rstrip(" |").rsplit("|", 1)[1]
    found: list[tuple[str, str | None]] = []
    current = ""
    for m in REFERENCE.finditer(cell):
        if m.group("file"):
            current = m.group("file")
        elif not m.group("test"):
            continue
        found.append((current, m.group("test")))
    return found


def test_every_asvs_row_names_a_test_or_gives_a_reason() -> None:
    rows = _rows()
    assert len(rows) >= 30  # the items: passwords, factors, sessions, authorization, log, data
    bare = [row[:60] for row in rows if not _references(row) and "reason" not in row.rsplit("|", 2)[-2]]
    assert not bare, f"rows with neither a test nor a reason: {bare}"


def test_every_test_the_asvs_table_names_exists() -> None:
    missing = []
    names = 0
    for row in _rows():
        for file, test in _references(row):
            path = ROOT / "tests" / f"{file}.py"
            if not path.exists():
                missing.append(str(path.relative_to(ROOT)))
            elif test is not None:
                names += 1
                if f"def {test}(" not in path.read_text(encoding="utf-8"):
                    missing.append(f"{path.relative_to(ROOT)}::{test}")
    assert names >= 60
    assert not missing, f"docs/security.md names tests that do not exist: {missing}"
