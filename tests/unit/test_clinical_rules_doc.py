"""docs/clinical-rules.md: one table per rule, written from the rule files and kept current."""

from __future__ import annotations

from pathlib import Path

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.rules_doc import render

DOC = Path(__file__).parents[2] / "docs" / "clinical-rules.md"


def test_the_clinical_rules_page_is_current(catalogue: Catalogue) -> None:
    assert DOC.read_text(encoding="utf-8") == render(catalogue), "run: python -m supple.catalogue.rules_doc"


def test_every_safety_rule_and_threshold_has_its_own_table_with_source_and_tag(catalogue: Catalogue) -> None:
    text = render(catalogue)
    for rule in catalogue.safety.rules:
        assert f"### Safety: {rule.id}\n" in text
    for t in catalogue.thresholds.thresholds:
        assert f"### Test: {t.test} — {t.metric}\n" in text
    tables = text.count("| Trigger |")
    assert tables == text.count("| Source |") == text.count("| Evidence |")
    assert "### Dose floor (holds)" in text
    assert "### Red\n" in text
