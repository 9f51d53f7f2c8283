"""A store holding a month of one person's use, built through the services (for the CLI timings).

Ann: screened, a baseline, the home tests, a session and a next-morning check-in on most days for 30 days,
a weekly pain score and a retest after four weeks. The month ends now, so the CLI's own clock sees it
as current.

Run: .venv/bin/python benchmarks/month_store.py PATH.db
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from supple.bootstrap import App  # noqa: E402
from supple.catalogue.loader import default_catalogue  # noqa: E402
from supple.config import Settings  # noqa: E402
from supple.db.engine import make_engine, migrate, session_factory  # noqa: E402
from supple.services import assessments, outcomes, profiles, routine, screening, sessions  # noqa: E402
from supple.services.inputs import CheckinIn, ProfileIn, parse  # noqa: E402
from tests import factories as f  # noqa: E402
from tests.factories import Clock  # noqa: E402

DAYS = 30
NAME = "Ann"


def build_month_store(path: Path, *, days: int = DAYS) -> Path:
    """Write the month into a new SQLite file at ``path`` (replaced if it exists)."""
    path.unlink(missing_ok=True)
    start = datetime.now().replace(microsecond=0) - timedelta(days=days, hours=1)
    clock = Clock(start.replace(hour=8, minute=0, second=0))
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    app = App(Settings(data_dir=path.parent), engine, session_factory(engine), default_catalogue(), clock)
    profiles.create(app, parse(ProfileIn, {"name": NAME, "birth_year": 1970, "sex": "female"}))
    screening.run_full_screen(app, NAME, f.screen_answers())
    outcomes.record_pain_and_function(app, NAME, f.baseline_in(now=5, average=6, worst=8))
    assessments.record(app, NAME, f.stiff_person_tests())
    for day in range(days - 1):
        clock.advance(hours=10)
        if day and day % 28 == 0:  # the full safety questions come again every 4 weeks
            screening.run_full_screen(app, NAME, f.screen_answers())
        if day % 7 != 6:  # a rest day a week
            ids = [i.exercise_id for i in routine.current(app, NAME).routine.items]
            sessions.log_session(app, NAME, f.session_log(ids, pain_during=1, pain_before=3, pain_after=2))
        clock.advance(hours=14)
        if day % 7 != 6:
            sessions.checkin(app, NAME, parse(CheckinIn, {"pain": 2, "stiffness": 3}))
        if day % 7 == 5:
            outcomes.record_pain_and_function(app, NAME, f.baseline_in(now=4, average=5, worst=7))
    screening.run_full_screen(app, NAME, f.screen_answers())  # with the re-test, as the program asks
    assessments.record(app, NAME, f.stiff_person_tests())
    engine.dispose()
    return path


if __name__ == "__main__":
    target = build_month_store(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("month.db"))
    print(f"wrote {target}")
