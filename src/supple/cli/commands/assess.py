"""`supple assess`: the home tests for the mid back, ankles and hips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from supple.cli.state import CliState, friendly, pass_state, read_answers


def ask_tests(app: Any) -> dict[str, Any]:
    from supple.catalogue.schema import Unit
    from supple.cli.prompts import number, yes_no

    cat = app.catalogue
    tests: dict[str, Any] = {}
    click.echo("For each test you will see how to do it. Skip any you cannot do safely.\n")
    for test in cat.tests.values():
        click.echo(click.style(test.name, bold=True))
        click.echo(f"  {test.how_to}")
        if not yes_no("  Do this test now?"):
            continue
        for i, step in enumerate(test.steps, start=1):
            click.echo(f"  {i}. {step}")
        methods = sorted({m.value for metric in test.metrics for m in metric.methods})
        method = click.prompt("  How did you measure?", type=click.Choice(methods), default=methods[0])
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
                    label = f"  {metric.label}{'' if side == 'values' else ', ' + side} — trial {t}"
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
        from supple.services.assessments import template as make_template

        click.echo(make_template(default_catalogue()), nl=False)
        return
    from supple.cli.render import print_assessment, print_json
    from supple.services.assessments import drop_empty, record

    app = state.app
    data = drop_empty(read_answers(answers)) if answers else ask_tests(app)
    recorded = record(app, state.profile, data, app.settings.profile)
    if as_json:
        print_json({"id": recorded.id, "taken_on": recorded.taken_on, "result": recorded.result})
        return
    print_assessment(recorded.result, app.catalogue)
    click.echo("Next: supple plan")


COMMANDS = [assess]
