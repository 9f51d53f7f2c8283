"""`supple profile ...`: people in the store, their settings, and clinician clearance."""

from __future__ import annotations

import click

from supple.cli.state import CliState, friendly, pass_state


@click.group()
def profile() -> None:
    """Create, list, adjust and delete profiles (one per person)."""


@profile.command("create")
@click.argument("name")
@click.option(
    "--birth-year",
    type=int,
    help="Year of birth (used for age-related safety checks; Supple is for adults, 18 or older).",
)
@click.option("--sex", type=click.Choice(["female", "male", "unspecified"]), default="unspecified", show_default=True)
@pass_state
@friendly
def create(state: CliState, name: str, birth_year: int | None, sex: str) -> None:
    """Create a profile called NAME."""
    from supple.services import profiles

    state.starting_store()
    inp = profiles.read_profile(state.app, {"name": name, "birth_year": birth_year, "sex": sex})
    view = profiles.create(state.app, inp)
    click.echo(f"Created profile '{view.name}'. Next: supple --profile '{view.name}' screen")


@profile.command("list")
@pass_state
@friendly
def list_(state: CliState) -> None:
    """List the profiles in this store."""
    from supple.services import profiles

    views = profiles.list_all(state.app)
    if not views:
        click.echo("No profiles yet. Create one: supple profile create NAME")
    for v in views:
        click.echo(f"{v.name}{'  (paused: see a clinician)' if v.locked else ''}")


@profile.command("show")
@pass_state
@friendly
def show(state: CliState) -> None:
    """Show a profile's settings and whether it is paused."""
    from supple.services import profiles

    v = profiles.get(state.app, state.profile)
    c = v.constraints
    click.echo(f"{v.name}: born {v.birth_year or 'not given'}, sex {v.sex}")
    click.echo(f"  minutes per session {c.minutes}, days per week {c.days_per_week}")
    limits = [
        k
        for k, on in (
            ("no floor", c.no_floor),
            ("no kneeling", c.no_kneeling),
            ("no foam roller", c.no_foam_roller),
            ("no band", c.no_band),
        )
        if on
    ]
    click.echo(f"  limits: {', '.join(limits) or 'none'}")
    click.echo(f"  status: {'PAUSED — ' + (v.lock_reason or '') if v.locked else 'active'}")


@profile.command("set")
@click.option("--floor/--no-floor", "floor", default=None, help="Can you get down to the floor and up again?")
@click.option("--kneeling/--no-kneeling", "kneeling", default=None, help="Can you kneel comfortably?")
@click.option("--foam-roller/--no-foam-roller", "roller", default=None, help="Do you have a foam roller?")
@click.option("--band/--no-band", "band", default=None, help="Do you have a resistance band?")
@click.option("--minutes", type=int, help="Minutes per session, 5 to 30.")
@click.option("--days", type=int, help="Days per week, 1 to 7.")
@pass_state
@friendly
def set_(
    state: CliState,
    floor: bool | None,
    kneeling: bool | None,
    roller: bool | None,
    band: bool | None,
    minutes: int | None,
    days: int | None,
) -> None:
    """Change what the routine must respect: floor, kneeling, equipment, time."""
    from supple.services import profiles

    def neg(v: bool | None) -> bool | None:
        return None if v is None else not v

    data = {
        "no_floor": neg(floor),
        "no_kneeling": neg(kneeling),
        "no_foam_roller": neg(roller),
        "no_band": neg(band),
        "minutes": minutes,
        "days_per_week": days,
    }
    from supple.domain.formatting import days_a_week
    from supple.services.inputs import SettingsIn, parse

    v = profiles.update_settings(state.app, state.profile, parse(SettingsIn, data))
    days_text = days_a_week(v.constraints.days_per_week)
    click.echo(f"Saved settings for {v.name}: {v.constraints.minutes} min, {days_text}.")


@profile.command("clear")
@click.option("--clinician", required=True, help="Who cleared you, 3 to 120 characters (e.g. 'Dr Shah, GP').")
@click.option(
    "--seen-on",
    "seen_on",
    required=True,
    metavar="YYYY-MM-DD",
    help="The day the clinician saw you (not in the future), e.g. --seen-on 2026-03-01.",
)
@click.option(
    "--known",
    nargs=3,
    multiple=True,
    metavar="QUESTION WHAT SINCE",
    help="A known, stable symptom the clinician checked, e.g. --known both-legs 'numbness in both feet' 2019. "
    "Later safety questions then ask whether it is new or worse than usual. Repeat for more than one.",
)
@pass_state
@friendly
def clear(state: CliState, clinician: str, seen_on: str, known: tuple[tuple[str, str, str], ...]) -> None:
    """Record that a clinician has seen you and cleared you to exercise again."""
    from supple.services import profiles

    stable = [{"question": q, "what": w, "since": since} for q, w, since in known]
    v = profiles.record_clearance(state.app, state.profile, clinician, stable, seen_on=seen_on)
    click.echo(f"Recorded: {v.name} cleared by {clinician.strip()}, seen on {seen_on.strip()}.")
    for item in stable:
        click.echo(
            f"Known and stable: {item['what']} (since {item['since']}); you will be asked if it is new or worse."
        )
    click.echo("Please take the safety screen again: supple screen")


@profile.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@pass_state
@friendly
def delete(state: CliState, name: str, yes: bool) -> None:
    """Delete the profile NAME and every record of it, for good (asks first)."""
    from supple.services import profiles

    view = profiles.get(state.app, name)
    if not yes:
        click.echo(
            f"This deletes {view.name}'s profile and every record in it from this computer. It cannot be undone."
        )
        click.echo(f"To keep a copy first: supple --profile '{view.name}' export --out FILE.json")
        typed = click.prompt(
            f"Type the profile's name exactly as shown ({view.name}) to confirm", default="", show_default=False
        )
    else:
        typed = view.name
    done = profiles.delete(state.app, view.name, typed, state.app.settings.data_dir)
    kept = f" and {done.files} kept camera picture{'s' if done.files != 1 else ''}" if done.files else ""
    click.echo(f"Deleted the profile '{done.name}' with all its records{kept}.")


COMMANDS = [profile]
