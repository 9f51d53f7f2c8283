"""Walk recordings as FHIR Observations (issue 16), one per walk, for services/fhir.py.

Codes (docs/export.md): the Observation is Supple's own ``walk/walk-test``, category ``activity``; its
components are the step count (LOINC 55423-8 "Number of steps in unspecified time Pedometer") and, in
Supple's code system ``walk``, the cadence (steps/min), the impact at the person's cadence and the impact
at 110 steps/min (UCUM ``[g]``, standard gravity) and the side ratio. The walk's placement and, when no
impact was measured, the reason are in Observation.note.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.db.models import WalkRecording

CODE_SYSTEM = "urn:supple:fhir:CodeSystem"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
_ACTIVITY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "activity",
            "display": "Activity",
        }
    ]
}


def _walk_code(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": f"{CODE_SYSTEM}/walk", "code": code, "display": display}]}


def _quantity(value: float, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def walk_observations(s: Session, profile_id: int, subject: dict[str, str]) -> list[dict[str, Any]]:
    rows = s.scalars(
        select(WalkRecording).where(WalkRecording.profile_id == profile_id).order_by(WalkRecording.id)
    ).all()
    return [_observation(w, subject) for w in rows]


def _observation(w: WalkRecording, subject: dict[str, str]) -> dict[str, Any]:
    steps = {
        "code": {
            "coding": [{"system": LOINC, "code": "55423-8", "display": "Number of steps in unspecified time Pedometer"}]
        },
        "valueQuantity": _quantity(w.steps, "steps", "{steps}"),
    }
    components = [steps]
    if w.cadence is not None:
        components.append(
            {
                "code": _walk_code("cadence", "Steps per minute while walking"),
                "valueQuantity": _quantity(w.cadence, "steps/min", "/min"),
            }
        )
    if w.impact_g is not None:
        components.append(
            {
                "code": _walk_code("impact", "Peak vertical acceleration at the lower back after heel strike"),
                "valueQuantity": _quantity(w.impact_g, "g", "[g]"),
            }
        )
    if w.matched_impact_g is not None:
        components.append(
            {
                "code": _walk_code("impact-at-110", "The same, converted to a cadence of 110 steps per minute"),
                "valueQuantity": _quantity(w.matched_impact_g, "g", "[g]"),
            }
        )
    if w.side_ratio is not None:
        components.append(
            {
                "code": _walk_code("side-ratio", "Larger over smaller mean impact of alternate steps"),
                "valueQuantity": _quantity(w.side_ratio, "ratio", "1"),
            }
        )
    notes = [f"phone: {w.placement}; {w.rate_hz:g} samples per second; source: {w.source}"]
    if w.no_impact_reason:
        notes.append(f"no impact value: {w.no_impact_reason}")
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [_ACTIVITY],
        "code": _walk_code("walk-test", "Walk recorded with a phone"),
        "subject": subject,
        "effectiveDateTime": w.recorded_at.astimezone().isoformat(),
        "component": components,
        "note": [{"text": n} for n in notes],
    }
