"""Several people in one store: commands must say whose data they mean."""

from __future__ import annotations

import subprocess

import pytest

from tests.cli.conftest import Journey
from tests.cli.runner import copy_store, output, run

Result = subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def two_profiles(journey: Journey, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    folder = tmp_path_factory.mktemp("two-profiles")
    copy_store(journey.snapshot, folder)
    return {
        "create Bob": run(folder, "profile", "create", "Bob", "--birth-year", "1975"),
        "plan": run(folder, "plan"),
        "--profile Bob": run(folder, "--profile", "Bob", "profile", "show"),
        "SUPPLE_PROFILE=Ann": run(folder, "plan", env={"SUPPLE_PROFILE": "Ann"}),
        "status": run(folder, "status"),
        "status --profile Zed": run(folder, "status", "--profile", "Zed"),
        "status -p Bob": run(folder, "status", "-p", "Bob"),
        "--profile Zed plan": run(folder, "--profile", "Zed", "plan"),
    }


def test_a_second_profile_can_be_created_in_the_same_store(
    two_profiles: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assert two_profiles["create Bob"].returncode == 0
    assert "Created profile 'Bob'" in output(two_profiles["create Bob"])


def test_a_command_without_profile_exits_2_and_says_how_to_choose_without_naming_anyone(
    two_profiles: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = two_profiles["plan"]
    assert result.returncode == 2
    text = output(result)
    assert "Error: Several profiles exist: choose one with --profile NAME (or -p NAME)." in text
    assert "To see them: supple profile list." in text
    assert "Ann" not in text
    assert "Bob" not in text


def test_the_profile_option_picks_one_person(two_profiles: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = two_profiles["--profile Bob"]
    assert result.returncode == 0, result.stderr
    assert "Bob: born 1975" in output(result)
    assert "Ann" not in output(result)


def test_the_supple_profile_environment_variable_picks_one_person(
    two_profiles: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = two_profiles["SUPPLE_PROFILE=Ann"]
    assert result.returncode == 0, result.stderr
    assert "Today's routine for Ann" in output(result)


def test_status_with_two_profiles_says_how_to_choose_instead_of_a_vague_error(
    two_profiles: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = two_profiles["status"]
    assert result.returncode == 0, result.stderr
    text = output(result)
    assert "Several profiles exist: choose one with --profile NAME (or -p NAME)." in text
    assert "Ann" not in text
    assert "Bob" not in text
    assert "Next: supple status --profile NAME" in text


@pytest.mark.parametrize("case", ["status --profile Zed", "--profile Zed plan"])
def test_an_unknown_profile_exits_2_and_says_how_to_list_them_without_naming_the_others(
    two_profiles: dict[str, subprocess.CompletedProcess[str]], case: str
) -> None:
    result = two_profiles[case]
    assert result.returncode == 2, output(result)
    assert result.stderr.startswith("Error: No profile called 'Zed'. To see the profiles"), result.stderr
    assert "supple profile list" in result.stderr
    assert "choose one with --profile NAME (or -p NAME)." in result.stderr
    assert "Ann" not in result.stderr
    assert "Bob" not in result.stderr
    assert result.stdout == ""


def test_status_takes_the_profile_after_its_name_too(two_profiles: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = two_profiles["status -p Bob"]
    assert result.returncode == 0, result.stderr
    assert "Bob" in output(result)
    assert "Several profiles" not in output(result)
