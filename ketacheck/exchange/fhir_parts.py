"""What every FHIR resource of the export is made of: the code systems, the ids, and the
parts an Observation shares. Used by :mod:`ketacheck.exchange.fhir` (the Bundle, the
infusions and check-ins) and :mod:`ketacheck.exchange.fhir_questionnaires`."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

from ketacheck.core.words import printable

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
#: ketacheck's own codes: a check-in question's field (``dizziness``), shown as its question.
CHECKIN_SYSTEM = "https://ketacheck.invalid/fhir/CodeSystem/checkin"
#: The ketacheck record (or record and answer) that a resource shows.
RECORD_SYSTEM = "https://ketacheck.invalid/fhir/record-id"

#: Resource ids are name-based UUIDs (RFC 4122 version 5) in this namespace, made from
#: what the resource shows and the id of its record. Never change it: clinics that
#: imported a file would get every resource twice.
ID_NAMESPACE = uuid.UUID("6f0c3b52-8a1e-5d4b-9c7e-2b7d3f1a9e40")


def resource_id(kind: str, record_id: str) -> str:
    """A FHIR id for the ``kind`` of resource made from record ``record_id``: the same
    every time, and unlike any other's."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}/{record_id}"))


def fhir_text(value: str) -> str | None:
    """Patient-typed text as a FHIR string: no control characters, no leading or trailing
    space, and None when nothing is left (FHIR has no empty strings)."""
    return printable(value).strip() or None


def coding(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def concept(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [coding(system, code, display)], "text": display}


@cache
def category_of(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [coding(CATEGORY_SYSTEM, code, display)]}]


def record_identifier(value: str) -> list[dict[str, str]]:
    return [{"system": RECORD_SYSTEM, "value": value}]


def subject_of(patient: str | None) -> dict[str, Any]:
    return {} if patient is None else {"subject": {"reference": f"urn:uuid:{patient}"}}


def observation_base(
    kind: str,
    record: str,
    patient: str | None,
    effective: str,
    category: tuple[str, str],
    code: dict[str, Any],
) -> dict[str, Any]:
    """The part every Observation shares: id, status, category, code, who and when
    (``effective``, the ISO time: a check-in's dozen Observations share one)."""
    return {
        "resourceType": "Observation",
        "id": resource_id(kind, record),
        "identifier": record_identifier(record),
        "status": "final",
        "category": category_of(*category),
        "code": code,
        **subject_of(patient),
        "effectiveDateTime": effective,
    }


SURVEY = ("survey", "Survey")
VITAL_SIGNS = ("vital-signs", "Vital Signs")
