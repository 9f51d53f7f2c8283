"""No regular expression reads a message (issue 14): problems travel as values (supple.problems.Problem),
and every module that still uses ``re`` is listed here with what its patterns match. A new use of ``re``
fails until it is added with its reason, so a door that starts reading words back is seen in review."""

from __future__ import annotations

import ast
from pathlib import Path

from supple.web.pages.forms import html_id

SRC = Path(__file__).resolve().parents[2] / "src" / "supple"

# Each module under src/supple that imports ``re``, and what its patterns match (never a message).
ALLOWED = {
    "gait/files.py": "column names in a recorder app's CSV header",
    "web/limits.py": "request paths, to pick a body size limit",
    "web/lan.py": "the request path of the calendar feed",
    "web/walk_jobs.py": "the shape of a client-chosen job id",
    "web/clinic_access.py": "route templates turned into path matchers",
    "web/clinic_events.py": "the profile name in a request path",
    "web/pages/rendering.py": "the emergency numbers in the catalogue's safety advice, made tap-to-call",
    "clinic/care.py": "characters a profile name may not hold, when one is made from a person's name",
    "clinic/audit.py": "the shape of an audit action name ('client.view')",
}


def _uses_re(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    if "import re" not in text and "from re " not in text:  # parse only the candidates (keeps this test fast)
        return False
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name == "re" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "re":
            return True
    return False


def test_every_module_using_regular_expressions_is_listed_with_what_they_match() -> None:
    found = {str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "migrations" not in p.parts and _uses_re(p)}
    assert found - set(ALLOWED) == set(), "a new use of `re`: problems are values, never words read back"
    assert set(ALLOWED) - found == set(), "listed but no longer uses `re`: take it off the list"


def test_the_problem_modules_and_the_form_code_use_no_regular_expression() -> None:
    for module in ("problems.py", "services/problem_map.py", "services/problem_words.py", "web/pages/forms.py"):
        assert not _uses_re(SRC / module), module


def test_a_field_key_becomes_a_safe_element_id() -> None:
    assert html_id("pain.now") == "f-pain-now"
    assert html_id("left.toe_to_wall_cm.2") == "f-left-toe_to_wall_cm-2"
    assert html_id("item-0 pain/é") == "f-item-0-pain--"
