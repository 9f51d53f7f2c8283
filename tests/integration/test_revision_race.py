"""Two writers of one profile at once (a page and a job worker) each count in its revision: a revision
never goes back to a number that a cached view (today's routine, progress) was stored under."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from supple.bootstrap import App
from supple.db.models import PainRating, Profile
from supple.services import profiles
from supple.services.inputs import ProfileIn


def _rating(profile_id: int) -> PainRating:
    return PainRating(
        profile_id=profile_id, at=datetime(2026, 3, 1, 9, 0), context="outcome", now=3, average_24h=3, worst_24h=4
    )


def test_a_writer_that_read_the_profile_before_another_wrote_still_moves_the_revision_on(any_app: App) -> None:
    profiles.create(any_app, ProfileIn(name="Ann", birth_year=1970))
    with any_app.sessions() as first, any_app.sessions() as second:
        slow = first.scalars(select(Profile).where(Profile.name == "Ann")).one()  # read early, as a job does
        start = slow.revision
        fast = second.scalars(select(Profile).where(Profile.name == "Ann")).one()
        second.add(_rating(fast.id))
        second.commit()  # the other writer is done: start + 1
        first.add(_rating(slow.id))
        first.commit()  # counted on top of it, not from the copy read before: start + 2
    with any_app.sessions() as s:
        assert s.scalars(select(Profile.revision).where(Profile.name == "Ann")).one() == start + 2
