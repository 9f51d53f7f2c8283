"""Per-invocation state of the CLI and the one place where errors become messages and exit codes."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import click

if TYPE_CHECKING:
    from supple.bootstrap import App
    from supple.errors import InvalidInput, SuppleError
    from supple.problems import Problem

P = ParamSpec("P")
R = TypeVar("R")

EXIT_OK, EXIT_ERROR, EXIT_INVALID, EXIT_SAFETY = 0, 1, 2, 3
EXIT_STOPPED = 130  # Ctrl-C, as shells report a program stopped by SIGINT (128 + 2)
STOPPED = "Stopped. Nothing more was saved."
DEFAULT_PORT = 8765  # `supple serve` listens here unless told otherwise


@dataclass
class CliState:
    db: Path | None = None
    profile: str | None = None
    _app: App | None = field(default=None, repr=False)
    _starts_store: bool = field(default=False, repr=False)

    def starting_store(self) -> None:
        """For the commands that start a store (``profile create``, ``import``): a --db path in a folder
        that does not exist yet is made, and said, instead of refused."""
        self._starts_store = True

    def _db_folder_checked(self) -> None:
        """A --db (or SUPPLE_DB) path in a folder that does not exist is refused before anything is
        made: a typo must not leave a new, empty store somewhere unexpected."""
        if self.db is None:
            return
        folder = self.db.expanduser().absolute().parent
        if folder.is_dir():
            return
        if self._starts_store:
            click.echo(f"Making the folder {folder} for the new store.", err=True)
            return
        from supple.errors import NotFound

        raise NotFound(
            f"--db {self.db}: the folder {folder} does not exist, so there is no store there. Nothing was "
            f"created. Check the path; to start a new store there: supple --db {self.db} profile create NAME"
        )

    @property
    def app(self) -> App:
        if self._app is None:
            self._db_folder_checked()
            from supple.bootstrap import build_app, private_files, private_umask

            private_umask()  # the store, its log and kept pictures are for this user only
            self._app = build_app(db_path=self.db)
            for message in private_files(self._app):
                click.echo(message, err=True)
        return self._app


pass_state = click.make_pass_decorator(CliState, ensure=True)


class StoppableGroup(click.Group):
    """The command group: Ctrl-C in any command (at a question or while it works) ends it with
    exit code 130 and one plain line instead of click's "Aborted!" or a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _stopped()
        except click.Abort as err:  # click turns Ctrl-C (and Ctrl-D) at a question into Abort
            if isinstance(err.__context__, EOFError):
                click.echo(
                    "\nError: the answers ended before every question was answered. Nothing more was saved.", err=True
                )
                sys.exit(EXIT_ERROR)
            _stopped()


def _stopped() -> NoReturn:
    click.echo(f"\n{STOPPED}", err=True)
    sys.exit(EXIT_STOPPED)


def friendly(fn: Callable[P, R]) -> Callable[P, R]:
    """Render every expected error as a message with its exit code; never show a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from supple.errors import InvalidInput, PreconditionMissing, SafetyStop, SuppleError

        try:
            return fn(*args, **kwargs)
        except SafetyStop as stop:
            from supple.cli.render import print_stop

            print_stop(stop.detail)
            click.echo(
                "When a clinician has cleared you: supple profile clear --clinician NAME --seen-on YYYY-MM-DD", err=True
            )
            sys.exit(EXIT_SAFETY)
        except PreconditionMissing as err:
            from supple.cli.commands.home import COMMANDS_FOR

            hint = f" Next: {COMMANDS_FOR[err.step]}" if err.step in COMMANDS_FOR else ""
            click.echo(f"Error: {err.message}{hint}", err=True)
            sys.exit(err.exit_code)
        except InvalidInput as err:
            click.echo(_error_words(err), err=True)
            sys.exit(EXIT_INVALID)
        except SuppleError as err:
            click.echo(_error_words(err), err=True)
            sys.exit(err.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            _stopped()
        except BrokenPipeError:  # the output was piped into something that stopped reading (| head)
            sys.stderr.close()
            os._exit(0)
        except Exception as err:  # a store problem (busy, full, read-only, damaged) or a bug
            from supple.bootstrap import store_error

            if (known := store_error(err)) is not None:
                click.echo(f"Error: {known.message}", err=True)
                sys.exit(known.exit_code)
            if os.environ.get("SUPPLE_DEBUG"):
                raise
            click.echo(
                f"Error: something went wrong inside Supple ({type(err).__name__}). Nothing was saved. "
                "Run again with SUPPLE_DEBUG=1 to see the details, and please report it.",
                err=True,
            )
            sys.exit(EXIT_ERROR)

    return wrapper


CHOOSE = "--profile NAME (or -p NAME)"
LIST = "supple profile list"


def _error_words(err: SuppleError) -> str:
    """An expected error for the terminal; a profile not chosen (or not there) says how to choose one."""
    from supple.errors import InvalidInput, NoSuchProfile, ProfileNotChosen

    if isinstance(err, ProfileNotChosen):
        return f"Error: {choose_profile_words(err.names)}"
    if isinstance(err, NoSuchProfile):
        return f"Error: {choose_profile_words(err.names, err.message)}"
    if isinstance(err, InvalidInput):
        return problem_lines(err)
    return f"Error: {err.message}"


def choose_profile_words(names: list[str] | tuple[str, ...], unknown: str | None = None) -> str:
    """Which profile to use, in the terminal's words: how to see the profiles and how to pick one.
    ``unknown`` is the service's sentence about a name the store does not hold. The names themselves
    are never listed here (a shared computer): ``supple profile list`` shows them to whoever asks."""
    if not names:
        return f"{unknown + ' ' if unknown else ''}Create one first: supple profile create NAME"
    if unknown:
        return f"{unknown} To see the profiles on this computer: {LIST}. Then choose one with {CHOOSE}."
    return f"Several profiles exist: choose one with {CHOOSE}. To see them: {LIST}."


# Input fields whose command-line option has another name (the option's own name is tried first).
OPTION_FOR_FIELD = {
    "days_per_week": "days",
    "manages_minutes": "minutes",
    "manages_days": "days",
    "no_floor": "floor",
    "no_kneeling": "kneeling",
    "no_foam_roller": "roller",
    "no_band": "band",
}


def options_given(ctx: click.Context | None) -> dict[str, str]:
    """Input field → the option the person typed for it (``{"pain": "--pain", "days_per_week": "--days"}``),
    for the options given on the command line or through the environment."""
    if ctx is None:
        return {}
    typed = {click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT}
    by_name = {
        p.name: max(p.opts, key=len)
        for p in ctx.command.params
        if isinstance(p, click.Option) and p.name and ctx.get_parameter_source(p.name) in typed
    }
    out = dict(by_name)
    out |= {field: by_name[name] for field, name in OPTION_FOR_FIELD.items() if name in by_name and field not in out}
    return out


def problem_lines(err: InvalidInput) -> str:
    """Every problem on its own line: the option the person typed (``--pain``), else the field in the
    person's words (with its place in the answers file when one was read), what is wrong, and what is
    allowed with the unit."""
    from supple.problems import with_allowed
    from supple.services.problem_words import line

    ctx = click.get_current_context(silent=True)
    state = ctx.find_object(CliState) if ctx else None
    catalogue = state._app.catalogue if state is not None and state._app is not None else None
    options = options_given(ctx)
    from_file = "answers" in options

    def one(p: Problem) -> str:
        if len(p.loc) == 1 and str(p.loc[0]) in options and not from_file:
            return with_allowed(f"{options[str(p.loc[0])]}: {p.message}", p.allowed)
        return line(p, catalogue, path=from_file)

    n = len(err.problems)
    head = f"Error: {err.message}" + (f" ({n} problems):" if n > 1 else ":")
    return "\n".join([head, *(f"  - {one(p)}" for p in err.problems)])


def read_answers(path: Path) -> dict[str, Any]:
    """Read a YAML or JSON answers file into a mapping, with clear messages."""
    import yaml

    from supple.errors import InvalidInput
    from supple.problems import Problem

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput([Problem.saying("--answers", f"file not found: {path}")]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput([Problem.saying("--answers", f"cannot read {path}: {err}")]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise InvalidInput([Problem.saying("--answers", f"{path} is not valid YAML or JSON{where}")]) from None
    except ValueError as err:  # e.g. an impossible date such as 2026-02-30
        raise InvalidInput([Problem.saying("--answers", f"{path} holds a value that cannot be read: {err}")]) from None
    if not isinstance(data, dict):
        raise InvalidInput([Problem.saying("--answers", f"{path} must hold a mapping of fields (key: value)")])
    return data
