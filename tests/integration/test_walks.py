"""Walk files in every supported format are read the same way; bad files are refused and store nothing."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, select

from supple.bootstrap import App
from supple.db.models import WalkRecording
from supple.errors import InvalidInput
from supple.services import profiles, walks
from tests.factories import Clock
from tests.gait_files import generic_csv, phyphox_csv, sensor_logger_zip, true_steps, walk


def _count(app: App) -> int:
    with app.sessions() as s:
        return s.scalar(select(func.count()).select_from(WalkRecording)) or 0


@pytest.fixture
def ann(app: App) -> App:
    profiles.create(app, {"name": "Ann"})
    return app


def _steps(data: bytes, name: str = "walk.csv", placement: str = "lower-back") -> int:
    return int(walks.analyse_bytes(data, name, placement).result.steps)


def test_the_same_walk_gives_the_same_steps_from_every_file_format() -> None:
    t, acc = walk(60)
    expected = true_steps(60)
    counts = {
        "generic in g": _steps(generic_csv(t, acc, "g")),
        "generic in m/s²": _steps(generic_csv(t, acc, "m/s2")),
        "generic with ms times": _steps(generic_csv(t * 1000, acc, "g", header="time,ax,ay,az")),
        "phyphox": _steps(phyphox_csv(t, acc)),
        "phyphox semicolon, decimal comma": _steps(phyphox_csv(t, acc, semicolon=True)),
        "sensor logger with gravity split": _steps(sensor_logger_zip(t, acc), "walk.zip"),
        "sensor logger total": _steps(sensor_logger_zip(t, acc, split_gravity=False), "walk.zip"),
    }
    for what, n in counts.items():
        assert abs(n - expected) <= 0.03 * expected, what


def test_g_and_metres_per_second_squared_give_the_same_impact() -> None:
    t, acc = walk(60)
    a = walks.analyse_bytes(generic_csv(t, acc, "g"), "a.csv", "lower-back").result.impact
    b = walks.analyse_bytes(generic_csv(t, acc, "m/s2"), "b.csv", "lower-back").result.impact
    assert a is not None
    assert b is not None
    assert a.matched_g == pytest.approx(b.matched_g, abs=0.01)


def test_a_file_without_gravity_gives_steps_but_no_impact() -> None:
    import io
    import zipfile

    t, acc = walk(60)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        gravity = np.tile(np.median(acc, axis=0), (len(t), 1))
        from tests.gait_files import sensor_logger_csv

        zf.writestr("Accelerometer.csv", sensor_logger_csv(t, acc - gravity))
    result = walks.analyse_bytes(buf.getvalue(), "walk.zip", "lower-back").result
    assert result.impact is None
    assert result.no_impact_reason == "no-gravity"
    assert abs(result.steps - true_steps(60)) <= 0.05 * true_steps(60)


def _zip_with(name: str) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, "a,b\n1,2\n")
    return buf.getvalue()


def _refusal(data: bytes, name: str = "walk.csv", placement: str = "lower-back") -> str:
    with pytest.raises(InvalidInput) as err:
        walks.analyse_bytes(data, name, placement)
    problems = err.value.problems
    assert problems
    return " ".join(f"{p.field}: {p.message} ({p.allowed} {p.unit or ''})" for p in problems)


def test_bad_files_are_refused_with_the_field_the_reason_and_what_is_allowed() -> None:
    t, acc = walk(60)
    still_t = np.arange(0, 60, 0.01)
    still = np.tile([0.0, 0.0, 9.81], (len(still_t), 1))
    hours_t = np.arange(0, 10 * 3600, 1.0)
    assert "file: the file is empty" in _refusal(b"")
    assert "header but no samples" in _refusal(b"t,x,y,z\n")
    assert "the columns are time, a, b, c" in _refusal(b"time,a,b,c\n0,1,2,3\n")
    assert "not a number" in _refusal(b"t,x,y,z\n0,1,x,3\n0.01,1,2,3\n")
    assert "neither about 1 g nor about 9.8 m/s²" in _refusal(generic_csv(t, acc * 30, "m/s2"))
    assert "too short" in _refusal(generic_csv(t[:1000], acc[:1000]))
    assert "no walking was found" in _refusal(generic_csv(still_t, still))
    assert "10.0 hours, too long" in _refusal(generic_csv(hours_t, np.tile([0.0, 0.0, 9.81], (len(hours_t), 1))))
    assert "times do not go strictly upwards" in _refusal(generic_csv(t[::-1].copy(), acc))
    assert "no accelerometer file" in _refusal(_zip_with("Metadata.csv"), "x.zip")
    assert "zip file is damaged" in _refusal(b"PK\x03\x04" + b"\0" * 30, "x.zip")
    assert "placement: 'hand'" in _refusal(generic_csv(t, acc), placement="hand")
    assert "too large" in _refusal(b"t,x,y,z\n" + b"0,0,0,1\n" * (7 * 2**20), "big.csv")


def test_a_refused_file_stores_nothing_and_a_good_one_is_stored_once(ann: App) -> None:
    t, acc = walk(60)
    with pytest.raises(InvalidInput):
        walks.record(ann, "Ann", walks.analyse_bytes(b"t,x,y,z\n", "x.csv", "lower-back"), "lower-back")
    assert _count(ann) == 0
    stored = walks.record(ann, "Ann", walks.analyse_bytes(generic_csv(t, acc), "w.csv", "lower-back"), "lower-back")
    assert _count(ann) == 1
    assert stored.steps == walks.get(ann, "Ann", stored.id).steps
    assert stored.matched_impact_g is not None


def test_the_trend_says_real_change_only_beyond_the_measured_noise(ann: App, clock: Clock) -> None:
    soft = generic_csv(*walk(60, seed=1))
    from supple.domain.gait_impact import synthetic_walk

    hard = generic_csv(*synthetic_walk(60, 100, 110, seed=1, impact_g=1.9))
    walks.record(ann, "Ann", walks.analyse_bytes(soft, "a.csv", "lower-back"), "lower-back")
    clock.advance(days=1)
    walks.record(ann, "Ann", walks.analyse_bytes(soft, "a.csv", "lower-back"), "lower-back")
    same = walks.summary(ann, "Ann").trend
    assert same is not None
    assert not same.real
    clock.advance(days=1)
    walks.record(ann, "Ann", walks.analyse_bytes(hard, "b.csv", "lower-back"), "lower-back")
    summary = walks.summary(ann, "Ann")
    assert summary.trend is not None
    assert summary.trend.real
    assert summary.trend.change_g > summary.mdc_g
    assert len(summary.daily_weighted_steps) == 3
