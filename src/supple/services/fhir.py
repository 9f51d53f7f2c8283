"""A FHIR R4 Bundle (type collection) of one profile's numbers, for a clinician's system.

Built and validated with ``fhir.resources`` (its R4B module: FHIR 4.3, in which Patient, Observation,
QuestionnaireResponse and Bundle are the R4 resources unchanged). The Patient is a pseudonym (the
profile name); nothing identifies the person. Codes (docs/export.md):

- pain: LOINC 72514-3 (0-10 numeric rating, now) with the 24-hour average and worst as components
  coded in Supple's own code system;
- each range-of-motion result (the mean of the trials on one side): SNOMED CT 364564000 "Range of
  joint movement" plus the exact Supple test and metric in Supple's code system; the side as SNOMED
  laterality (7771000 left, 24028007 right); the measuring method in Observation.method;
- the Patient-Specific Functional Scale and clinician-entered questionnaire scores:
  QuestionnaireResponse with the person's own activity names and scores only (no licensed item text);
- each walk recording: one Observation (services/fhir_walks.py lists its codes).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from supple.db.repositories import Assessments, Outcomes
from supple.services import profiles
from supple.services.assessments import rescore
from supple.services.context import Context, transaction

CODE_SYSTEM = "urn:supple:fhir:CodeSystem"  # + '/measurement', '/pain', '/method', '/level'
QUESTIONNAIRE = "urn:supple:fhir:Questionnaire"  # + '/psfs', '/odi', ...
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
_NAMESPACE = uuid.UUID("6f1d3c52-2a7e-4b8e-9d36-3f1f5b0c9a41")
_LATERALITY = {"left": ("7771000", "Left"), "right": ("24028007", "Right")}
_UCUM = {"cm": ("cm", "cm"), "deg": ("deg", "°")}
_SURVEY = {
    "coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey", "display": "Survey"}
    ]
}
_EXAM = {
    "coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "exam", "display": "Exam"}
    ]
}


def _urn(profile: str, *parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '|'.join([profile.lower(), *map(str, parts)]))}"


def _local(kind: str, code: str, display: str) -> dict[str, str]:
    return {"system": f"{CODE_SYSTEM}/{kind}", "code": code, "display": display}


def _score(value: float) -> dict[str, Any]:
    return {"value": value, "unit": "{score}", "system": UCUM, "code": "{score}"}


def bundle(ctx: Context, name: str | None) -> Bundle:
    """The validated Bundle (fhir.resources raises if any resource is malformed)."""
    cat = ctx.catalogue
    entries: list[tuple[str, dict[str, Any]]] = []
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        patient = _urn(p.name, "patient")
        subject = {"reference": patient, "display": p.name}
        entries.append(
            (
                patient,
                {
                    "resourceType": "Patient",
                    "identifier": [{"system": "urn:supple:profile", "value": p.name}],
                    "name": [{"text": p.name, "use": "anonymous"}],
                    "gender": {"female": "female", "male": "male"}.get(p.sex, "unknown"),
                    **({"birthDate": str(p.birth_year)} if p.birth_year else {}),
                },
            )
        )
        out = Outcomes(s)
        for n, r in enumerate(out.pain_ratings(p.id), start=1):
            entries.append((_urn(p.name, "pain", n), _pain(r, subject)))
            psfs = out.psfs_for(r.id)
            if psfs:
                entries.append((_urn(p.name, "psfs", n), _psfs(psfs, r.at.astimezone().isoformat(), subject)))
        for n, q in enumerate(out.questionnaires(p.id), start=1):
            entries.append((_urn(p.name, "questionnaire", n), _questionnaire(q, subject)))
        for n, a in enumerate(Assessments(s).all(p.id), start=1):
            for m in rescore(a, cat, profiles.age_of(p, a.taken_on.year)).results:
                metric = cat.metric(m.test_id, m.metric_id)
                url = _urn(p.name, "rom", n, m.test_id, m.metric_id, m.side.value)
                entries.append((url, _rom(m, metric, cat, a.taken_on.isoformat(), subject)))
        from supple.services.fhir_walks import walk_observations  # issue 16

        entries += [(_urn(p.name, "walk", n), o) for n, o in enumerate(walk_observations(s, p.id, subject), start=1)]
    data = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": ctx.clock().astimezone().isoformat(),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }
    return Bundle.model_validate(data)


def to_json(b: Bundle) -> bytes:
    return json.dumps(json.loads(b.model_dump_json(exclude_none=True)), indent=2, ensure_ascii=False).encode() + b"\n"


def _pain(r: Any, subject: dict[str, str]) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [_SURVEY],
        "code": {
            "coding": [
                {
                    "system": LOINC,
                    "code": "72514-3",
                    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                }
            ],
            "text": "Low back pain now, 0 to 10",
        },
        "subject": subject,
        "effectiveDateTime": r.at.astimezone().isoformat(),
        "valueQuantity": _score(r.now),
        "component": [
            {
                "code": {"coding": [_local("pain", "average-24h", "Average pain over the last 24 hours, 0 to 10")]},
                "valueQuantity": _score(r.average_24h),
            },
            {
                "code": {"coding": [_local("pain", "worst-24h", "Worst pain in the last 24 hours, 0 to 10")]},
                "valueQuantity": _score(r.worst_24h),
            },
        ],
        "note": [{"text": "baseline" if r.context == "baseline" else "follow-up"}],
    }


def _rom(r: Any, metric: Any, cat: Any, on: str, subject: dict[str, str]) -> dict[str, Any]:
    test = cat.tests[r.test_id]
    label = metric.label if metric else r.metric_id
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [_EXAM],
        "code": {
            "coding": [
                {"system": SNOMED, "code": "364564000", "display": "Range of joint movement (observable entity)"},
                _local("measurement", f"{r.test_id}.{r.metric_id}", f"{test.name}: {label}"),
            ],
            "text": f"{test.name}: {label}",
        },
        "subject": subject,
        "effectiveDateTime": on,
        "method": {"coding": [_local("method", r.method.value, r.method.value)], "text": r.method.value},
        "note": [{"text": f"mean of {r.trials} trial{'s' if r.trials != 1 else ''}"}],
    }
    if r.side.value in _LATERALITY:
        code, display = _LATERALITY[r.side.value]
        obs["bodySite"] = {"coding": [{"system": SNOMED, "code": code, "display": display}], "text": f"{display} side"}
    if r.unit.value in _UCUM:
        code, unit = _UCUM[r.unit.value]
        obs["valueQuantity"] = {"value": round(r.value, 2), "unit": unit, "system": UCUM, "code": code}
    else:
        obs["valueBoolean"] = r.value >= 0.5
    if r.level is not None:
        obs["interpretation"] = [{"coding": [_local("level", r.level, r.level)], "text": r.level}]
    t = r.threshold
    if t is not None and t.scored and t.borderline is not None and r.unit.value in _UCUM:
        code, unit = _UCUM[r.unit.value]
        bound = {"value": t.borderline, "unit": unit, "system": UCUM, "code": code}
        higher = t.direction.value == "higher_is_better"
        obs["referenceRange"] = [
            {**({"low": bound} if higher else {"high": bound}), "text": "Supple's guide value (a design proposal)"}
        ]
    return obs


def _psfs(scores: dict[str, int], authored: str, subject: dict[str, str]) -> dict[str, Any]:
    items = [
        {"linkId": f"activity-{i}", "text": activity, "answer": [{"valueInteger": score}]}
        for i, (activity, score) in enumerate(sorted(scores.items()), start=1)
    ]
    mean = round(sum(scores.values()) / len(scores), 2)
    items.append({"linkId": "mean", "text": "Mean score (0 to 10)", "answer": [{"valueDecimal": mean}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{QUESTIONNAIRE}/psfs",
        "status": "completed",
        "subject": subject,
        "authored": authored,
        "item": items,
    }


def _questionnaire(q: Any, subject: dict[str, str]) -> dict[str, Any]:
    """A clinician-entered score: totals and category only (the item wording is licensed)."""
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{QUESTIONNAIRE}/{q.instrument}",
        "status": "completed",
        "subject": subject,
        "authored": q.at.astimezone().isoformat(),
        "item": [
            {"linkId": "total", "text": "Total score", "answer": [{"valueDecimal": q.total}]},
            {"linkId": "category", "text": "Category", "answer": [{"valueString": q.category}]},
        ],
    }
