"""The journal as a FHIR R4 Bundle (type "collection"), for a clinic's health records.

Written as plain dicts, so the export needs no FHIR library; tests/test_fhir.py checks
real exports against the R4B models of the ``fhir.resources`` package.

- each PHQ-9 and GAD-7 is a QuestionnaireResponse pointing at its LOINC panel, with
  LOINC-coded answers, and an Observation of its total score;
- each check-in's answers are Observations coded in ketacheck's own code system (the
  question's field, with the question as the display), and its blood pressure and pulse
  are vital-signs Observations coded in LOINC;
- each infusion is a Procedure with its period.

Every resource's id comes from the id of the record it shows, so the same journal
exported twice gives the same resources. The Patient holds a stable id and, only if the
patient typed one in Settings, their name: no other identity.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, tzinfo
from functools import cache
from typing import Any

import orjson

from ketacheck.core.answers import answer_text
from ketacheck.core.clock import to_iso
from ketacheck.core.contents import JournalContents
from ketacheck.core.questions import QUESTIONS, Kind, Question
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.scales import symptom_band
from ketacheck.exchange.fhir_parts import (
    CHECKIN_SYSTEM,
    LOINC,
    SURVEY,
    UCUM,
    VITAL_SIGNS,
    concept,
    fhir_text,
    observation_base,
    record_identifier,
    resource_id,
    subject_of,
)
from ketacheck.exchange.fhir_questionnaires import questionnaire_response, total_score

BP_PANEL = ("85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = ("8480-6", "Systolic blood pressure")
DIASTOLIC = ("8462-4", "Diastolic blood pressure")
HEART_RATE = ("8867-4", "Heart rate")
#: Check-in answers that go out as vital signs (LOINC), not as ketacheck-coded answers.
VITALS_FIELDS = frozenset({"systolic", "diastolic", "pulse"})


def fhir_entries(
    contents: JournalContents, since: date | None = None, tz: tzinfo | None = None
) -> Iterator[dict[str, Any]]:
    """The Bundle's entries, one at a time: the Patient, then each infusion, each check-in's
    answers and vital signs, and each questionnaire with its total.

    Args:
        since: Keep only records on or after this local date (in ``tz``).
    """
    kept = contents.since(since, tz)
    patient = _patient_id(contents)
    if patient is not None and (kept.infusions or kept.checkins or kept.questionnaires):
        yield _entry(_patient(patient, contents.settings.patient_name))
    for infusion in kept.infusions:
        yield _entry(_procedure(infusion, patient))
    for checkin in kept.checkins:
        for observation in _checkin_observations(checkin, patient):
            yield _entry(observation)
    for result in kept.questionnaires:
        yield _entry(questionnaire_response(result, patient))
        yield _entry(total_score(result, patient))


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _bundle_head(now: datetime) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "timestamp": to_iso(now)}


def fhir_document(
    contents: JournalContents,
    now: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
) -> dict[str, Any]:
    """The journal as a FHIR R4 Bundle of type "collection", whole in memory (for a small
    journal and the tests; :func:`fhir_chunks` writes a big one entry by entry)."""
    bundle = _bundle_head(now)
    entries = list(fhir_entries(contents, since, tz))
    if entries:  # FHIR's JSON has no empty lists: an empty journal has no "entry"
        bundle["entry"] = entries
    return bundle


def fhir_json(document: dict[str, Any]) -> bytes:
    """The Bundle as pretty, UTF-8 JSON ending in a newline."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


#: How many entries go into one chunk of the streamed file.
ENTRIES_PER_CHUNK = 500


def fhir_chunks(
    contents: JournalContents,
    now: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
) -> Iterator[bytes]:
    """The Bundle as the same pretty JSON as :func:`fhir_json`, made entry by entry.

    No whole Bundle is ever built: each chunk holds a few hundred entries, so a journal of
    years is written in little more memory than its records take. Every chunk is whole
    UTF-8, ending between entries.
    """
    head = orjson.dumps(_bundle_head(now), option=orjson.OPT_INDENT_2)
    entries = fhir_entries(contents, since, tz)
    first = next(entries, None)
    if first is None:
        yield head + b"\n"
        return
    yield head[:-2] + b',\n  "entry": [\n'
    batch = [_indented(first)]
    for entry in entries:
        batch.append(_indented(entry))
        if len(batch) == ENTRIES_PER_CHUNK:
            yield b",\n".join(batch) + b",\n"
            batch = []
    yield b",\n".join(batch) + b"\n  ]\n}\n"


def _indented(entry: dict[str, Any]) -> bytes:
    """An entry as it stands in the Bundle's list: indented two levels (four spaces)."""
    return b"    " + orjson.dumps(entry, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    ")


def _patient_id(contents: JournalContents) -> str | None:
    """The Patient's id, from the first record of the whole journal (not only the records
    exported), so an export with ``since`` names the same patient as a full one."""
    firsts = [
        *((i.started_at, i.id) for i in contents.infusions[:1]),
        *((c.at, c.id) for c in contents.checkins[:1]),
        *((q.at, q.id) for q in contents.questionnaires[:1]),
    ]
    return resource_id("patient", min(firsts)[1]) if firsts else None


def _patient(patient: str, name: str | None) -> dict[str, Any]:
    """The Patient: its id, and the name from Settings when there is one (else no name)."""
    shown = None if name is None else fhir_text(name)
    return {
        "resourceType": "Patient",
        "id": patient,
        **({"name": [{"text": shown}]} if shown else {}),
    }


def _procedure(infusion: Infusion, patient: str | None) -> dict[str, Any]:
    procedure: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": resource_id("infusion", infusion.id),
        "identifier": record_identifier(infusion.id),
        "status": "completed",
        "code": {"text": "Ketamine infusion"},
        **subject_of(patient),
        "performedPeriod": {"start": to_iso(infusion.started_at), "end": to_iso(infusion.ended_at)},
    }
    note = fhir_text(infusion.note)
    if note is not None:
        procedure["note"] = [{"text": note}]
    return procedure


def _answer_value(question: Question, value: Any) -> dict[str, Any] | None:
    """A check-in answer as an Observation's value[x] (and its band), or None if unanswered."""
    if value is None:
        return None
    match question.kind:
        case Kind.SCALE:
            shown: dict[str, Any] = {"valueInteger": value}
            if question.banded:
                shown["interpretation"] = [{"text": symptom_band(value).value}]
            return shown
        case Kind.COUNT:
            return {"valueInteger": value}
        case Kind.YES_NO:
            return {"valueBoolean": value}
        case Kind.HOURS:
            return {"valueQuantity": {"value": value, "unit": "h", "system": UCUM, "code": "h"}}
    text = fhir_text(answer_text(question, value))
    return None if text is None else {"valueString": text}


@cache
def _answered_questions() -> tuple[tuple[Question, dict[str, Any]], ...]:
    """The check-in questions that go out as ketacheck-coded answers, each with its code:
    made once, and shared by every Observation of that question."""
    return tuple(
        (question, concept(CHECKIN_SYSTEM, question.field, question.prompt))
        for question in QUESTIONS
        if question.field not in VITALS_FIELDS
    )


def _checkin_observations(checkin: CheckIn, patient: str | None) -> list[dict[str, Any]]:
    """One Observation per answer the check-in holds, then its vital signs."""
    observations = []
    at = to_iso(checkin.at)
    for question, code in _answered_questions():
        value = _answer_value(question, getattr(checkin, question.field))
        if value is None:
            continue
        record = f"{checkin.id}/{question.field}"
        observations.append(
            {**observation_base("checkin", record, patient, at, SURVEY, code), **value}
        )
    return observations + _vital_signs(checkin, patient, at)


def _mm_hg(value: int) -> dict[str, Any]:
    return {"value": value, "unit": "mm[Hg]", "system": UCUM, "code": "mm[Hg]"}


def _vital_signs(checkin: CheckIn, patient: str | None, at: str) -> list[dict[str, Any]]:
    """The check-in's blood pressure (a panel of what was measured) and pulse, if any."""
    signs = []
    components = [
        {"code": concept(LOINC, *code), "valueQuantity": _mm_hg(value)}
        for code, value in ((SYSTOLIC, checkin.systolic), (DIASTOLIC, checkin.diastolic))
        if value is not None
    ]
    if components:
        code = concept(LOINC, *BP_PANEL)
        panel = observation_base("blood-pressure", checkin.id, patient, at, VITAL_SIGNS, code)
        signs.append({**panel, "component": components})
    if checkin.pulse is not None:
        code = concept(LOINC, *HEART_RATE)
        rate = observation_base("pulse", checkin.id, patient, at, VITAL_SIGNS, code)
        quantity = {"value": checkin.pulse, "unit": "/min", "system": UCUM, "code": "/min"}
        signs.append({**rate, "valueQuantity": quantity})
    return signs
