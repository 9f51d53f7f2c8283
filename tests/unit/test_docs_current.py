"""Generated docs stay in step with the code."""

from __future__ import annotations

from pathlib import Path

from supple.docgen import targets

ROOT = Path(__file__).resolve().parents[2]


def test_the_cli_and_configuration_references_are_up_to_date() -> None:
    for path, text in targets(ROOT).items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run 'make docs'"
