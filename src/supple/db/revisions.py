"""Every flush that writes a profile's records bumps that profile's revision.

Read views (today's routine, progress) are cached against (profile, revision), so a cache entry can
never outlive the data it was built from, whichever door or process wrote it.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from supple.db.models import Assessment, ExerciseSession, Measurement, Profile, PsfsRating, SessionItem


def _owner(obj: Any) -> int | None:
    if isinstance(obj, Profile):
        return None
    if isinstance(obj, Measurement):
        return obj.assessment.profile_id if obj.assessment is not None else None
    if isinstance(obj, SessionItem):
        return obj.session.profile_id if obj.session is not None else None
    if isinstance(obj, PsfsRating):
        return None  # always written together with its PainRating, which has an owner
    owner = getattr(obj, "profile_id", None)
    return owner if isinstance(owner, int) else None


@event.listens_for(Session, "before_flush")
def _bump_revisions(session: Session, _flush_context: Any, _instances: Any) -> None:
    touched: set[int] = set()
    profiles: set[Profile] = set()
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Profile) and obj in session.new and not obj.revision:
            # A deleted profile's id may be given again: start far from any count the old one reached,
            # so a view cached for it (in this or another process) can never match the new person.
            obj.revision = secrets.randbelow(2**29) + 2**20
        if isinstance(obj, Profile):
            if obj in session.dirty or obj in session.deleted:
                profiles.add(obj)
            continue
        if isinstance(obj, Assessment | ExerciseSession) and obj.profile_id is None:
            continue
        owner = _owner(obj)
        if owner is not None:
            touched.add(owner)
    for pid in touched:
        p = session.get(Profile, pid)
        if p is not None:
            profiles.add(p)
    for p in profiles:
        if p in session.deleted:
            continue
        if p in session.new:
            p.revision = (p.revision or 0) + 1
        else:
            # Counted by the database (UPDATE ... SET revision = revision + 1), not from the copy this
            # session read: two writers at once (a page and a job worker) each add one, so the revision
            # never goes back to a number a cached view was stored under.
            p.revision = Profile.revision + 1
