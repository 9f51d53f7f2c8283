"""`supple --help` answers at once: the help path loads no database, model, figure or report library."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "sqlalchemy",
    "alembic",
    "pydantic",
    "pydantic_settings",
    "yaml",
    "rich",
    "fastapi",
    "jinja2",
    "numpy",
    "PIL",
    "weasyprint",
    "pygal",
    "supple.catalogue.schema",
    "supple.catalogue.loader",
    "supple.db",
    "supple.services",
    "supple.figures",
    "supple.web",
    "supple.bootstrap",
)


def test_the_help_path_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from supple.main import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='supple')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert "supple profile create NAME" in out.stdout  # the help really printed
    assert out.stderr.strip() == "[]"


def test_each_command_s_help_also_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from supple.main import cli\n"
        "loaded = set()\n"
        "for name in sorted(cli.commands):\n"
        "    try:\n"
        "        cli([name, '--help'], prog_name='supple')\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stderr.strip() == "[]"
