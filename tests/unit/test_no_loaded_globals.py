"""Nothing loaded is kept in a module global: the composition root (supple.bootstrap, and the web app
factory for the web's own templates) loads the catalogue, rules, figures, placements, pose models and
template environments once per app and hands them down. A cache on a loader, a module-level container
filled later, a `global` statement or a loader called at import time makes this test name the place."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "supple"

CACHE_DECORATORS = {"cache", "lru_cache", "cached"}
EMPTY_CONTAINER_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "deque", "WeakValueDictionary"}
LOADER_CALLS = {"Jinja2Templates", "Environment", "BlazePose", "FigureLibrary", "Estimators", "build_app"}
LOADER_PREFIXES = ("load_", "read_", "default_", "cached_")

# Each entry: (file under src/supple, name) and why it is not loaded data.
ALLOWED = {
    ("domain/figure_scene.py", "_trig"): "sines and cosines of a camera's angles (arithmetic memo, no data read)",
}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        return _name(node.func)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _is_mutable_empty(value: ast.expr) -> bool:
    if isinstance(value, ast.Dict | ast.List | ast.Set):
        return not (value.keys if isinstance(value, ast.Dict) else value.elts)
    return isinstance(value, ast.Call) and _name(value) in EMPTY_CONTAINER_CALLS and not value.args


def _is_loader_call(value: ast.expr) -> bool:
    if not isinstance(value, ast.Call):
        return False
    name = _name(value)
    return name in LOADER_CALLS or name.startswith(LOADER_PREFIXES)


def findings(source: str, where: str) -> list[str]:
    """What in one module's text keeps loaded data (or room for it) at module level."""
    tree = ast.parse(source)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"{where}:{node.lineno}: `global {', '.join(node.names)}`")
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            cached = [d for d in node.decorator_list if _name(d) in CACHE_DECORATORS]
            if cached and (where, node.name) not in ALLOWED:
                found.append(f"{where}:{node.lineno}: `{node.name}` keeps its result in a module-level cache")
        if isinstance(node, ast.Assign):
            value, targets = node.value, node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            value, targets = node.value, [node.target]
        else:
            continue
        names = ", ".join(ast.unparse(t) for t in targets)
        if _is_mutable_empty(value) and (where, names) not in ALLOWED:
            found.append(f"{where}:{node.lineno}: `{names}` is an empty container at module level, filled later")
        elif _is_loader_call(value) and (where, names) not in ALLOWED:
            found.append(f"{where}:{node.lineno}: `{names}` is loaded when the module is imported")
    return found


def test_no_module_of_the_package_keeps_loaded_data_in_a_global() -> None:
    found = [f for path in sorted(SRC.rglob("*.py")) for f in findings(path.read_text(), str(path.relative_to(SRC)))]
    assert found == []


def test_every_allowed_exception_still_exists() -> None:
    for file, name in ALLOWED:
        assert f"def {name}(" in (SRC / file).read_text(), (file, name)


def test_the_check_sees_each_kind_of_module_state() -> None:
    text = (
        "from functools import lru_cache\n"
        "from fastapi.templating import Jinja2Templates\n"
        "_models = {}\n"
        "_seen: list[str] = []\n"
        "templates = Jinja2Templates(directory='t')\n"
        "rules = load_rules()\n"
        "@lru_cache(maxsize=1)\n"
        "def catalogue(): ...\n"
        "def remember():\n"
        "    global _last\n"
    )
    found = "\n".join(findings(text, "x.py"))
    for what in ("`_models`", "`_seen`", "`templates`", "`rules`", "`catalogue`", "global _last"):
        assert what in found
    assert findings("WORDS = {'a': 'b'}\nLIMIT = 3\nrouter = APIRouter()\n", "y.py") == []
