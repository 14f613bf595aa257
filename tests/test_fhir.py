"""``export --format fhir``: real exports validate against FHIR's R4B models (fhir.resources)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from fhir.resources.R4B.bundle import Bundle
from msgspec.structs import replace
from textual.widgets import Input, Static

from ketacheck.cli import main
from ketacheck.core.contents import JournalContents
from ketacheck.core.questionnaires import (
    GAD7,
    GAD7_QUESTIONNAIRE,
    PHQ9,
    PHQ9_QUESTIONNAIRE,
    QuestionnaireResult,
)
from ketacheck.core.questions import BY_FIELD
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.demo import demo_records, write_demo_journal
from ketacheck.exchange.fhir import CHECKIN_SYSTEM, LOINC, UCUM, fhir_document, fhir_json
from ketacheck.exchange.fhir_parts import ID_NAMESPACE, resource_id
from ketacheck.store.journal import Journal
from ketacheck.tui.screens.exchange import ExportScreen
from ketacheck.usecases.exchange import render_export
from tests.conftest import run_env
from tests.tui_support import FakeClock, build_app

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")

PHQ9_ITEMS = (
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
)
GAD7_ITEMS = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")
ANSWERS = {0: "LA6568-5", 1: "LA6569-3", 2: "LA6570-1", 3: "LA6571-9"}
DIFFICULTY = {0: "LA6572-7", 1: "LA6573-5", 2: "LA6575-0", 3: "LA6574-3"}


def validated(payload: bytes) -> dict[str, Any]:
    """The export, parsed as plain JSON and checked against the R4B Bundle model."""
    document: dict[str, Any] = json.loads(payload)
    bundle = Bundle.model_validate(document)
    assert bundle.type == "collection"
    return document


def resources(document: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    found = [entry["resource"] for entry in document.get("entry", [])]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def coded(resource: dict[str, Any], system: str) -> list[str]:
    return [c["code"] for c in resource["code"].get("coding", []) if c["system"] == system]


def demo_contents(now: datetime = NOW) -> JournalContents:
    """The demo course, with a PHQ-9 (item 9 answered, difficulty too) and a GAD-7."""
    settings, infusions, checkins = demo_records(now)
    phq9 = QuestionnaireResult.create(
        PHQ9, [1, 2, 3, 0, 1, 2, 1, 0, 1], now - timedelta(days=1), difficulty=3
    )
    gad7 = QuestionnaireResult.create(GAD7, [0, 1, 2, 3, 0, 1, 2], now - timedelta(hours=2))
    return JournalContents.of_records(settings, infusions, checkins, [phq9, gad7])


def with_vitals(contents: JournalContents) -> JournalContents:
    """The same journal, its last check-in with a blood pressure and a pulse."""
    last = contents.checkins[-1]
    measured = CheckIn.from_dict({**last.to_dict(), "systolic": 128, "diastolic": 84, "pulse": 72})
    return JournalContents.of_records(
        contents.settings,
        contents.infusions,
        [*contents.checkins[:-1], measured],
        contents.questionnaires,
    )


# --- the bundle ----------------------------------------------------------------------------


def test_a_demo_course_validates_and_holds_a_resource_per_record() -> None:
    contents = with_vitals(demo_contents())

    document = validated(fhir_json(fhir_document(contents, NOW)))

    kinds = Counter(r["resourceType"] for r in resources(document))
    assert kinds["Patient"] == 1
    assert kinds["Procedure"] == len(contents.infusions) == 4
    assert kinds["QuestionnaireResponse"] == 2
    ids = [r["id"] for r in resources(document)]
    assert len(ids) == len(set(ids))
    assert [e["fullUrl"] for e in document["entry"]] == [f"urn:uuid:{i}" for i in ids]
    assert document["timestamp"] == "2026-11-23T15:00:00+00:00"


def test_a_questionnaire_response_points_at_its_loinc_panel_with_coded_answers() -> None:
    contents = demo_contents()
    phq9, gad7 = contents.questionnaires

    document = validated(fhir_json(fhir_document(contents, NOW)))

    responses = {r["questionnaire"]: r for r in resources(document, "QuestionnaireResponse")}
    assert set(responses) == {"http://loinc.org/q/44249-1", "http://loinc.org/q/69737-5"}
    for result, panel, items, form in (
        (phq9, "44249-1", PHQ9_ITEMS, PHQ9_QUESTIONNAIRE),
        (gad7, "69737-5", GAD7_ITEMS, GAD7_QUESTIONNAIRE),
    ):
        response = responses[f"http://loinc.org/q/{panel}"]
        assert response["status"] == "completed"
        assert response["authored"] == result.at.isoformat()
        scored = response["item"][: len(items)]
        assert [item["linkId"] for item in scored] == list(items)
        assert [item["text"] for item in scored] == list(form.items)
        assert [item["answer"][0]["valueCoding"]["code"] for item in scored] == [
            ANSWERS[a] for a in result.answers
        ]
        assert all(i["answer"][0]["valueCoding"]["system"] == LOINC for i in scored)
    phq9_items = {item["linkId"]: item for item in responses["http://loinc.org/q/44249-1"]["item"]}
    assert phq9_items["44260-8"]["answer"][0]["valueCoding"]["display"] == "Several days"
    assert phq9_items["69722-7"]["answer"][0]["valueCoding"] == {
        "system": LOINC,
        "code": DIFFICULTY[3],
        "display": "Extremely difficult",
    }
    assert phq9_items["44261-6"]["answer"] == [{"valueInteger": 11}]
    # The GAD-7 was taken without the difficulty question: no item with no answer.
    gad7_links = [item["linkId"] for item in responses["http://loinc.org/q/69737-5"]["item"]]
    assert "69722-7" not in gad7_links


@pytest.mark.parametrize("difficulty", [0, 1, 2, 3])
def test_each_difficulty_answer_has_its_own_loinc_code(difficulty: int) -> None:
    result = QuestionnaireResult.create(GAD7, [1] * 7, NOW, difficulty=difficulty)
    contents = JournalContents.of_records(Settings(), questionnaires=[result])

    document = validated(fhir_json(fhir_document(contents, NOW)))

    (response,) = resources(document, "QuestionnaireResponse")
    (item,) = [i for i in response["item"] if i["linkId"] == "69722-7"]
    assert item["answer"][0]["valueCoding"]["code"] == DIFFICULTY[difficulty]
    assert item["text"].startswith("If you checked off any problems")


def test_each_total_is_a_survey_observation_with_its_band() -> None:
    contents = demo_contents()
    phq9, gad7 = contents.questionnaires

    document = validated(fhir_json(fhir_document(contents, NOW)))

    responses = {r["questionnaire"]: r["id"] for r in resources(document, "QuestionnaireResponse")}
    totals = {code: r for r in resources(document, "Observation") for code in coded(r, LOINC)}
    for code, result, panel in ((
        "44261-6", phq9, "44249-1"), ("70274-6", gad7, "69737-5"),
    ):  # fmt: skip
        total = totals[code]
        assert total["valueInteger"] == result.total
        assert total["interpretation"] == [{"text": result.band}]
        assert total["category"][0]["coding"][0]["code"] == "survey"
        assert total["effectiveDateTime"] == result.at.isoformat()
        assert total["derivedFrom"] == [
            {"reference": f"urn:uuid:{responses[f'http://loinc.org/q/{panel}']}"}
        ]
    assert totals["44261-6"]["interpretation"] == [{"text": "moderate"}]  # 11 of 27
    assert totals["70274-6"]["interpretation"] == [{"text": "mild"}]  # 9 of 21


def test_blood_pressure_and_pulse_are_vital_signs_in_loinc_and_ucum() -> None:
    contents = with_vitals(demo_contents())
    measured = contents.checkins[-1]

    document = validated(fhir_json(fhir_document(contents, NOW)))

    vitals = [
        r
        for r in resources(document, "Observation")
        if r["category"][0]["coding"][0]["code"] == "vital-signs"
    ]
    by_code = {coded(r, LOINC)[0]: r for r in vitals}
    assert set(by_code) == {"85354-9", "8867-4"}
    panel = by_code["85354-9"]
    assert panel["effectiveDateTime"] == measured.at.isoformat()
    assert "valueQuantity" not in panel
    assert [(c["code"]["coding"][0]["code"], c["valueQuantity"]) for c in panel["component"]] == [
        ("8480-6", {"value": 128, "unit": "mm[Hg]", "system": UCUM, "code": "mm[Hg]"}),
        ("8462-4", {"value": 84, "unit": "mm[Hg]", "system": UCUM, "code": "mm[Hg]"}),
    ]
    assert by_code["8867-4"]["valueQuantity"] == {
        "value": 72,
        "unit": "/min",
        "system": UCUM,
        "code": "/min",
    }
    # Measured once, so one of each; and never also as ketacheck-coded answers.
    assert len(vitals) == 2
    checkin_codes = {
        c for r in resources(document, "Observation") for c in coded(r, CHECKIN_SYSTEM)
    }
    assert not checkin_codes & {"systolic", "diastolic", "pulse"}


def test_check_in_answers_are_observations_coded_by_question() -> None:
    contents = demo_contents()
    first = contents.checkins[0]

    document = validated(fhir_json(fhir_document(contents, NOW)))

    answers = {
        coded(r, CHECKIN_SYSTEM)[0]: r
        for r in resources(document, "Observation")
        if r["identifier"][0]["value"].startswith(f"{first.id}/")
    }
    dizziness = answers["dizziness"]
    assert dizziness["code"]["coding"][0]["display"] == BY_FIELD["dizziness"].prompt
    assert dizziness["code"]["text"] == "How dizzy do you feel right now?"
    assert dizziness["valueInteger"] == first.dizziness
    assert dizziness["effectiveDateTime"] == first.at.isoformat()
    assert dizziness["category"][0]["coding"][0]["code"] == "survey"
    assert answers["mood"]["valueInteger"] == first.mood
    assert "interpretation" not in answers["mood"]  # mood is not a symptom with a band
    assert answers["fatigue"]["valueInteger"] == first.fatigue
    assert answers["fluids_glasses"]["valueInteger"] == first.fluids_glasses
    assert answers["vomited"]["valueBoolean"] is False
    assert answers["sleep_hours"]["valueQuantity"]["value"] == first.sleep_hours
    # Not answered (headache was never asked in the demo): no Observation at all.
    assert "headache" not in answers
    patient = resources(document, "Patient")[0]["id"]
    assert dizziness["subject"] == {"reference": f"urn:uuid:{patient}"}


def test_each_infusion_is_a_completed_procedure_with_its_period() -> None:
    contents = demo_contents()

    document = validated(fhir_json(fhir_document(contents, NOW)))

    procedures = resources(document, "Procedure")
    assert [p["performedPeriod"] for p in procedures] == [
        {"start": i.started_at.isoformat(), "end": i.ended_at.isoformat()}
        for i in contents.infusions
    ]
    assert {p["status"] for p in procedures} == {"completed"}
    assert {p["code"]["text"] for p in procedures} == {"Ketamine infusion"}
    assert procedures[0]["note"] == [{"text": "First session. Felt floaty for about an hour."}]
    assert "note" not in procedures[1]  # an empty note is left out: FHIR has no ""


def test_with_no_name_set_the_patient_holds_no_identity() -> None:
    document = validated(fhir_json(fhir_document(demo_contents(), NOW)))

    (patient,) = resources(document, "Patient")
    assert set(patient) == {"resourceType", "id"}
    text = json.dumps(document)
    assert "Riverside" not in text and "555-0142" not in text


def _named(name: str) -> JournalContents:
    contents = demo_contents()
    return replace(contents, settings=replace(contents.settings, patient_name=name))


def test_a_name_from_settings_is_the_patients_only_identity() -> None:
    document = validated(fhir_json(fhir_document(_named("Ann Lee"), NOW)))

    (patient,) = resources(document, "Patient")
    assert set(patient) == {"resourceType", "id", "name"}
    assert patient["name"] == [{"text": "Ann Lee"}]
    unnamed = validated(fhir_json(fhir_document(demo_contents(), NOW)))
    assert resources(unnamed, "Patient")[0]["id"] == patient["id"]  # the same patient


def test_a_hostile_name_reaches_fhir_without_control_characters() -> None:
    # Settings refuse such a name; one made in code still never reaches the file raw.
    document = validated(
        fhir_json(fhir_document(_named("  \x1b]0;owned\x07Ann\u202e\tLee\x9b "), NOW))
    )

    (patient,) = resources(document, "Patient")
    (text,) = [n["text"] for n in patient["name"]]
    assert text == "Ann Lee"


def test_a_name_of_only_control_characters_gives_no_name() -> None:
    document = validated(fhir_json(fhir_document(_named("\x00\x1b[2J\t"), NOW)))

    (patient,) = resources(document, "Patient")
    assert "name" not in patient


# --- stable ids, since, hostile text, an empty journal -------------------------------------


def test_two_exports_of_a_journal_give_the_same_resources(tmp_path: Path) -> None:
    journal = write_demo_journal(tmp_path / "data", NOW)
    result = QuestionnaireResult.create(PHQ9, [0] * 9, NOW - timedelta(hours=1))
    journal.add_questionnaire(result)

    first = render_export(journal.contents(), "fhir", NOW)
    reopened = Journal.open(tmp_path / "data", NOW.date())
    second = render_export(reopened.contents(), "fhir", NOW + timedelta(days=3))

    one, two = validated(first.payload), validated(second.payload)
    assert one["timestamp"] != two["timestamp"]
    assert one["entry"] == two["entry"]
    record_ids = {i.id for i in journal.infusions()} | {c.id for c in journal.checkins()}
    assert not {r["id"] for r in resources(one)} & record_ids  # made from them, not them


def test_every_resource_id_is_the_name_based_uuid_clinics_already_hold() -> None:
    """Ids are RFC 4122 version 5 UUIDs of the resource's kind and record in ketacheck's
    namespace: a clinic that imported an older export gets the same resources again, not
    copies. Pinned against the standard library, and one against its written-down value."""
    kinds = ("infusion", "checkin", "blood-pressure", "pulse", "questionnaire-response", "score")
    seen: Counter[str] = Counter()
    for entry in validated(fhir_json(fhir_document(demo_contents(), NOW)))["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Patient":
            continue
        identifier = resource["identifier"]
        record = (identifier[0] if isinstance(identifier, list) else identifier)["value"]
        kind = next(
            k for k in kinds if str(uuid.uuid5(ID_NAMESPACE, f"{k}/{record}")) == resource["id"]
        )
        seen[kind] += 1
    # The demo has no blood pressure or pulse; their ids are made by the same function.
    assert set(seen) == set(kinds) - {"blood-pressure", "pulse"}
    assert resource_id("infusion", "ü/é 1") == str(uuid.uuid5(ID_NAMESPACE, "infusion/ü/é 1"))
    assert resource_id("pulse", "x") == "33e3970a-0544-55a4-87b8-a7a73d0d8632"


def test_a_new_record_adds_resources_and_changes_none(tmp_path: Path) -> None:
    contents = demo_contents()
    before = validated(fhir_json(fhir_document(contents, NOW)))
    later = QuestionnaireResult.create(GAD7, [0] * 7, NOW)
    grown = JournalContents.of_records(
        contents.settings,
        contents.infusions,
        contents.checkins,
        [*contents.questionnaires, later],
    )

    after = validated(fhir_json(fhir_document(grown, NOW)))

    assert all(entry in after["entry"] for entry in before["entry"])
    assert len(after["entry"]) == len(before["entry"]) + 2


def test_since_keeps_later_records_and_the_same_patient() -> None:
    contents = demo_contents()
    day = date(2026, 11, 21)

    full = validated(fhir_json(fhir_document(contents, NOW)))
    recent = validated(fhir_json(fhir_document(contents, NOW, day, NEW_YORK)))

    kept = contents.since(day, NEW_YORK)
    assert 0 < len(kept.checkins) < len(contents.checkins)
    assert len(resources(recent, "Procedure")) == len(kept.infusions) == 2
    times = [r["effectiveDateTime"] for r in resources(recent, "Observation")]
    assert min(times) >= datetime(2026, 11, 21, 5, 0, tzinfo=UTC).isoformat()
    assert resources(recent, "Patient") == resources(full, "Patient")
    assert all(entry in full["entry"] for entry in recent["entry"])


def test_since_goes_by_the_local_date_across_the_spring_change() -> None:
    infusion = Infusion.create(datetime(2026, 3, 7, 15, 0, tzinfo=UTC))
    # 23:30 on Saturday 7 March in New York (EST), then 03:30 on Sunday (EDT, after 2:00).
    late = _checkin("late", datetime(2026, 3, 8, 4, 30, tzinfo=UTC))
    early = _checkin("early", datetime(2026, 3, 8, 7, 30, tzinfo=UTC))
    contents = JournalContents.of_records(Settings(), [infusion], [late, early])

    document = validated(fhir_json(fhir_document(contents, NOW, date(2026, 3, 8), NEW_YORK)))

    records = {
        r["identifier"][0]["value"].split("/")[0] for r in resources(document, "Observation")
    }
    assert records == {early.id}
    assert resources(document, "Procedure") == []


def _checkin(record_id: str, at: datetime, note: str = "") -> CheckIn:
    return CheckIn.from_dict(
        {
            "id": record_id,
            "at": at.isoformat(),
            "infusion_id": None,
            "dizziness": 2,
            "nausea": 1,
            "fluids_glasses": 3,
            "mood": 6,
            "note": note,
        }
    )


HOSTILE = "\x00\x1b[2J\x1b]0;owned\x07\u202eevil\r\n" + "a\x0b\x0c\x7f\x9b" * 1_900 + "\ud7ff"


def test_a_hostile_huge_note_stays_valid_json_without_control_characters() -> None:
    note = (HOSTILE + "x" * 10_000)[:10_000]
    checkin = _checkin("hostile", NOW, note=note)
    infusion = Infusion.from_dict(
        {
            "id": "inf-hostile",
            "started_at": "2026-11-23T10:00:00+00:00",
            "ended_at": "2026-11-23T10:45:00+00:00",
            "note": note,
        }
    )
    contents = JournalContents.of_records(Settings(), [infusion], [checkin])

    payload = fhir_json(fhir_document(contents, NOW))

    document = validated(payload)
    assert orjson.loads(payload) == document
    (text,) = [
        r["valueString"]
        for r in resources(document, "Observation")
        if coded(r, CHECKIN_SYSTEM) == ["note"]
    ]
    assert resources(document, "Procedure")[0]["note"][0]["text"] == text
    assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in text)
    assert "\u202e" not in text and "owned" not in text
    assert text.startswith("evil\n")


def test_a_note_of_nothing_but_control_characters_is_left_out() -> None:
    checkin = _checkin("blank", NOW, note="\x00\x1b[2J \t\r\n")
    contents = JournalContents.of_records(Settings(), checkins=[checkin])

    document = validated(fhir_json(fhir_document(contents, NOW)))

    codes = [c for r in resources(document, "Observation") for c in coded(r, CHECKIN_SYSTEM)]
    assert "note" not in codes
    assert "dizziness" in codes


def test_an_empty_journal_is_a_valid_bundle_with_no_entries() -> None:
    contents = JournalContents.of_records(Settings())

    payload = fhir_json(fhir_document(contents, NOW))

    document = validated(payload)
    assert document == {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": "2026-11-23T15:00:00+00:00",
    }
    assert payload.endswith(b"}\n")


# --- the command line ------------------------------------------------------------------------


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli() -> Callable[..., Result]:
    def run(*argv: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), clock=lambda: NOW, stdout=out, stderr=err)
        return Result(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def demo_journal(isolated_data_dir: Path, local_zone: str) -> Journal:
    return write_demo_journal(isolated_data_dir, NOW)


def test_cli_export_fhir_to_stdout(demo_journal: Journal, cli: Callable[..., Result]) -> None:
    result = cli("export", "--format", "fhir", "-o", "-")

    assert result.code == 0
    document = validated(result.out.encode())
    assert len(resources(document, "Procedure")) == len(demo_journal.infusions())
    count = len(demo_journal.checkins())
    assert result.err == f"Exported 4 infusions and {count} check-ins as FHIR.\n"


def test_cli_export_fhir_names_the_patient_typed_in_settings(
    demo_journal: Journal, cli: Callable[..., Result]
) -> None:
    demo_journal.save_settings(replace(demo_journal.settings(), patient_name="Ann [b]Lee[/b]"))

    result = cli("export", "--format", "fhir", "-o", "-")

    assert result.code == 0
    (patient,) = resources(validated(result.out.encode()), "Patient")
    assert patient["name"] == [{"text": "Ann [b]Lee[/b]"}]


def test_cli_export_fhir_goes_to_a_dated_fhir_file_in_home(
    demo_journal: Journal,
    cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))

    first = cli("export", "--format", "fhir")
    second = cli("export", "--format", "fhir", "--since", "2026-11-22")

    assert first.code == second.code == 0
    target = home / "ketacheck-fhir-2026-11-23.json"
    assert first.err.endswith(f"as FHIR to {target}\n")
    assert second.err.startswith("Exported 1 infusion and ")
    assert sorted(p.name for p in home.iterdir()) == [
        "ketacheck-fhir-2026-11-23-2.json",
        "ketacheck-fhir-2026-11-23.json",
    ]
    validated(target.read_bytes())
    assert target.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("target", ["journal.json", "new.json", "."])
def test_cli_export_fhir_refuses_the_data_folder(
    demo_journal: Journal, cli: Callable[..., Result], isolated_data_dir: Path, target: str
) -> None:
    before = sorted(p.name for p in isolated_data_dir.rglob("*"))
    journal = (isolated_data_dir / "journal.json").read_bytes()

    result = cli("export", "--format", "fhir", "-o", str(isolated_data_dir / target))

    assert result.code == 2
    assert result.out == ""
    assert "data folder" in result.err and result.err.count("\n") == 1
    assert sorted(p.name for p in isolated_data_dir.rglob("*")) == before
    assert (isolated_data_dir / "journal.json").read_bytes() == journal


def test_cli_export_fhir_with_a_bad_since_exits_2(
    demo_journal: Journal, cli: Callable[..., Result]
) -> None:
    result = cli("export", "--format", "fhir", "-o", "-", "--since", "23/11/2026")

    assert result.code == 2
    assert result.out == ""
    assert result.err == "ketacheck: --since: '23/11/2026' is not a date like 2026-11-01\n"


# --- the app's export dialog -----------------------------------------------------------------


async def test_the_export_dialog_saves_fhir_by_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("f")
        await pilot.pause()
        expected = home / "ketacheck-fhir-2026-11-23.json"
        assert app.screen.query_one("#export-path", Input).value == str(expected)
        assert app.screen.query_one("#export-format-fhir").value  # type: ignore[attr-defined]
        await pilot.press("enter")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        message = str(app.screen.query_one("#export-message", Static).render())
        assert "as FHIR to" in message and "Traceback" not in message
        count = len(app.journal.checkins())
    document = validated(expected.read_bytes())
    assert len(resources(document, "Procedure")) == 4
    assert {
        r["identifier"][0]["value"].split("/")[0] for r in resources(document, "Observation")
    } >= {c.id for c in app.journal.checkins()}
    assert count > 0


def test_the_export_needs_no_fhir_library(isolated_data_dir: Path) -> None:
    """The file is written as plain JSON: fhir.resources (and pydantic) are for tests."""
    write_demo_journal(isolated_data_dir, NOW)
    script = (
        "import sys, io\n"
        "from ketacheck.cli import main\n"
        "code = main(['export', '--format', 'fhir', '-o', '-'], stdout=io.StringIO())\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('fhir', 'pydantic'))\n"
        "print(code, heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=run_env(isolated_data_dir),
        timeout=60,
        check=False,
    )

    assert done.stdout == "0 []\n", done.stderr


# --- streamed (issue 20) -------------------------------------------------------------------


def test_the_streamed_bundle_is_byte_for_byte_the_whole_one() -> None:
    from ketacheck.exchange.fhir import ENTRIES_PER_CHUNK, fhir_chunks

    contents = with_vitals(demo_contents())
    whole = fhir_json(fhir_document(contents, NOW))
    chunks = list(fhir_chunks(contents, NOW))
    assert b"".join(chunks) == whole
    entries = len(json.loads(whole)["entry"])
    assert entries > ENTRIES_PER_CHUNK or len(chunks) >= 2
    empty = JournalContents(Settings())
    assert b"".join(fhir_chunks(empty, NOW)) == fhir_json(fhir_document(empty, NOW))
    assert "entry" not in json.loads(b"".join(fhir_chunks(empty, NOW)))


def test_a_big_bundle_comes_in_many_whole_utf8_chunks() -> None:
    from ketacheck.exchange.fhir import ENTRIES_PER_CHUNK, fhir_chunks

    settings, infusions, checkins = demo_records(NOW)
    many = [
        CheckIn.from_dict({**checkins[-1].to_dict(), "id": f"c{n:031d}", "note": "café ☕ ünï"})
        for n in range(120)
    ]
    contents = JournalContents.of_records(settings, infusions, [*checkins, *many])
    chunks = list(fhir_chunks(contents, NOW))
    assert len(chunks) > 3
    for chunk in chunks:
        chunk.decode("utf-8")  # never a character cut in two
    document = validated(b"".join(chunks))
    assert len(document["entry"]) > 2 * ENTRIES_PER_CHUNK
    assert b"".join(chunks) == fhir_json(fhir_document(contents, NOW))


def test_a_stream_that_fails_half_way_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketacheck.exchange import fhir

    target = tmp_path / "bundle.json"
    target.write_text("the old file\n")
    real = fhir._checkin_observations
    made = 0

    def failing(checkin: CheckIn, patient: str | None) -> list[dict[str, Any]]:
        nonlocal made
        made += 1
        if made > 5:
            raise OSError(28, "No space left on device")
        return real(checkin, patient)

    monkeypatch.setattr(fhir, "_checkin_observations", failing)
    monkeypatch.setattr(fhir, "ENTRIES_PER_CHUNK", 3)
    data = tmp_path / "data"
    write_demo_journal(data, NOW)
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(data), "export", "--format", "fhir", "-o", str(target)]
    code = main(argv, clock=lambda: NOW, stdout=out, stderr=err)
    assert code == 1
    assert "No space left on device" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert target.read_text() == "the old file\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("export_format", ["json", "fhir"])
def test_validate_checks_the_written_file(tmp_path: Path, export_format: str) -> None:
    data = tmp_path / "data"
    write_demo_journal(data, NOW)
    target = tmp_path / f"out-{export_format}.json"
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(data), "export", "--format", export_format, "-o", str(target)]
    code = main([*argv, "--validate"], clock=lambda: NOW, stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert f"Checked {target} against" in err.getvalue() and "it passes." in err.getvalue()


def test_validate_names_what_is_wrong_and_refuses_what_it_cannot_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketacheck.exchange import fhir

    data = tmp_path / "data"
    write_demo_journal(data, NOW)
    target = tmp_path / "bad.json"
    real = fhir._procedure

    def broken(infusion: Infusion, patient: str | None) -> dict[str, Any]:
        return {**real(infusion, patient), "performedPeriod": "all afternoon"}

    monkeypatch.setattr(fhir, "_procedure", broken)
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(data), "export", "--format", "fhir", "-o", str(target)]
    assert main([*argv, "--validate"], clock=lambda: NOW, stdout=out, stderr=err) == 1
    assert f"{target} was written, but it does not pass:" in err.getvalue()
    for refused in (["--format", "csv"], ["-o", "-"], ["--encrypt"]):
        err = io.StringIO()
        argv = ["--data-dir", str(data), "export", *refused, "--validate"]
        assert main(argv, clock=lambda: NOW, stdout=io.StringIO(), stderr=err) == 2
        assert "--validate" in err.getvalue() and "nothing was written" in err.getvalue()
