"""The bare `supple` command: where you are and what to do next."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from supple.cli.state import EXIT_INVALID, CliState, choose_profile_words, friendly, pass_state

if TYPE_CHECKING:
    from supple.services.home import NextStep
    from supple.services.light import NextStep as LightStep

COMMANDS_FOR = {
    "create-profile": "supple profile create NAME",
    "choose-profile": "supple status --profile NAME",
    "clear": "supple profile clear --clinician NAME --seen-on YYYY-MM-DD",
    "screen": "supple screen",
    "baseline": "supple baseline",
    "tests": "supple assess",
    "checkin": "supple checkin",
    "checkin-later": "supple checkin  (from the time above)",
    "first-session": "supple plan  (then 'supple session'; the tests can wait)",
    "session": "supple session  (or 'supple plan' to read it first)",
}


@friendly
def show_home(state: CliState) -> None:
    from supple.cli.light import answer
    from supple.services.light import next_step as light_step

    quick = answer(state, lambda x: light_step(x.reads, x.catalogue, x.now, state.profile))
    if quick is None:
        from supple.services.home import next_step

        step: LightStep | NextStep = next_step(state.app, state.profile or state.app.settings.profile)
    else:
        step = quick
    choices = getattr(step, "choices", ())
    if step.step == "choose-profile" and getattr(step, "unknown", None):  # a name the store does not hold
        click.echo(f"Error: {choose_profile_words(choices, step.lines[0])}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(click.style("Supple", bold=True) + " — mobility for the mid back, ankles and hips.")
    lines = [choose_profile_words(choices)] if step.step == "choose-profile" and choices else step.lines
    if step.profile:  # the greeting is the door's (the page says it once, in its heading)
        click.echo(f"Hello {step.profile}.")
    for line in lines:
        click.echo(line)
    click.echo(f"\nNext: {COMMANDS_FOR[step.step]}")
    click.echo("All commands: supple --help")


@click.command()
@click.option("--profile", "-p", "profile", default=None, help="Whose status (same as `supple --profile NAME status`).")
@pass_state
def status(state: CliState, profile: str | None) -> None:
    """Where you are in the program and what to do next."""
    if profile:
        state.profile = profile
    show_home(state)


COMMANDS = [status]
