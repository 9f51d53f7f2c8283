"""The `supple` executable: the CLI's command group plus `supple serve`, which starts the web door.

The serve command is added here, above both doors, so that `supple.cli` never imports `supple.web`
(a contract in pyproject.toml). Only click and the CLI's light modules are imported at start.
"""

from __future__ import annotations

from supple.cli.main import cli
from supple.serve import serve

cli.add_command(serve)

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="supple")
