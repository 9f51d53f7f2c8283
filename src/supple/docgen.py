"""Generate docs/cli.md (from the commands' --help) and docs/configuration.md (from Settings).

Run: python -m supple.docgen   — a test fails when the committed files are out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from supple.config import Settings
from supple.main import cli


def _walk(cmd: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    out = [(path, cmd)]
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            out += _walk(cmd.commands[name], [*path, name])
    return out


def cli_reference() -> str:
    parts = [
        "# CLI reference",
        "",
        "Generated from `supple --help` by `python -m supple.docgen`. Do not edit by hand.",
        "",
    ]
    for path, cmd in _walk(cli, ["supple"]):
        ctx = click.Context(cmd, info_name=" ".join(path), terminal_width=100)
        parts += [f"## `{' '.join(path)}`", "", "```", cmd.get_help(ctx), "```", ""]
    return "\n".join(parts)


def configuration_reference() -> str:
    lines = [
        "# Configuration",
        "",
        "Generated from `supple.config.Settings` by `python -m supple.docgen`. Do not edit by hand.",
        "Every setting is read from an environment variable with the `SUPPLE_` prefix.",
        "",
        "| variable | default | meaning |",
        "|---|---|---|",
    ]
    for name, field in Settings.model_fields.items():
        default = "platform data folder" if name == "data_dir" else repr(field.default)
        lines.append(f"| `SUPPLE_{name.upper()}` | {default} | {field.description or ''} |")
    lines += ["", "`--db PATH` on the command line overrides both `SUPPLE_DATABASE_URL` and the default file.", ""]
    return "\n".join(lines)


def targets(root: Path) -> dict[Path, str]:
    return {root / "docs" / "cli.md": cli_reference(), root / "docs" / "configuration.md": configuration_reference()}


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    for path, text in targets(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
