"""`supple checkin` minutes after a session: refused with when it opens (exit 2), before asking anything."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Journey
from tests.cli.runner import output, run, write_answers
from tests.factories import session_log


def test_a_check_in_right_after_the_session_is_refused_and_says_when_it_opens(
    journey: Journey, assessed_store: Path
) -> None:
    ids = [item["exercise_id"] for item in journey.plan()["items"]]
    logged = run(assessed_store, "log", "--answers", write_answers(assessed_store / "now.yaml", session_log(ids)))
    assert logged.returncode == 0, output(logged)
    asked = run(assessed_store, "checkin", input="3\n3\nn\n")
    assert asked.returncode == 2
    said = output(asked)
    assert "Not yet: The morning check-in opens" in said
    assert "from 6:00" in said
    assert "Back pain this morning" not in said  # refused before asking
    assert "Traceback" not in said
    given = run(assessed_store, "checkin", "--pain", "2")
    assert given.returncode == 2
    assert "The morning check-in opens" in output(given)
    assert "from 6:00" in output(given)
    status = output(run(assessed_store, "status"))
    # The re-test is due in this store, so that is the next step; the check-in line says when to come back.
    assert "morning, from 6:00. How your back feels the next morning" in status
    assert "Next: supple checkin" not in status
