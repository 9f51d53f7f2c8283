"""User-facing text says 'try' (not 'trial') and spells 'program' one way (not 'programme').

Scanned: the page and report templates (their text, not tags or template code), the sentences in the
code of the CLI, the web doors, the services, the domain and the report (string constants with a
space and the parts of f-strings: identifiers such as a 'trial' column and queries are not text; the
CLI's docstrings are its --help), the strings of the pages' scripts (web/static/*.js: string and
template literals with a space, which is what they put on screen; not comments, regular expressions,
ids or property names), and every text field of the catalogue YAML. Exempt: sources and
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


REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {""}  # a "/" after these (or a keyword) starts a regular expression
REGEX_KEYWORDS = {"return", "typeof", "case", "do", "else", "in", "of", "void", "yield", "await"}


class _Script:
    """Reads a script's string literals and template-literal text parts, each with its line; comments
    and regular expressions are skipped (a quote inside them is not a string)."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.found: list[tuple[int, str]] = []

    def line(self, at: int) -> int:
        return self.src.count("\n", 0, at) + 1

    def quoted(self, i: int, quote: str) -> int:
        start, i = i, i + 1
        while self.src[i] != quote:
            i += 2 if self.src[i] == "\\" else 1
        self.found.append((self.line(start), self.src[start + 1 : i]))
        return i + 1

    def template(self, i: int) -> int:
        i += 1
        part, at = "", i
        while self.src[i] != "`":
            if self.src.startswith("${", i):
                self.found.append((self.line(at), part))
                part, i = "", self.code(i + 2, "}")
                at = i
            else:
                step = 2 if self.src[i] == "\\" else 1
                part, i = part + self.src[i : i + step], i + step
        self.found.append((self.line(at), part))
        return i + 1

    def regex(self, i: int) -> int:
        i, in_class = i + 1, False
        while in_class or self.src[i] != "/":
            in_class = self.src[i] == "[" or (in_class and self.src[i] != "]")
            i += 2 if self.src[i] == "\\" else 1
        return i + 1

    def skip(self, i: int, last: str, word: str) -> tuple[int, bool]:
        """Past a comment, string, template or regular expression starting at ``i``; whether one was there."""
        src = self.src
        if src.startswith("//", i):
            end = src.find("\n", i)
            return (len(src) if end < 0 else end), True
        if src.startswith("/*", i):
            return src.index("*/", i) + 2, True
        if src[i] in "\"'":
            return self.quoted(i, src[i]), True
        if src[i] == "`":
            return self.template(i), True
        if src[i] == "/" and (last in REGEX_AFTER or word in REGEX_KEYWORDS):
            return self.regex(i), True
        return i, False

    def code(self, i: int, until: str | None = None) -> int:
        """Read code from ``i`` to the ``until`` that closes it (or the end); the index after it."""
        last, word, depth = "", "", 0
        while i < len(self.src):
            c = self.src[i]
            if until and c == until and depth == 0:
                return i + 1
            i, skipped = self.skip(i, last, word)
            if skipped:
                last, word = '"', ""
                continue
            depth += {"{": 1, "}": -1}.get(c, 0)
            if not c.isspace():
                word = word + c if c.isalnum() or c in "_$" else ""
                last = c
            i += 1
        return i


def _js_strings(src: str) -> list[tuple[int, str]]:
    script = _Script(src)
    script.code(0)
    return script.found


def _script_hits() -> Iterator[str]:
    for path in sorted((SRC / "web").rglob("*.js")):
        for lineno, text in _js_strings(path.read_text(encoding="utf-8")):
            if " " in text.strip() and WORDS.search(text):
                yield f"{path.relative_to(SRC)}:{lineno}: {text.strip()[:120]}"


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


def test_the_scripts_text_says_try_and_program() -> None:
    assert list(_script_hits()) == []


def test_the_script_scan_reads_strings_and_template_text_but_not_comments_or_regular_expressions() -> None:
    script = (
        "// a trial in a comment\n"
        "const re = /['\"]trial/g; /* 'programme' */\n"
        "say(`Trial ${n + `x ${'inner one'}`} of ${total}`, 'two words', \"a \\\" quote\");\n"
        "const half = total / 2; const id = 'phone-trials';\n"
    )
    texts = [t for _, t in _js_strings(script)]
    assert texts == ["Trial ", "x ", "inner one", "", " of ", "", "two words", 'a \\" quote', "phone-trials"]
    assert [n for n, t in _js_strings(script) if t == "two words"] == [3]
    assert len(list(_js_strings(Path(SRC / "web" / "static" / "walk.js").read_text(encoding="utf-8")))) > 40


def test_the_catalogue_texts_say_try_and_program() -> None:
    assert list(_catalogue_hits()) == []


def test_the_scan_finds_the_words_it_looks_for() -> None:
    assert WORDS.search("Knee-to-wall, trial 2")
    assert WORDS.search("How this Programme works")
    assert not WORDS.search("a try, tried, program, programmed, trialling")
    assert list(_yaml_strings({"text": "one trial", "sources": [{"note": "a trial"}]}, "")) == [(".text", "one trial")]
