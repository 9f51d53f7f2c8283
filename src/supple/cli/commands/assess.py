"""`supple assess`: the home tests for the mid back, ankles and hips."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from supple.cli.state import CliState, friendly, pass_state, read_answers

if TYPE_CHECKING:
    from supple.catalogue.catalogue import Catalogue


def assess_template(catalogue: Catalogue) -> str:
    """A fill-in answers file listing every test with its id, unit, valid range and a how-to."""
    from supple.catalogue.schema import Unit

    lines = [
        "# Supple self-test answers. Fill in what you measured, delete tests you skipped,",
        "# then record it with:  supple assess --answers THIS_FILE",
        "# Up to 3 tries per side, e.g. [10.5, 11, 10.5]; the mean is used.",
        "# method: one of the methods listed, or one per measurement. placement: optional note (e.g. phone position).",
        "# taken_on: YYYY-MM-DD   # optional, defaults to today (within the last year)",
        "# Before you test:",
        *(f"#   - {step}" for step in catalogue.thresholds.standardise.steps),
        "tests:",
    ]
    for test in catalogue.tests.values():
        lines.append(f"  # {test.name} — {test.how_to}")
        for m in test.metrics:
            unit = "degrees" if m.unit is Unit.DEG else m.unit.label
            span = "1 = yes, 0 = no" if m.unit is Unit.PASS_FAIL else f"{m.min:g} to {m.max:g}"  # the file's numbers
            lines.append(
                f"  #   {m.id}: {m.label}; {unit}, {span}; methods: {', '.join(x.value for x in m.methods)}. {m.hint}"
            )
        lines.append(f"  {test.id}:")
        firsts = {m.id: m.methods[0].value for m in test.metrics}
        if len(set(firsts.values())) > 1:  # e.g. tape for the distance, phone for the angle
            lines.append("    method: {" + ", ".join(f"{k}: {v}" for k, v in firsts.items()) + "}")
        else:
            lines.append(f"    method: {test.metrics[0].methods[0].value}")
        example = {m.id: "[]" for m in test.metrics}
        if test.bilateral:
            for side in ("left", "right"):
                lines.append(f"    {side}:")
                lines += [f"      {mid}: {v}" for mid, v in example.items()]
        else:
            lines.append("    values:")
            lines += [f"      {mid}: {v}" for mid, v in example.items()]
    return "\n".join(lines) + "\n"


def drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Remove metrics left as empty lists in a template, and tests left with nothing."""
    tests = data.get("tests")
    if not isinstance(tests, dict):
        return data
    cleaned: dict[str, Any] = {}
    for test_id, entry in tests.items():
        if not isinstance(entry, dict):
            cleaned[test_id] = entry
            continue
        new = dict(entry)
        for key in ("left", "right", "values"):
            part = new.get(key)
            if isinstance(part, dict):
                part = {k: v for k, v in part.items() if v not in ([], None, "")}
                new[key] = part or None
        if any(new.get(k) for k in ("left", "right", "values")):
            cleaned[test_id] = new
    return {**data, "tests": cleaned}


def _before_testing(cat: Catalogue) -> None:
    """The same conditions every time (clinical-reference §0)."""
    click.echo("Before you test:")
    for step in cat.thresholds.standardise.steps:
        click.echo(f"  • {step}")


def ask_tests(app: Any) -> dict[str, Any]:
    from supple.catalogue.schema import Unit
    from supple.cli.prompts import choice, number, yes_no

    cat = app.catalogue
    tests: dict[str, Any] = {}
    _before_testing(cat)
    click.echo("For each test you will see how to do it. Skip any you cannot do safely.\n")
    for test in cat.tests.values():
        click.echo(click.style(test.name, bold=True))
        click.echo(f"  {test.how_to}")
        if not yes_no("  Do this test now?"):
            continue
        for i, step in enumerate(test.steps, start=1):
            click.echo(f"  {i}. {step}")
        methods = sorted({m.value for metric in test.metrics for m in metric.methods})
        method = choice("  How did you measure?", methods)  # never a guess: methods are not compared
        entry: dict[str, Any] = {"method": method}
        sides = ["left", "right"] if test.bilateral else ["values"]
        for side in sides:
            values: dict[str, list[float]] = {}
            for metric in test.metrics:
                if method not in {m.value for m in metric.methods}:
                    continue
                unit = "degrees" if metric.unit is Unit.DEG else metric.unit.label
                trials = []
                for t in range(1, 4):
                    label = f"  {metric.label}{'' if side == 'values' else ', ' + side} — try {t}"
                    v = number(label, metric.min, metric.max, unit)
                    if v is None:
                        break
                    trials.append(v)
                if trials:
                    values[metric.id] = trials
            if values:
                entry[side] = values
        if len(entry) > 1:
            tests[test.id] = entry
    return {"tests": tests}


@click.command()
@click.option("--template", is_flag=True, help="Print a fill-in answers file listing every test, then exit.")
@click.option("--answers", type=click.Path(dir_okay=False, path_type=Path), help="Record the results in this file.")
@click.option("--json", "as_json", is_flag=True, help="Print the scored result as JSON.")
@pass_state
@friendly
def assess(state: CliState, template: bool, answers: Path | None, as_json: bool) -> None:
    """Record the home tests and see each region as adequate, borderline or restricted.

    Each value is checked against the physically possible range; nothing is saved if any is wrong.
    """
    from supple.catalogue.loader import default_catalogue

    if template:
        click.echo(assess_template(default_catalogue()), nl=False)
        return
    from supple.cli.render import print_assessment, print_json
    from supple.services.assessments import record

    app = state.app
    data = drop_empty(read_answers(answers)) if answers else ask_tests(app)
    recorded = record(app, state.profile, data)
    if as_json:
        print_json({"id": recorded.id, "taken_on": recorded.taken_on, "result": recorded.result})
        return
    print_assessment(recorded.result, app.catalogue)
    click.echo("Next: supple plan")


COMMANDS = [assess]
