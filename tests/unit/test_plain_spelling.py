"""User-facing text says 'try' (not 'trial') and spells 'program' one way (not 'programme').

Scanned: the page and report templates (their text, not tags or template code), the sentences in the
code of the CLI, the web doors, the services, the domain and the report (string constants with a
space and the parts of f-strings: identifiers such as a 'trial' column and queries are not text; the
CLI's docstrings are its --help), and every text field of the catalogue YAML. Exempt: sources and
citations (a cited study is a 'trial', and a paper's title is quoted as written) and the FHIR export
for clinic systems.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

SRC = Path(__file__).resolve().parents[2] / "src" / "supple"
WORDS = re.compile(r"\b(trials?|programmes?)\b", re.IGNORECASE)
CITATIONS = {"source", "sources", "ref", "refs", "references", "citation", "evidence", "note_source"}
EXEMPT_MODULES = {"fhir.py", "fhir_walks.py"}  # coded for a clinic's system, not read by the person
CODE_FOLDERS = ("cli", "web", "services", "domain", "report", "clinic")
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
TAG = re.compile(r"<[^>]*>", re.DOTALL)


def _template_hits() -> Iterator[str]:
    for path in sorted(SRC.rglob("*.html")):
        text = TAG.sub(" ", JINJA.sub(" ", path.read_text(encoding="utf-8")))
        for line in text.splitlines():
            if WORDS.search(line):
                yield f"{path.relative_to(SRC)}: {line.strip()[:120]}"


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _code_hits() -> Iterator[str]:
    for folder in CODE_FOLDERS:
        for path in sorted((SRC / folder).rglob("*.py")):
            if path.name in EXEMPT_MODULES or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docs = _docstrings(tree)
            in_sentences = {id(v) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for v in f.values}
            help_text = folder == "cli"  # a command's docstring is its --help
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                    continue
                if id(node) in docs and not help_text:
                    continue
                text = node.value.strip()
                if text.upper().startswith(("SELECT ", "INSERT ", "UPDATE ", "DELETE ")):
                    continue  # a query, not text
                if (" " in text or id(node) in in_sentences) and WORDS.search(node.value):
                    yield f"{path.relative_to(SRC)}:{node.lineno}: {node.value.strip()[:120]}"


def _yaml_strings(data: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if str(key) not in CITATIONS:
                yield from _yaml_strings(value, f"{where}.{key}")
    elif isinstance(data, list):
        for n, value in enumerate(data):
            yield from _yaml_strings(value, f"{where}[{n}]")
    elif isinstance(data, str):
        yield where, data


def _catalogue_hits() -> Iterator[str]:
    for path in sorted((SRC / "catalogue" / "data").rglob("*.yaml")):
        for where, text in _yaml_strings(yaml.safe_load(path.read_text(encoding="utf-8")), ""):
            if WORDS.search(text):
                yield f"{path.relative_to(SRC)}{where}: {text[:120]}"


def test_the_templates_say_try_and_program() -> None:
    assert list(_template_hits()) == []


def test_the_messages_in_the_code_say_try_and_program() -> None:
    assert list(_code_hits()) == []


def test_the_catalogue_texts_say_try_and_program() -> None:
    assert list(_catalogue_hits()) == []


def test_the_scan_finds_the_words_it_looks_for() -> None:
    assert WORDS.search("Knee-to-wall, trial 2")
    assert WORDS.search("How this Programme works")
    assert not WORDS.search("a try, tried, program, programmed, trialling")
    assert list(_yaml_strings({"text": "one trial", "sources": [{"note": "a trial"}]}, "")) == [(".text", "one trial")]
