"""Moving in: a person who used Supple at home brings their history into the clinic, with their consent.

The export file (the same format ``supple export`` and the records page make) is checked and written
by the import service as a new profile; the client's account is then pointed at it and the empty
profile made when they joined is removed, all before any record exists in the clinic, so nothing is
merged or overwritten. Moving out is the export itself (records page, JSON, zip, FHIR, PDF).
"""

from __future__ import annotations

from sqlalchemy import delete, exists, select

from supple.clinic import alert_service
from supple.clinic import care_repository as repo
from supple.db.models import Assessment, ExerciseSession, PainRating, Profile, Screening
from supple.errors import Conflict, InvalidInput, NotFound
from supple.problems import Problem
from supple.services.context import Context, transaction
from supple.services.import_ import ImportResult, import_profile

CONSENT = (
    "I bring my Supple history into this clinic, and I agree that the clinicians who follow me there "
    "see it, as they see what I record from now on."
)


def move_in(ctx: Context, client_id: int, raw: bytes, *, consent: bool) -> ImportResult:
    if not consent:
        raise InvalidInput([Problem.saying("consent", "tick the box to say you agree to bring your history in")])
    if not raw:
        raise InvalidInput([Problem.saying("file", "please choose the export file (.json or .zip)")])
    with transaction(ctx) as s:
        record = repo.record(s, client_id)
        if record is None:
            raise NotFound("There is no such client.")
        old = s.get(Profile, record.profile_id)
        assert old is not None
        name = old.name
        for model in (Screening, ExerciseSession, Assessment, PainRating):
            if s.scalar(select(exists().where(model.profile_id == old.id))):
                raise Conflict(
                    "You have records in the clinic already, so a history from home can no longer be brought in "
                    "(nothing is merged or overwritten). Ask your clinician."
                )
    result = import_profile(ctx, raw, as_name=f"{name[:72]} moving")
    try:
        with transaction(ctx) as s:
            record = repo.record(s, client_id)
            new = s.scalar(select(Profile).where(Profile.name == result.name))
            assert record is not None
            assert new is not None
            old_id, record.profile_id = record.profile_id, new.id
            s.flush()
            s.execute(delete(Profile).where(Profile.id == old_id))
            s.flush()
            new.name = name
    except Exception:
        with transaction(ctx) as s:
            s.execute(delete(Profile).where(Profile.name == result.name))
        raise
    alert_service.evaluate_alerts(ctx, client_id=client_id)
    return ImportResult(name, result.records)
