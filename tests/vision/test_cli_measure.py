"""`supple measure` and `supple reps` through the installed console script."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.runner import output, run, write_answers
from tests.factories import screen_answers
from tests.vision.media import COCO_IMAGE, lying_photo


def test_measure_a_photo_then_record_it_as_a_camera_result(tmp_path: Path) -> None:
    photo = lying_photo(tmp_path)
    assert run(tmp_path, "profile", "create", "Ann", "--birth-year", "1970", "--sex", "female").returncode == 0
    assert run(tmp_path, "screen", "--answers", write_answers(tmp_path / "s.yaml", screen_answers())).returncode == 0

    done = run(
        tmp_path,
        "measure",
        str(photo),
        "--test",
        "modified-thomas",
        "--side",
        "left",
        "--record",
        "--json",
        "--annotated",
        str(tmp_path / "out.jpg"),
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no native log noise from MediaPipe
    result = json.loads(done.stdout)
    assert result["ok"] is True
    assert -10 < result["values"]["thigh_angle_deg"] < 20
    assert result["frame"] is None
    assert 0.5 < result["confidence"] <= 1
    assert Path(result["recorded"]["still"]).is_file()
    assert (tmp_path / "out.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert photo.exists()  # the person's own file is never deleted by the CLI


def test_a_failed_quality_gate_and_a_bad_file_exit_with_code_2_and_plain_advice(tmp_path: Path) -> None:
    photo = Path(shutil.copy(COCO_IMAGE, tmp_path / "side.jpg"))
    far = run(tmp_path, "measure", str(photo), "--test", "knee-to-wall", "--side", "right")
    assert far.returncode == 2
    assert "right leg is the one farther from the camera" in output(far)
    assert "°" not in far.stdout  # never a silent number

    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    bad = run(tmp_path, "reps", str(text), "--exercise", "quadruped-rock-back", "--side", "left")
    assert bad.returncode == 2
    assert "Error: The file cannot be measured" in bad.stderr
    assert "not a photo or a video" in output(bad)


def test_a_bad_annotated_path_is_refused_before_the_picture_is_analysed(tmp_path: Path) -> None:
    photo = Path(shutil.copy(COCO_IMAGE, tmp_path / "side.jpg"))
    args = ("measure", str(photo), "--test", "knee-to-wall", "--side", "left", "--record", "--annotated")
    missing = run(tmp_path, *args, str(tmp_path / "missing" / "x.jpg"))
    assert missing.returncode == 2
    assert f"--annotated: the folder {tmp_path / 'missing'} does not exist" in missing.stderr
    assert "°" not in missing.stdout  # refused before the analysis, so nothing measured and nothing lost
    text = run(tmp_path, *args, str(tmp_path / "x.txt"))
    assert text.returncode == 2
    assert "--annotated: 'x.txt' has the wrong file type — allowed: .jpg, .jpeg" in text.stderr
    assert not (tmp_path / "x.txt").exists()
    reps_args = ("reps", str(photo), "--exercise", "quadruped-rock-back", "--side", "left")
    reps = run(tmp_path, *reps_args, "--annotated", "/proc/r.jpg")
    assert reps.returncode == 2
    assert "--annotated: cannot write in the folder /proc" in reps.stderr


def test_a_tiny_png_exits_with_code_2_and_says_it_is_too_small(tmp_path: Path) -> None:
    from PIL import Image

    for side in (1, 15):
        png = tmp_path / f"tiny{side}.png"
        Image.new("RGB", (side, side), (200, 180, 160)).save(png)
        done = run(tmp_path, "measure", str(png), "--test", "knee-to-wall", "--side", "left")
        assert done.returncode == 2, done.stderr
        assert f"the photo is {side} × {side} pixels, too small to show a person" in done.stderr
        assert "at least 32 pixels per side" in done.stderr
        assert "something went wrong" not in done.stderr


def test_with_json_a_refused_file_is_reported_as_json_on_stdout(tmp_path: Path) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("not a photo")
    done = run(tmp_path, "measure", str(text), "--test", "knee-to-wall", "--side", "left", "--json")
    assert done.returncode == 2
    result = json.loads(done.stdout)
    assert result["ok"] is False
    assert result["error"] == "invalid-input"
    [problem] = result["problems"]
    assert problem["field"] == "file"
    assert "not a photo or a video" in problem["text"]
    assert done.stderr == ""
    reps = run(tmp_path, "reps", str(text), "--exercise", "quadruped-rock-back", "--side", "left", "--json")
    assert reps.returncode == 2
    assert json.loads(reps.stdout)["problems"][0]["field"] == "file"
