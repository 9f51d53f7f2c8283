"""A profile with a bit of everything, built through the services: the subject of the export,
report, FHIR and calendar tests."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from supple.bootstrap import App
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.services import assessments, calendar, outcomes, profiles, routine, screening, sessions
from supple.services.inputs import CheckinIn, ProfileIn, QuestionnaireIn, parse
from tests import factories as f
from tests.factories import Clock, shared_catalogue


def lived_in_profile(app: App, clock: Clock, name: str = "Ann") -> None:
    """Screened (with one block and a clearance), baseline, two assessments, sessions with check-ins
    and a step up, a clinician-entered questionnaire, a later pain score and a calendar feed."""
    profiles.create(app, parse(ProfileIn, {"name": name, "birth_year": 1970, "sex": "female"}))
    screening.run_full_screen(app, name, f.screen_answers(yes=("saddle-numbness",)))
    clock.advance(days=2)
    profiles.record_clearance(app, name, "Dr Jo Park", seen_on=app.clock().date())
    screening.run_full_screen(app, name, f.screen_answers())
    outcomes.record_pain_and_function(app, name, f.baseline_in(now=5, average=6, worst=8))
    assessments.record(app, name, f.stiff_person_tests())
    outcomes.record_questionnaire(
        app, name, parse(QuestionnaireIn, {"instrument": "rmdq", "answers": [1, 0, 1, 1, 0] + [0] * 19})
    )
    ids = [i.exercise_id for i in routine.current(app, name).routine.items]
    for _ in range(3):
        clock.advance(hours=10)
        sessions.log_session(app, name, f.session_log(ids, pain_during=1, pain_before=3, pain_after=2))
        clock.advance(hours=14)
        sessions.checkin(app, name, parse(CheckinIn, {"pain": 2, "stiffness": 3}))
    clock.advance(days=25)
    # The 4-weekly re-test comes with the full safety screen again (issue 12 §1).
    screening.run_full_screen(app, name, f.screen_answers())
    retest = {
        "knee-to-wall": {
            "method": "tape",
            "left": {"toe_to_wall_cm": [11.5]},
            "right": {"toe_to_wall_cm": [10.5, 10, 10.25]},
        },
    }
    assessments.record(app, name, {"tests": retest})
    outcomes.record_pain_and_function(
        app, name, f.baseline_in(now=2, average=3, worst=5, **{"Putting on socks": 8, "Gardening": 6})
    )
    calendar.feed_token(app, name)
    _walks(app, clock, name)


def _walks(app: App, clock: Clock, name: str) -> None:
    """Two walk recordings (issue 16): one at the lower back, one from a pocket."""
    from supple.services import walks
    from tests.gait_files import generic_csv, walk

    data = generic_csv(*walk(40))
    walks.record(app, name, walks.analyse_bytes(data, "walk.csv", "lower-back"), "lower-back")
    clock.advance(hours=2)
    walks.record(app, name, walks.analyse_bytes(data, "walk.csv", "pocket"), "pocket")


@dataclass(frozen=True)
class LivedInStore:
    """A SQLite file holding Ann's weeks, and the time they ended."""

    path: Path
    now: datetime

    def copy(self, folder: Path) -> tuple[App, Clock]:
        """A private copy of the store, opened with a clock at the time the weeks ended."""
        target = folder / "lived-in.db"
        shutil.copyfile(self.path, target)
        clock = Clock(self.now)
        engine = make_engine(f"sqlite:///{target}")
        migrate(engine)
        return App(Settings(data_dir=folder), engine, session_factory(engine), shared_catalogue(), clock), clock


@pytest.fixture(scope="session", name="lived_in_store")
def lived_in_store_fixture(tmp_path_factory: pytest.TempPathFactory) -> LivedInStore:
    """Ann's weeks built once per test run (through the services); tests take private copies."""
    folder = tmp_path_factory.mktemp("lived-in")
    clock = Clock()
    engine = make_engine(f"sqlite:///{folder / 's.db'}")
    migrate(engine)
    app = App(Settings(data_dir=folder), engine, session_factory(engine), shared_catalogue(), clock)
    lived_in_profile(app, clock)
    engine.dispose()
    return LivedInStore(folder / "s.db", clock.now)
