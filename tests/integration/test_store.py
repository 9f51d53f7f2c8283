"""The store: migrations match the models, SQLite settings, and one transaction per use case."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from supple.bootstrap import App, build_app
from supple.config import Settings
from supple.db.models import Assessment, Base, ExerciseSession, Measurement, PainRating, Profile, SafetyEvent, Screening
from supple.errors import Conflict, InvalidInput, PreconditionMissing, SafetyStop
from supple.services import assessments, outcomes, profiles, screening, sessions
from supple.services.inputs import ProfileIn, SettingsIn, parse
from tests import factories as f
from tests.factories import Clock


def _count(app: App, model: type) -> int:
    with app.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_migrations_and_models_agree(any_app: App) -> None:
    with any_app.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_migrating_twice_is_harmless(tmp_path: Path) -> None:
    db = tmp_path / "twice.db"
    build_app(Settings(data_dir=tmp_path), db_path=db).engine.dispose()
    app = build_app(Settings(data_dir=tmp_path), db_path=db)
    from alembic.script import ScriptDirectory

    from supple.db.engine import alembic_config

    head = ScriptDirectory.from_config(alembic_config(app.engine)).get_current_head()
    with app.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == head


def test_every_write_bumps_the_profile_revision_so_cached_views_cannot_go_stale(any_app: App) -> None:
    _ready(any_app)

    def revision() -> int:
        with any_app.sessions() as s:
            return s.scalar(select(Profile.revision).where(Profile.name == "Ann")) or 0

    before = revision()
    first = routine_of(any_app)
    assert routine_of(any_app) is first  # served from the cache
    assessments.record(any_app, "Ann", f.stiff_person_tests())
    assert revision() > before
    assert routine_of(any_app) is not first
    with pytest.raises(InvalidInput):
        assessments.record(
            any_app, "Ann", {"tests": {"knee-to-wall": {"method": "tape", "left": {"toe_to_wall_cm": 99}}}}
        )
    after_write = revision()
    profiles.update_settings(any_app, "Ann", parse(SettingsIn, {"minutes": 10}))
    assert revision() == after_write + 1


def routine_of(app: App) -> object:
    from supple.services import routine

    return routine.current(app, "Ann")


def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(app: App) -> None:
    with app.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_store_defaults_to_the_users_data_folder_and_honours_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUPPLE_DATA_DIR", str(tmp_path / "data"))
    assert Settings().resolved_database_url() == f"sqlite:///{tmp_path / 'data' / 'supple.db'}"
    monkeypatch.setenv("SUPPLE_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    app = build_app()
    assert str(app.engine.url).endswith("other.db")
    app.engine.dispose()


def _ready(app: App, name: str = "Ann") -> None:
    profiles.create(app, parse(ProfileIn, {"name": name, "birth_year": 1970, "sex": "female"}))
    screening.run_full_screen(app, name, f.screen_answers())


def test_several_people_share_a_store_and_each_record_has_an_owner(any_app: App) -> None:
    _ready(any_app, "Ann")
    _ready(any_app, "Bob")
    assessments.record(any_app, "Ann", f.stiff_person_tests())
    with pytest.raises(InvalidInput, match="profile"):
        assessments.record(any_app, None, f.stiff_person_tests())
    with any_app.sessions() as s:
        owners = s.execute(select(Profile.name).join(Assessment, Assessment.profile_id == Profile.id)).scalars().all()
    assert owners == ["Ann"]


def test_a_duplicate_profile_name_is_refused(any_app: App) -> None:
    profiles.create(any_app, parse(ProfileIn, {"name": "Ann"}))
    with pytest.raises(Conflict):
        profiles.create(any_app, parse(ProfileIn, {"name": "ann"}))
    assert _count(any_app, Profile) == 1


def test_rejected_test_results_write_nothing(any_app: App) -> None:
    _ready(any_app)
    bad = f.stiff_person_tests(**{"knee-to-wall": {"method": "tape", "left": {"toe_to_wall_cm": [10, 99]}}})
    with pytest.raises(InvalidInput) as err:
        assessments.record(any_app, "Ann", bad)
    assert "0 to 30 cm" in str(err.value)
    assert (_count(any_app, Assessment), _count(any_app, Measurement)) == (0, 0)


def test_a_valid_assessment_stores_every_trial_with_its_method(any_app: App) -> None:
    _ready(any_app)
    rec = assessments.record(any_app, "Ann", f.stiff_person_tests())
    assert _count(any_app, Measurement) == 3 + 3 + 3 + 3 + 3 + 1 + 1 + 1
    with any_app.sessions() as s:
        methods = set(s.scalars(select(Measurement.method)).all())
    assert methods == {"tape", "phone"}
    assert rec.result.regions


def test_an_emergency_is_recorded_and_locks_the_profile_until_a_clinician_clears_it(any_app: App) -> None:
    profiles.create(any_app, parse(ProfileIn, {"name": "Ann"}))
    outcome = screening.run_full_screen(any_app, "Ann", f.screen_answers(yes=("saddle-numbness",)))
    assert outcome.is_emergency
    assert outcome.blocks
    assert _count(any_app, SafetyEvent) == 1
    with pytest.raises(SafetyStop):
        assessments.record(any_app, "Ann", f.stiff_person_tests())
    profiles.record_clearance(any_app, "Ann", "Dr Shah", seen_on=any_app.clock().date())
    screening.run_full_screen(any_app, "Ann", f.screen_answers())
    assessments.record(any_app, "Ann", f.stiff_person_tests())


def test_a_session_stopped_by_the_short_screen_records_the_screen_but_no_session(any_app: App) -> None:
    _ready(any_app)
    result = sessions.log_session(any_app, "Ann", f.session_log(["couch-stretch"], screen_yes=("leaking",)))
    assert result.stopped is not None
    assert _count(any_app, ExerciseSession) == 0
    assert _count(any_app, Screening) == 2
    with pytest.raises(SafetyStop):
        sessions.log_session(any_app, "Ann", f.session_log(["couch-stretch"]))


def test_a_session_with_an_unknown_exercise_writes_nothing(any_app: App) -> None:
    _ready(any_app)
    with pytest.raises(InvalidInput, match="not an exercise in the library"):
        sessions.log_session(any_app, "Ann", f.session_log(["no-such-exercise"]))
    assert (_count(any_app, ExerciseSession), _count(any_app, Screening)) == (0, 1)


def test_pain_out_of_range_names_the_field_and_the_range(any_app: App) -> None:
    _ready(any_app)
    with pytest.raises(InvalidInput) as err:
        outcomes.read_baseline(any_app, f.baseline(now=11))  # the answers as typed, before they are recorded
    assert "pain.now" in str(err.value)
    assert "0 to 10 points" in str(err.value)
    assert _count(any_app, PainRating) == 0


def test_an_emergency_answer_stops_even_when_other_answers_are_missing(any_app: App) -> None:
    profiles.create(any_app, parse(ProfileIn, {"name": "Ann"}))
    outcome = screening.run_full_screen(any_app, "Ann", {"red_flags": {"saddle-numbness": "yes"}})
    assert outcome.is_emergency
    assert _count(any_app, SafetyEvent) == 1
    profiles.create(any_app, parse(ProfileIn, {"name": "Bob"}))
    with pytest.raises(InvalidInput, match="please answer yes or no"):
        screening.run_full_screen(any_app, "Bob", {"red_flags": {"saddle-numbness": False}})


def test_an_emergency_in_a_broken_session_log_is_still_acted_on(any_app: App) -> None:
    _ready(any_app)
    log = f.session_log(["no-such-exercise"], screen_yes=("foot-drop",))
    result = sessions.log_session(any_app, "Ann", log)
    assert result.stopped is not None
    assert result.stopped.is_emergency
    assert _count(any_app, ExerciseSession) == 0
    with pytest.raises(SafetyStop):
        routine_of(any_app)


def test_the_recorded_head_revision_is_the_newest_migration(app: App) -> None:
    from alembic.script import ScriptDirectory

    from supple.db.engine import alembic_config
    from supple.db.migrations import HEAD

    assert ScriptDirectory.from_config(alembic_config(app.engine)).get_current_head() == HEAD


def test_after_a_clearance_the_safety_questions_must_be_answered_again(any_app: App, clock: Clock) -> None:
    profiles.create(any_app, parse(ProfileIn, {"name": "Ann"}))
    screening.run_full_screen(any_app, "Ann", f.screen_answers(yes=("fever",)))
    clock.advance(days=2)
    profiles.record_clearance(any_app, "Ann", "Dr Shah", seen_on=any_app.clock().date())
    with pytest.raises(PreconditionMissing, match="answer them again"):
        routine_of(any_app)
    clock.advance(minutes=1)
    screening.run_full_screen(any_app, "Ann", f.screen_answers())
    assert routine_of(any_app)


def test_names_with_accented_capitals_are_found_whatever_their_case(any_app: App) -> None:
    profiles.create(any_app, parse(ProfileIn, {"name": "Élodie Ørsted"}))
    assert profiles.get(any_app, "élodie ørsted").name == "Élodie Ørsted"
    assert profiles.get(any_app, "ÉLODIE ØRSTED").name == "Élodie Ørsted"
    with pytest.raises(Conflict):
        profiles.create(any_app, parse(ProfileIn, {"name": "élodie ørsted"}))
