"""Measuring through the service with the real model: photo, video, reps, and confirming a result."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from supple.bootstrap import App
from supple.db.models import Measurement
from supple.domain import pose_quality as q
from supple.errors import InvalidInput, PreconditionMissing
from supple.services import assessments, measure, profiles, screening
from supple.services.inputs import ProfileIn, parse
from supple.vision.media import MediaKind
from tests import factories as f
from tests.vision.media import COCO_IMAGE, lying_photo


def ready(app: App, name: str = "Ann") -> None:
    profiles.create(app, parse(ProfileIn, {"name": name, "birth_year": 1970, "sex": "female"}))
    screening.run_full_screen(app, name, f.screen_answers())


@pytest.fixture
def photo(tmp_path: Path, coco_rgb: object) -> Path:
    return Path(shutil.copy(COCO_IMAGE, tmp_path / "side.jpg"))


def stored(app: App) -> list[Measurement]:
    with app.sessions() as s:
        return list(s.query(Measurement).all())


def test_the_skier_photo_is_refused_as_knee_to_wall_it_is_not_a_lunge(app: App, photo: Path) -> None:
    ready(app)
    result = measure.analyse(app, photo, "knee-to-wall", "left")
    assert not result.ok
    assert q.NOT_LUNGE in {i.code for i in result.issues}
    assert result.values == {}


def test_an_accepted_photo_is_read_and_nothing_is_stored_before_confirming(app: App, tmp_path: Path) -> None:
    ready(app)
    result = measure.analyse(app, lying_photo(tmp_path), "modified-thomas", "left")
    assert result.ok
    assert result.kind is MediaKind.PHOTO
    assert result.frame is None
    assert set(result.values) == {"thigh_angle_deg", "knee_flexion_deg"}
    assert result.confidence > 0.8
    assert result.annotated_jpeg.startswith(b"\xff\xd8")
    assert stored(app) == []
    assert not (app.settings.data_dir / "camera").exists()

    done = measure.confirm(app, "Ann", result, data_dir=app.settings.data_dir)
    by_metric = {m.metric_id: m for m in stored(app)}
    m = by_metric["thigh_angle_deg"]
    assert (m.test_id, m.side, m.method) == ("modified-thomas", "left", "camera")
    assert m.value == pytest.approx(result.values["thigh_angle_deg"], abs=0.05)
    assert done.still is not None
    assert done.still.read_bytes() == result.annotated_jpeg
    current = assessments.current(app, "Ann")
    assert current is not None


def test_a_failed_quality_gate_gives_retake_advice_and_cannot_be_recorded(app: App, photo: Path) -> None:
    ready(app)
    far = measure.analyse(app, photo, "knee-to-wall", "right")  # the right leg is the far one in this photo
    assert [i.code for i in far.issues] == [q.FAR_LEG]
    assert far.values == {}
    tilted = measure.analyse(app, photo, "knee-to-wall", "left", level_deg=12)
    assert q.TILTED in {i.code for i in tilted.issues}
    with pytest.raises(InvalidInput, match="Nothing was recorded"):
        measure.confirm(app, "Ann", far, data_dir=app.settings.data_dir)
    assert stored(app) == []


def test_when_recording_fails_no_still_is_left_behind(app: App, tmp_path: Path) -> None:
    profiles.create(app, parse(ProfileIn, {"name": "Bo", "birth_year": 1970, "sex": "male"}))  # not screened yet
    result = measure.analyse(app, lying_photo(tmp_path), "modified-thomas", "left")
    assert result.ok
    with pytest.raises(PreconditionMissing):
        measure.confirm(app, "Bo", result, data_dir=app.settings.data_dir)
    assert list((app.settings.data_dir / "camera").glob("*")) == []
    assert stored(app) == []


def test_an_angle_outside_the_tests_range_is_not_offered(app: App, photo: Path) -> None:
    # The skier's thigh is nearly upright: far outside the Thomas test's -45..45 degrees thigh angle.
    result = measure.analyse(app, photo, "modified-thomas", "left")
    assert result.values == {}
    assert {i.code for i in result.issues} & {measure.OUT_OF_RANGE, q.WRONG_POSTURE}


def test_unsupported_tests_sides_and_level_readings_are_refused_naming_the_field(app: App, photo: Path) -> None:
    with pytest.raises(InvalidInput) as err:
        measure.analyse(app, photo, "seated-thoracic-rotation", "middle", level_deg=120)
    fields = {p.field: p for p in err.value.problems}
    assert set(fields) == {"test", "side", "level"}
    assert fields["level"].allowed == "-90 to 90 degrees"
    assert fields["level"].unit == "degrees"
    assert "knee-to-wall" in (fields["test"].allowed or "")


def test_a_video_is_read_at_its_steadiest_end_range_and_gated(app: App, lunge_loop: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = measure.analyse(app, lunge_loop, "knee-to-wall", "left", progress=lambda d, t: seen.append((d, t)))
    assert result.kind is MediaKind.VIDEO
    assert seen[-1][0] == seen[-1][1] == 90  # every frame reported to the progress bar
    assert result.frame is not None
    assert result.frames_averaged is not None
    assert result.frames_averaged[0] <= result.frame <= result.frames_averaged[1]
    assert result.spread_deg is not None
    # cam01 films the lunge from the front: the retake advice says so instead of giving a number
    assert q.NOT_SIDE_VIEW in {i.code for i in result.issues}
    assert result.values == {}


@pytest.mark.parametrize("exercise", ["standing-knee-to-wall", "quadruped-rock-back"])
def test_reps_are_counted_in_a_session_video(app: App, lunge_loop: Path, exercise: str) -> None:
    result = measure.count_reps(app, lunge_loop, exercise, "left")
    assert result.issues == []
    assert result.count == 3
    assert len(result.peak_times_s) == 3
    assert result.high_deg - result.low_deg > 15


def test_reps_need_a_video_and_a_countable_exercise(app: App, photo: Path) -> None:
    with pytest.raises(InvalidInput, match="not analysed"):
        measure.count_reps(app, photo, "couch-stretch", "left")
    with pytest.raises(InvalidInput) as err:
        measure.count_reps(app, photo, "quadruped-rock-back", "left")
    assert "needs a video" in str(err.value)


def test_a_second_person_in_the_background_is_found_and_gets_its_advice(app: App, tmp_path: Path) -> None:
    import cv2

    from tests.vision.media import LUNGE_CLIP, read_frames

    [frame] = read_frames(LUNGE_CLIP, [0], width=540)  # a helper stands at the back
    photo = tmp_path / "two.png"
    cv2.imwrite(str(photo), frame)
    result = measure.analyse(app, photo, "knee-to-wall", "left")
    assert q.MORE_THAN_ONE in {i.code for i in result.issues}
    assert result.values == {}
