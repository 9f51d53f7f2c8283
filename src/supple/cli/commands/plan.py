"""`supple plan`: today's routine with the reason for each exercise."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from supple.cli.state import CliState, friendly, pass_state

if TYPE_CHECKING:
    from supple.services.light import RoutineView as LightView
    from supple.services.routine import RoutineView


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the routine as JSON.")
@pass_state
@friendly
def plan(state: CliState, as_json: bool) -> None:
    """Show today's routine: what to do, how much, and why each exercise was chosen."""
    from supple.cli.light import answer
    from supple.cli.render import print_json, print_routine
    from supple.services.light import routine_view

    quick = answer(
        state, lambda x: (routine_view(x.reads, x.catalogue, x.placements, x.now, state.profile), x.catalogue)
    )
    if quick is None:
        from supple.services.routine import current

        app = state.app
        view: LightView | RoutineView = current(app, state.profile)
        catalogue = app.catalogue
    else:
        view, catalogue = quick
    if as_json:
        print_json({"profile": view.profile, "routine": view.routine})
        return
    print_routine(view.routine, catalogue, view.profile)
    if view.retest_due:
        click.echo("\nYour 4-weekly re-test is due: run 'supple assess' to see what changed.")
    if view.assessment is None:
        click.echo("\nNo test results yet: this is a balanced starter routine. Run 'supple assess' to tailor it.")


COMMANDS = [plan]
