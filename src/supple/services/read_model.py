"""The light read path's store access: plain ``sqlite3`` queries returning plain rows (decision 0016).

`supple plan`, `status` and `progress` only read. Importing SQLAlchemy's ORM and the settings class
costs more than the whole answer, so these commands read a SQLite store through this module instead.
Each query mirrors one in ``supple.db.repositories`` (same filter, same order) and each row class has
the attribute names of the ORM model it stands for, so the use cases read the same either way; a test
checks both paths give identical results on the same store.

The light path only opens what it can read exactly as the full path would, and says so by raising
:class:`Unsupported` otherwise; the caller then takes the full path (which also migrates, repairs file
modes and explains every error). Unsupported: PostgreSQL or any URL that is not a SQLite file, a store
file that does not exist yet, a store whose schema revision is not the one this code knows, a store
SQLite's quick check does not pass, and settings given in environment names of another case.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from supple.db.migrations import HEAD
from supple.domain.chosen import Chosen, Override, chosen_from

# The schema revisions whose tables and columns the queries below were written for. A new migration
# makes the light path step aside (and a test fail) until someone has checked these queries against it.
# 0008 and 0009 add only clinic tables and columns of clinic accounts and sessions, none read here.
# 0010 adds the clinic's routine templates (not read here), scheduled checks (not read here) and the
# routine a clinician assigned to a client's profile, which replaces the planner's (read by `chosen`),
# a clinician's changes to the planner's routine (read by `overrides`) and step-ups waiting for a
# clinician (not read here: the step stays out of `progression_state` until approved, as on the full path).
# 0011 encrypts the TOTP secrets of clinic accounts (the account table, not read here).
# 0012 adds profile.setup_at (web home only, not read here) and session_item.seconds (the weekly minutes
# of the session-done page, not read here).
# 0013 adds safety_event.seen_on (the day a clinician saw the person for a clearance; not read here).
KNOWN_REVISIONS = frozenset({"0007", "0008", "0009", "0010", "0011", "0012", "0013"})
PREFIX = "SUPPLE_"
NAMES = ("SUPPLE_DATA_DIR", "SUPPLE_DATABASE_URL")


class Unsupported(Exception):
    """This store or this case is for the full path."""


class StoreFile(NamedTuple):
    path: Path  # the SQLite file
    data_dir: Path  # the settings' data folder (made private at start, as by the full path)


def locate(db: Path | None, env: Mapping[str, str]) -> StoreFile:
    """The SQLite file the full path would open, resolved as ``Settings`` and ``build_app`` do."""
    if any(k.upper().startswith(PREFIX) and k != k.upper() for k in env):
        raise Unsupported("a setting is given in an environment name of another case")
    if "SUPPLE_DATA_DIR" in env:
        data_dir = Path(env["SUPPLE_DATA_DIR"])
    else:
        from platformdirs import user_data_path

        data_dir = user_data_path("supple", appauthor=False)
    if db is not None:
        return StoreFile(db.expanduser(), data_dir)
    url = env.get("SUPPLE_DATABASE_URL") or f"sqlite:///{data_dir / 'supple.db'}"
    if not url.startswith("sqlite:///") or "?" in url or url in ("sqlite:///", "sqlite:///:memory:"):
        raise Unsupported("not a SQLite file (PostgreSQL stores take the full path)")
    return StoreFile(Path(url.removeprefix("sqlite:///")).expanduser(), data_dir)


def _lower(value: str | int | float | bytes | None) -> str | int | float | bytes | None:
    return value.lower() if isinstance(value, str) else value


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to a current, undamaged store; Unsupported for anything else."""
    if not path.is_file():
        raise Unsupported("no store file yet: the full path creates it")
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        conn.execute("PRAGMA busy_timeout=5000")
        conn.create_function("lower", 1, _lower, deterministic=True)  # as the full path: not only A-Z
        checked = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)")]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as err:
        raise Unsupported(f"the store cannot be read here ({err})") from None
    if checked != ["ok"]:
        conn.close()
        raise Unsupported("SQLite's quick check found damage: the full path explains it")
    found = revision[0] if revision else None
    if found != HEAD or found not in KNOWN_REVISIONS:
        conn.close()
        raise Unsupported(f"schema revision {found!r} is not the one this read path knows")
    return conn


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _flags(values: tuple[int, ...]) -> tuple[bool, bool, bool, bool]:
    a, b, c, d = (bool(v) for v in values)
    return a, b, c, d


def _json(text: str | None) -> Any:
    return json.loads(text) if text is not None else None


# --- rows: the attributes of the ORM models the use cases read (named tuples: quick to define) ---------


class ProfileRow(NamedTuple):
    id: int
    name: str
    birth_year: int | None
    sex: str
    created_at: datetime
    no_floor: bool
    no_kneeling: bool
    no_foam_roller: bool
    no_band: bool
    minutes: int
    days_per_week: int


class ScreeningRow(NamedTuple):
    id: int
    taken_at: datetime
    conditions: list[Any]
    yellow_flags: bool


class SafetyEventRow(NamedTuple):
    id: int
    at: datetime
    kind: str


class MeasurementRow(NamedTuple):
    test_id: str
    metric_id: str
    side: str
    trial: int
    value: float
    method: str
    placement: str | None


class AssessmentRow(NamedTuple):
    id: int
    taken_on: date
    measurements: list[MeasurementRow]


class SessionRow(NamedTuple):
    id: int
    started_at: datetime
    signal: str
    final: bool


class PainRow(NamedTuple):
    id: int
    at: datetime
    average_24h: int


class StateRow(NamedTuple):
    slot_id: str
    variant_id: str
    level: int
    greens: int
    rest_until: datetime | None


class Reads:
    """The queries of ``supple.db.repositories`` that plan, status and progress use, on one connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.c = conn

    def profile_count(self) -> int:
        return int(self.c.execute("SELECT count(*) FROM profile").fetchone()[0])

    def profiles(self, name: str | None = None) -> list[ProfileRow]:
        cols = "id, name, birth_year, sex, created_at, no_floor, no_kneeling, no_foam_roller, no_band, minutes, "
        cols += "days_per_week"
        if name is None:
            rows = self.c.execute(f"SELECT {cols} FROM profile ORDER BY name").fetchall()
        else:
            rows = self.c.execute(f"SELECT {cols} FROM profile WHERE lower(name) = ?", (name.lower(),)).fetchall()
        return [
            ProfileRow(
                r[0],
                r[1],
                r[2],
                r[3],
                _dt(r[4]) or datetime.min,
                bool(r[5]),
                bool(r[6]),
                bool(r[7]),
                bool(r[8]),
                r[9],
                r[10],
            )
            for r in rows
        ]

    def events(self, pid: int) -> list[SafetyEventRow]:
        q = "SELECT id, at, kind FROM safety_event WHERE profile_id = ? ORDER BY at, id"
        return [SafetyEventRow(r[0], _dt(r[1]) or datetime.min, r[2]) for r in self.c.execute(q, (pid,))]

    def open_block(self, pid: int) -> SafetyEventRow | None:
        """As ``Safety.open_block``: the latest block or pause not followed by a clearance."""
        open_: SafetyEventRow | None = None
        for ev in self.events(pid):
            if ev.kind in ("block", "pause"):
                open_ = ev
            elif ev.kind == "clearance":
                open_ = None
        return open_

    def latest_full_screen(self, pid: int) -> ScreeningRow | None:
        q = (
            "SELECT id, taken_at, conditions, yellow_flags FROM screening WHERE profile_id = ? AND kind = 'full' "
            "ORDER BY taken_at DESC, id DESC LIMIT 1"
        )
        r = self.c.execute(q, (pid,)).fetchone()
        return ScreeningRow(r[0], _dt(r[1]) or datetime.min, _json(r[2]) or [], bool(r[3])) if r else None

    def assessments(self, pid: int) -> list[AssessmentRow]:
        found = self.c.execute(
            "SELECT id, taken_on FROM assessment WHERE profile_id = ? ORDER BY taken_on, id", (pid,)
        ).fetchall()
        by_id: dict[int, list[MeasurementRow]] = {r[0]: [] for r in found}
        q = (
            "SELECT m.assessment_id, m.test_id, m.metric_id, m.side, m.trial, m.value, m.method, m.placement "
            "FROM measurement m JOIN assessment a ON a.id = m.assessment_id WHERE a.profile_id = ? ORDER BY m.id"
        )
        for r in self.c.execute(q, (pid,)):
            by_id[r[0]].append(MeasurementRow(r[1], r[2], r[3], r[4], float(r[5]), r[6], r[7]))
        return [AssessmentRow(r[0], _d(r[1]), by_id[r[0]]) for r in found]

    def sessions(self, pid: int, *, pending: bool = False) -> list[SessionRow]:
        where = " AND final = 0" if pending else ""
        q = f"SELECT id, started_at, signal, final FROM exercise_session WHERE profile_id = ?{where} "
        q += "ORDER BY started_at, id"
        return [SessionRow(r[0], _dt(r[1]) or datetime.min, r[2], bool(r[3])) for r in self.c.execute(q, (pid,))]

    def pain_ratings(self, pid: int) -> list[PainRow]:
        q = "SELECT id, at, average_24h FROM pain_rating WHERE profile_id = ? ORDER BY at, id"
        return [PainRow(r[0], _dt(r[1]) or datetime.min, r[2]) for r in self.c.execute(q, (pid,))]

    def psfs_for(self, rating_id: int) -> dict[str, int]:
        q = (
            "SELECT psfs_activity.name, psfs_rating.score FROM psfs_rating "
            "JOIN psfs_activity ON psfs_activity.id = psfs_rating.activity_id WHERE psfs_rating.pain_rating_id = ?"
        )
        return {r[0]: r[1] for r in self.c.execute(q, (rating_id,))}

    def states(self, pid: int) -> dict[str, StateRow]:
        q = "SELECT slot_id, variant_id, level, greens, rest_until FROM progression_state WHERE profile_id = ?"
        return {r[0]: StateRow(r[0], r[1], r[2], r[3], _dt(r[4])) for r in self.c.execute(q, (pid,))}

    def chosen(self, pid: int) -> Chosen | None:
        """As ``services.routine.chosen_of``: the routine a clinician assigned to this profile, if any."""
        q = "SELECT name, assigned_by_name, items FROM assigned_routine WHERE profile_id = ?"
        r = self.c.execute(q, (pid,)).fetchone()
        return chosen_from(r[0], r[1], _json(r[2]) or []) if r else None

    def overrides(self, pid: int) -> tuple[Override, ...]:
        """As ``services.routine.overrides_of``: a clinician's changes to the planner's routine."""
        q = (
            "SELECT exercise_id, action, to_exercise_id, sets, reps, hold_s FROM planner_override "
            "WHERE profile_id = ? ORDER BY exercise_id"
        )
        return tuple(Override(r[0], r[1], r[2], r[3], r[4], r[5]) for r in self.c.execute(q, (pid,)))

    def change_explanations(self, pid: int, limit: int) -> list[str]:
        q = "SELECT explanation FROM progression_change WHERE profile_id = ? ORDER BY at DESC, id DESC LIMIT ?"
        return [r[0] for r in self.c.execute(q, (pid, limit))]


def open_store(db: Path | None, env: Mapping[str, str]) -> tuple[Reads, list[str]]:
    """The store's reads, and the messages about files made private (as ``bootstrap.private_files``:
    the umask is set and older files readable by others are fixed before anything is read)."""
    from supple.db.files import make_private, private_umask

    where = locate(db, env)
    private_umask()
    reads = Reads(connect(where.path))
    return reads, make_private(where.data_dir, where.path.expanduser().resolve())
