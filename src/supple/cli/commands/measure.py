"""`supple measure` and `supple reps`: angles and rep counts from a photo or a video, on this machine."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from supple.cli.output_files import writable_output, write_output
from supple.cli.params import Number
from supple.cli.state import EXIT_INVALID, CliState, friendly, pass_state

if TYPE_CHECKING:
    from supple.vision.analyse import Analysis, RepResult

CAMERA_TESTS = ("knee-to-wall", "modified-thomas", "supine-hip-flexion")  # supple.domain.pose_measures
ANNOTATED_SUFFIXES = (".jpg", ".jpeg")  # the annotated picture is always a JPEG
REP_EXERCISES = ("quadruped-rock-back", "half-kneeling-knee-to-wall", "standing-knee-to-wall")


@contextmanager
def json_errors(as_json: bool) -> Iterator[None]:
    """Under --json, a refused file or option is printed as JSON on stdout (exit code 2), so a script reading
    stdout always gets JSON; without --json the usual message goes to stderr."""
    from supple.errors import InvalidInput

    try:
        yield
    except InvalidInput as err:
        if not as_json:
            raise
        from supple.cli.render import print_json

        print_json(
            {
                "ok": False,
                "error": err.code,
                "message": err.message,
                "problems": [{**p.as_json(), "text": str(p)} for p in err.problems],
            }
        )
        sys.exit(EXIT_INVALID)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr while video frames are analysed (none for --json or a pipe)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("Analysing frames"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("frames", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def analysis_json(a: Analysis, still: Path | None = None) -> dict[str, Any]:
    return {
        "test": a.test_id,
        "side": a.side.value,
        "kind": a.kind.value,
        "ok": a.ok,
        "values": {m: round(v, 1) for m, v in a.values.items()},
        "unit": "deg",
        "confidence": round(a.confidence, 2),
        "frame": a.frame,
        "frames_averaged": list(a.frames_averaged) if a.frames_averaged else None,
        "time_s": round(a.time_s, 2) if a.time_s is not None else None,
        "spread_deg": round(a.spread_deg, 1) if a.spread_deg is not None else None,
        "width": a.width,
        "height": a.height,
        "issues": [{"code": i.code, "advice": i.advice} for i in a.issues],
        "notes": a.notes,
        "annotated": str(still) if still else None,
    }


def _print_analysis(a: Analysis) -> None:
    from supple.numbers import plain
    from supple.vision.analyse import metric_label

    where = "the photo" if a.frame is None else f"frame {a.frame} ({a.time_s or 0:.1f} s)"
    if a.frames_averaged:
        where += f", averaged over frames {a.frames_averaged[0]}-{a.frames_averaged[1]}"
    for note in a.notes:
        click.echo(note)
    if a.ok:
        for m, v in a.values.items():
            click.echo(click.style(f"{metric_label(m)}: {plain(v, '°')}", bold=True))
        click.echo(f"Confidence: {a.confidence:.0%}   Frame used: {where}")
        if a.spread_deg is not None:
            click.echo(f"Steadiness over the averaged frames: ±{plain(a.spread_deg, '°')}")
        return
    click.echo(click.style("No measurement: please retake.", bold=True), err=True)
    for issue in a.issues:
        click.echo(f"  - {issue.advice}", err=True)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--test", "test_id", required=True, type=click.Choice(CAMERA_TESTS), help="Which test the picture shows.")
@click.option("--side", required=True, type=click.Choice(["left", "right"]), help="The leg being measured.")
@click.option(
    "--level",
    type=Number("level", -90, 90, "degrees"),  # services.measure.LEVEL_LIMIT
    help="The phone's level reading when the picture was taken, in degrees from -90 to 90 (0 = upright).",
)
@click.option(
    "--annotated",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the annotated picture here (a .jpg file).",
)
@click.option("--record", is_flag=True, help="Record the result as a camera test result without asking.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
@friendly
def measure(
    state: CliState,
    file: Path,
    test_id: str,
    side: str,
    level: float | None,
    annotated: Path | None,
    record: bool,
    as_json: bool,
) -> None:
    """Measure a test's angle from a photo or a short video (side-on, phone at hip height).

    \b
    Supported: knee-to-wall (shin from vertical), modified-thomas (thigh to horizontal and knee bend),
    supine-hip-flexion (thigh from the bed). The picture is analysed on this machine; your file is not
    copied or changed. You see the angle, a confidence and the frame used, and you confirm before the
    result is recorded with method "camera". A picture that fails a quality check gets retake advice
    and exit code 2, never a number.
    """
    from supple.services import measure as service

    app = state.app
    with json_errors(as_json):
        if annotated is not None:
            writable_output(annotated, "--annotated", ANNOTATED_SUFFIXES)
        with progress_bar(not as_json and sys.stderr.isatty()) as update:
            result = service.analyse(app, file, test_id, side, level_deg=level, progress=update)
        if annotated is not None:
            write_output(annotated, result.annotated_jpeg, "--annotated")
    if as_json:
        out = analysis_json(result, annotated)
    else:
        _print_analysis(result)
        if annotated is not None:
            click.echo(f"Annotated picture: {annotated}")
    if not result.ok:
        if as_json:
            from supple.cli.render import print_json

            print_json(out)
        sys.exit(EXIT_INVALID)
    interactive = not as_json and sys.stdin.isatty()
    if record or (interactive and click.confirm("Record this as your camera result?", default=False)):
        confirmed = service.confirm(app, state.profile, result, data_dir=app.settings.data_dir)
        if as_json:
            out["recorded"] = {"assessment_id": confirmed.assessment_id, "still": str(confirmed.still)}
        else:
            click.echo(f"Recorded (method: camera). Annotated still kept at {confirmed.still}")
    elif not as_json:
        click.echo("Not recorded. Run again with --record to record it.")
    if as_json:
        from supple.cli.render import print_json

        print_json(out)


def reps_json(r: RepResult) -> dict[str, Any]:
    return {
        "exercise": r.exercise_id,
        "side": r.side.value,
        "reps": r.count,
        "peak_times_s": [round(t, 2) for t in r.peak_times_s],
        "signal": r.signal,
        "range_deg": [round(r.low_deg, 1), round(r.high_deg, 1)],
        "measured_share": round(r.measured_share, 2),
        "issues": [{"code": i.code, "advice": i.advice} for i in r.issues],
    }


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--exercise", required=True, type=click.Choice(REP_EXERCISES), help="The exercise in the video.")
@click.option(
    "--side", required=True, type=click.Choice(["left", "right"]), help="The side working (nearest the camera)."
)
@click.option(
    "--annotated",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a frame at a rep's far point here (a .jpg file).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
@friendly
def reps(state: CliState, file: Path, exercise: str, side: str, annotated: Path | None, as_json: bool) -> None:
    """Count the reps of an exercise in a session video (quadruped rock-back, knee-to-wall ankle drills)."""
    from supple.domain.formatting import plural
    from supple.numbers import plain
    from supple.services import measure as service

    with json_errors(as_json):
        if annotated is not None:
            writable_output(annotated, "--annotated", ANNOTATED_SUFFIXES)
        with progress_bar(not as_json and sys.stderr.isatty()) as update:
            result = service.count_reps(state.app, file, exercise, side, progress=update)
        if annotated is not None:
            write_output(annotated, result.annotated_jpeg, "--annotated")
    if as_json:
        from supple.cli.render import print_json

        print_json(reps_json(result))
    elif not result.issues:
        click.echo(
            click.style(plural(result.count, "rep"), bold=True)
            + f" ({result.signal} {plain(result.low_deg, '°')} to {plain(result.high_deg, '°')})"
        )
    else:
        click.echo(click.style("Reps not counted: please retake.", bold=True), err=True)
        for issue in result.issues:
            click.echo(f"  - {issue.advice}", err=True)
    if result.issues:
        sys.exit(EXIT_INVALID)


COMMANDS = [measure, reps]
