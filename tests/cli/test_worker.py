"""`supple worker` and `supple serve --workers`: clinic mode on PostgreSQL only, said plainly otherwise."""

from __future__ import annotations

from pathlib import Path

from tests.cli.runner import output, run


def test_a_worker_on_the_home_store_says_it_needs_the_clinics_postgresql(tmp_path: Path) -> None:
    result = run(tmp_path, "worker")
    assert result.returncode != 0
    said = output(result)
    assert "'supple worker' needs the clinic's PostgreSQL" in said
    assert "SUPPLE_DATABASE_URL" in said


def test_several_web_workers_need_clinic_mode_on_postgresql(tmp_path: Path) -> None:
    result = run(tmp_path, "serve", "--clinic", "--workers", "2")
    assert result.returncode != 0
    assert "--workers needs clinic mode on PostgreSQL" in output(result)


def test_the_worker_count_is_checked_before_anything_starts(tmp_path: Path) -> None:
    result = run(tmp_path, "serve", "--workers", "0")
    assert result.returncode == 2
    assert "--workers" in output(result)
