"""`supple report`, `supple export`, `supple import`, `supple calendar`: the person's records as files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from supple.cli.state import CliState, friendly, pass_state

OUT = click.Path(dir_okay=False, writable=True, path_type=Path)

# `supple report --profile NAME` reads naturally, so these commands also take --profile after their name.
profile_option = click.option(
    "--profile", "-p", "profile", default=None, help="Whose data (same as `supple --profile NAME ...`)."
)


def whose(state: CliState, profile: str | None) -> str | None:
    return profile or state.profile


def write_file(path: Path, content: bytes) -> None:
    """Write the whole file or nothing (the path was checked by `_suffix` before the work)."""
    from supple.cli.output_files import write_output

    write_output(path, content, "--out")


def _suffix(out: Path, allowed: tuple[str, ...]) -> str:
    """Check the output file's type and folder before any work; returns its suffix."""
    from supple.cli.output_files import writable_output

    return writable_output(out, "--out", allowed)


@click.command()
@click.option("--out", "-o", type=OUT, required=True, help="File to write: .pdf or .html.")
@profile_option
@pass_state
@friendly
def report(state: CliState, out: Path, profile: str | None) -> None:
    """Write your progress report, to print or to take to a clinician (PDF or HTML by the file's suffix).

    It shows every test first and latest against its guide value band with the real-change verdict,
    your pain with the band of 'no real change', the activities you chose, sessions done, the current
    routine, safety events and how each value was measured.
    """
    kind = _suffix(out, (".pdf", ".html", ".htm"))
    from supple.report.document import render_html, render_pdf

    app = state.app
    if kind == ".pdf":
        write_file(out, render_pdf(app, whose(state, profile)))
    else:
        write_file(out, render_html(app, whose(state, profile), "inline").encode())
    click.echo(f"Report written to {out}")


@click.command()
@click.option("--out", "-o", type=OUT, help="File to write: .json (everything), .zip (JSON + CSV tables).")
@click.option("--fhir", is_flag=True, help="Write a FHIR R4 Bundle (.json) for a clinic's system instead.")
@click.option("--schema", is_flag=True, help="Print the JSON Schema of the export file and stop.")
@profile_option
@pass_state
@friendly
def export(state: CliState, out: Path | None, fhir: bool, schema: bool, profile: str | None) -> None:
    """Export a profile: every record as versioned JSON, or a zip with CSV tables too, or FHIR.

    \b
    supple export --out ann.json       everything, to move to another computer (supple import)
    supple export --out ann.zip        the same plus measurements.csv, sessions.csv, pain.csv
    supple export --fhir --out ann-fhir.json
    """
    from supple.domain.formatting import plural

    if schema:
        import json

        from supple.services.export_format import json_schema

        click.echo(json.dumps(json_schema(), indent=2))
        return
    if out is None:
        raise click.UsageError("say where to write the export: --out FILE (.json or .zip)")
    app = state.app
    if fhir:
        _suffix(out, (".json",))
        from supple.services import fhir as fhir_service

        write_file(out, fhir_service.to_json(fhir_service.bundle(app, whose(state, profile))))
        click.echo(f"FHIR Bundle written to {out}")
        return
    kind = _suffix(out, (".json", ".zip"))
    from supple.services import export as export_service

    doc = export_service.document(app, whose(state, profile))
    write_file(out, export_service.to_zip(doc) if kind == ".zip" else export_service.to_json(doc))
    counts = doc["data"]
    click.echo(
        f"Exported '{counts['profile']['name']}' to {out}: {len(counts['assessments'])} assessments, "
        f"{plural(len(counts['sessions']), 'session')}, {plural(len(counts['pain_ratings']), 'pain score')}."
    )


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "as_name", help="Import under this name (when the name in the file is taken here).")
@pass_state
@friendly
def import_cmd(state: CliState, file: Path, as_name: str | None) -> None:
    """Bring in a profile exported by `supple export` (.json or .zip) as a new profile.

    All or nothing: a damaged or cut-short file, a file from a newer Supple, or a name that already
    exists here is refused with the reason, and nothing is written.
    """
    from supple.errors import InvalidInput
    from supple.problems import Problem
    from supple.services.import_ import import_profile

    try:
        raw = file.read_bytes()
    except OSError as err:
        raise InvalidInput([Problem.saying("FILE", f"cannot read {file}: {err.strerror}")]) from None
    state.starting_store()
    try:
        result = import_profile(state.app, raw, as_name)
    except InvalidInput as err:
        from supple.cli.state import EXIT_INVALID
        from supple.services.import_words import refusal_lines

        click.echo("Error: " + " ".join(refusal_lines(err.problems)), err=True)
        sys.exit(EXIT_INVALID)
    parts = ", ".join(f"{n} {what}" for what, n in result.records.items() if n)
    click.echo(f"Imported '{result.name}': {parts}.")


@click.command()
@click.option("--out", "-o", type=OUT, help="Write the routine's schedule as an .ics calendar file.")
@click.option("--at", "at", default=None, metavar="HH:MM", help="Time of day for the sessions (default 18:00).")
@click.option("--feed", is_flag=True, help="Show the secret subscription address (made on first use).")
@click.option("--new-feed", is_flag=True, help="Replace the subscription address; the old one stops working.")
@profile_option
@pass_state
@friendly
def calendar(
    state: CliState, out: Path | None, at: str | None, feed: bool, new_feed: bool, profile: str | None
) -> None:
    """Your routine in your own calendar: an .ics file with reminders, or a subscription address that
    follows every change of the routine (served by `supple serve`)."""
    from supple.services import calendar as cal
    from supple.services.calendar import FEED_PATH

    app = state.app
    when = cal.parse_time(at)
    if out is None and not (feed or new_feed):
        raise click.UsageError("say what you want: --out FILE.ics, --feed or --new-feed")
    if out is not None:
        _suffix(out, (".ics",))
        write_file(out, cal.ics(app, whose(state, profile), when))
        click.echo(f"Calendar written to {out}: import it into your calendar app.")
    if feed or new_feed:
        made = (cal.rotate_token if new_feed else cal.feed_token)(app, whose(state, profile))
        from supple.cli.state import DEFAULT_PORT
        from supple.lan.address import is_loopback, lan_address

        path = FEED_PATH.format(token=made.token) + (f"?at={at}" if at else "")
        click.echo("Subscription address (keep it private: anyone with it can see your schedule):")
        click.echo(f"  on this computer, while `supple serve` runs:  http://localhost:{DEFAULT_PORT}{path}")
        address = lan_address()
        if not is_loopback(address):
            click.echo(
                f"  on your phone or another device, while `supple serve --lan` runs:  https://{address}:{DEFAULT_PORT}{path}"
            )
            click.echo("  (the device must accept Supple's own certificate; see `supple serve --lan`.)")
        click.echo(f"With another --port, change {DEFAULT_PORT} to that port.")


COMMANDS = [report, export, import_cmd, calendar]
