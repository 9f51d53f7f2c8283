"""`supple exercises ID --gif PATH` (and --png) write the figure; bad use exits 2 with a plain message."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.cli.runner import run


def test_exercises_id_gif_writes_a_looping_gif_and_png_writes_the_end_position(tmp_path: Path):
    gif, png = tmp_path / "couch.gif", tmp_path / "couch.png"
    result = run(tmp_path, "exercises", "couch-stretch", "--gif", str(gif), "--png", str(png), "--side", "left")
    assert result.returncode == 0, result.stderr
    assert f"Wrote {gif}" in result.stdout
    assert f"Wrote {png}" in result.stdout
    with Image.open(gif) as image:
        assert image.format == "GIF"
        assert image.n_frames > 10
        assert image.height == 240
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.height == 240


def test_gif_without_an_exercise_id_or_to_a_missing_folder_exits_with_a_plain_message(tmp_path: Path):
    no_id = run(tmp_path, "exercises", "--gif", str(tmp_path / "x.gif"))
    assert no_id.returncode == 2
    assert "need an exercise ID" in no_id.stderr
    assert "Traceback" not in no_id.stderr
    nowhere = run(tmp_path, "exercises", "couch-stretch", "--gif", str(tmp_path / "missing" / "x.gif"))
    assert nowhere.returncode != 0
    assert "Could not write" in nowhere.stderr
    assert "Traceback" not in nowhere.stderr
    assert not (tmp_path / "missing").exists()
