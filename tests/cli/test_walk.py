"""`supple walk FILE` and `supple walking` through the installed console script."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.runner import output, run
from tests.gait_files import generic_csv, phyphox_csv, true_steps, walk


def test_a_walk_file_is_analysed_stored_and_compared_with_the_first(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann").returncode == 0
    t, acc = walk(60)
    (tmp_path / "walk.csv").write_bytes(phyphox_csv(t, acc))
    first = run(tmp_path, "walk", "walk.csv", "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["saved"] is True
    assert data["source"] == "phyphox"
    assert abs(data["steps"] - true_steps(60)) <= 2
    assert data["matched_impact_g"] > 1.0
    again = run(tmp_path, "walk", "walk.csv")
    text = output(again)
    assert "steps in 1 walking bout," in text
    assert "(s)" not in text
    assert "Impact at the lower back:" in text
    assert "within the measurement noise" in text
    assert "not a target" in text


def test_analysing_without_saving_needs_no_profile_and_a_pocket_file_has_no_impact(tmp_path: Path) -> None:
    t, acc = walk(60)
    (tmp_path / "walk.csv").write_bytes(generic_csv(t, acc))
    result = run(tmp_path, "walk", "walk.csv", "--placement", "pocket", "--no-save")
    assert result.returncode == 0, result.stderr
    assert "No impact number: A phone in a pocket sits on the thigh" in output(result)


def test_a_bad_file_exits_2_with_the_reason_and_stores_nothing(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann").returncode == 0
    (tmp_path / "bad.csv").write_text("when,a,b\n1,2,3\n")
    result = run(tmp_path, "walk", "bad.csv")
    assert result.returncode == 2
    assert "file: the columns are when, a, b" in output(result)
    listing = run(tmp_path, "walking", "show", "--json")
    assert listing.returncode == 0
    assert json.loads(listing.stdout) is None


def test_the_walking_target_starts_and_logs_at_the_terminal(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann").returncode == 0
    started = run(tmp_path, "walking", "start", "--minutes", "20", "--days", "2")
    assert "Walk 16 minutes on 3 days a week." in output(started)
    logged = run(tmp_path, "walking", "log", "15", "--json")
    assert json.loads(logged.stdout)["week_minutes"] == 15
    assert json.loads(logged.stdout)["week_text"] == "This week: 15 minutes on 1 day."
    one = run(tmp_path, "walking", "log", "1")
    assert "This week: 16 minutes on 1 day." in output(one)
    assert "(s)" not in output(one)
    refused = run(tmp_path, "walking", "log", "0")
    assert refused.returncode == 2
    assert "minutes: 0 is too low. Allowed: 1 to 600 minutes." in output(refused)
