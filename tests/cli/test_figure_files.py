"""`supple exercises ID --gif PATH` (and --png) write the figure; bad use exits 2 with a plain message."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.cli.runner import run


def test_exercises_id_gif_writes_a_looping_gif_and_png_writes_the_end_position(tmp_path: Path) -> None:
    gif, png = tmp_path / "couch.gif", tmp_path / "couch.png"
    result = run(tmp_path, "exercises", "couch-stretch", "--gif", str(gif), "--png", str(png), "--side", "left")
    assert result.returncode == 0, result.stderr
    assert f"Wrote {gif}" in result.stdout
    assert f"Wrote {png}" in result.stdout
    with Image.open(gif) as image:
        assert image.format == "GIF"
        assert getattr(image, "n_frames", 1) > 10
        assert image.height == 240
    with Image.open(png) as image:
        assert image.format == "PNG"
        assert image.height == 240


def test_gif_without_an_exercise_id_or_to_a_missing_folder_exits_with_a_plain_message(tmp_path: Path) -> None:
    no_id = run(tmp_path, "exercises", "--gif", str(tmp_path / "x.gif"))
    assert no_id.returncode == 2
    assert "need an exercise ID" in no_id.stderr
    assert "Traceback" not in no_id.stderr
    nowhere = run(tmp_path, "exercises", "couch-stretch", "--gif", str(tmp_path / "missing" / "x.gif"))
    assert nowhere.returncode == 2
    assert f"--gif: the folder {tmp_path / 'missing'} does not exist" in nowhere.stderr
    assert "Traceback" not in nowhere.stderr
    assert not (tmp_path / "missing").exists()


def test_a_wrong_suffix_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    gif_as_png = run(tmp_path, "exercises", "couch-stretch", "--gif", str(tmp_path / "fig.png"))
    assert gif_as_png.returncode == 2
    assert "--gif: 'fig.png' has the wrong file type. Allowed: .gif." in gif_as_png.stderr
    png_as_jpg = run(tmp_path, "exercises", "couch-stretch", "--png", str(tmp_path / "fig.jpg"))
    assert png_as_jpg.returncode == 2
    assert "--png: 'fig.jpg' has the wrong file type. Allowed: .png." in png_as_jpg.stderr
    unwritable = run(tmp_path, "exercises", "couch-stretch", "--png", "/proc/fig.png")
    assert unwritable.returncode == 2
    assert "--png: cannot write in the folder /proc" in unwritable.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".png", ".jpg", ".gif")) == []


def test_a_home_test_is_drawn_too_and_its_id_alone_points_to_the_options(tmp_path: Path) -> None:
    png = tmp_path / "knee.png"
    drawn = run(tmp_path, "exercises", "knee-to-wall", "--png", str(png))
    assert drawn.returncode == 0, drawn.stderr
    assert f"Wrote {png}" in drawn.stdout
    with Image.open(png) as image:
        assert image.format == "PNG"
    alone = run(tmp_path, "exercises", "knee-to-wall")
    assert alone.returncode == 2
    assert "'knee-to-wall' is a home test" in alone.stderr
    unknown = run(tmp_path, "exercises", "no-such-thing", "--gif", str(tmp_path / "x.gif"))
    assert unknown.returncode == 2
    assert "No exercise or test 'no-such-thing'" in unknown.stderr
