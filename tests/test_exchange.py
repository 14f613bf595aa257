"""The exchange package: JSON export (schema-valid), CSV export, and all-or-nothing import."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from msgspec.structs import replace

from ketacheck import __version__
from ketacheck.cli import main
from ketacheck.core.contents import JournalContents
from ketacheck.core.records import CheckIn, Infusion, latest_infusion_before
from ketacheck.core.scales import SIDE_EFFECTS
from ketacheck.core.settings import Settings
from ketacheck.exchange.export import (
    CSV_COLUMNS,
    checkins_csv,
    export_document,
    export_json,
    schema_path,
)
from ketacheck.exchange.importer import ImportFileError, parse_export
from ketacheck.store.journal import Journal
from ketacheck.usecases.checkins import record_checkin

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)

INF1_START = datetime(2026, 11, 19, 14, 30, tzinfo=UTC)  # ends 15:15 UTC
INF2_START = datetime(2026, 11, 22, 14, 30, tzinfo=UTC)

SETTINGS = Settings(
    restriction_hours={"driving": 36.0, "alcohol": 72.0},
    care_team_name="Dr Lee's clinic",
    care_team_phone="555-0100",
    planned_infusions=4,
    clock_24h=False,
    next_appointment=datetime(2026, 11, 26, 15, 0, tzinfo=UTC),
    onboarded=True,
)


def fixed_clock() -> datetime:
    return NOW


def load_schema() -> dict[str, Any]:
    return json.loads(schema_path().read_text(encoding="utf-8"))


def _rfc3339(value: object) -> bool:
    """A strict RFC 3339 date-time check (jsonschema needs an extra package for it)."""
    if not isinstance(value, str):
        return True
    if (
        len(value) < 20
        or value[10] not in "Tt"
        or not (value.endswith(("Z", "z")) or value[-6] in "+-")
    ):
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    except ValueError:
        return False
    return True


def validator() -> Draft202012Validator:
    checker = FormatChecker()
    checker.checks("date-time")(_rfc3339)
    return Draft202012Validator(load_schema(), format_checker=checker)


def schema_errors(document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator().iter_errors(document)
    ]


def populate(journal: Journal) -> dict[str, str]:
    """A realistic journal: a baseline check-in, two infusions and their check-ins."""
    journal.save_settings(SETTINGS)
    ids: dict[str, str] = {}
    baseline = record_checkin(
        journal,
        {"dizziness": 0, "nausea": 0, "fluids_glasses": 6, "mood": 7},
        datetime(2026, 11, 18, 15, 0, tzinfo=UTC),
    )
    ids["baseline"] = baseline.id
    inf1 = Infusion.create(INF1_START, 45, "first one, went fine")
    journal.add_infusion(inf1)
    ids["inf1"] = inf1.id
    after1 = record_checkin(
        journal,
        {
            "dizziness": 5,
            "nausea": 3,
            "vomited": True,
            "fluids_glasses": 1,
            "electrolytes": False,
            "mood": 6,
            "fatigue": 4,
            "sleep_hours": 7.5,
            "mood_words": ["calm", "tired"],
            "side_effects": ["headache", "vivid_dreams"],
            "intention": "rest",
            "note": 'Felt floaty, then fine.\nSecond line, with "quotes".',
            "systolic": 128,
            "diastolic": 84,
            "pulse": 72,
        },
        datetime(2026, 11, 19, 20, 15, tzinfo=UTC),
    )
    ids["after1"] = after1.id
    # 22:00 on Saturday 21 November in New York, although it is the 22nd in UTC.
    late = record_checkin(
        journal,
        {"dizziness": 1, "nausea": 0, "fluids_glasses": 4, "mood": 6, "electrolytes": True},
        datetime(2026, 11, 22, 3, 0, tzinfo=UTC),
    )
    ids["late_saturday"] = late.id
    inf2 = Infusion.create(INF2_START, 50, "")
    journal.add_infusion(inf2)
    ids["inf2"] = inf2.id
    crisis = record_checkin(
        journal,
        {
            "dizziness": 8,
            "nausea": 2,
            "fluids_glasses": 2,
            "mood": 2,
            "self_harm_thoughts": True,
            "note": '=HYPERLINK("http://example.invalid")',
        },
        datetime(2026, 11, 22, 16, 0, tzinfo=UTC),
    )
    ids["crisis"] = crisis.id
    # 21:00 on Sunday 22 November in New York, the 23rd in UTC.
    evening = record_checkin(
        journal,
        {"dizziness": 0, "nausea": 0, "fluids_glasses": 3, "mood": 5},
        datetime(2026, 11, 23, 2, 0, tzinfo=UTC),
    )
    ids["sunday_evening"] = evening.id
    return ids


@pytest.fixture
def journal(isolated_data_dir: Path) -> Journal:
    return Journal.open(isolated_data_dir, TODAY)


@pytest.fixture
def ids(journal: Journal) -> dict[str, str]:
    return populate(journal)


def document_of(journal: Journal, since: date | None = None, tz: Any = None) -> dict[str, Any]:
    return export_document(journal.contents(), NOW, since, tz)


# --- JSON export and the schema ---------------------------------------------------------


def test_export_of_a_real_journal_validates_against_the_shipped_schema(
    journal: Journal, ids: dict[str, str]
) -> None:
    payload = export_json(document_of(journal))
    document = orjson.loads(payload)

    assert schema_errors(document) == []
    assert payload.endswith(b"}\n")
    assert document["format"] == "ketacheck-export"
    assert document["version"] == 5
    assert document["questionnaires"] == []
    assert [a["code"] for a in document["alerts"]] == [
        a.code for a in sorted(journal.alerts(), key=lambda a: (a.raised_at, a.rank, a.id))
    ]
    assert document["exported_at"] == "2026-11-23T15:00:00+00:00"
    assert document["app_version"] == __version__
    assert document["settings"] == SETTINGS.to_dict()
    assert [i["id"] for i in document["infusions"]] == [ids["inf1"], ids["inf2"]]
    assert [c["id"] for c in document["checkins"]] == [
        ids["baseline"],
        ids["after1"],
        ids["late_saturday"],
        ids["crisis"],
        ids["sunday_evening"],
    ]
    first = document["infusions"][0]
    assert first == {
        "id": ids["inf1"],
        "started_at": "2026-11-19T14:30:00+00:00",
        "ended_at": "2026-11-19T15:15:00+00:00",
        "note": "first one, went fine",
    }
    crisis = document["checkins"][3]
    assert crisis["infusion_id"] == ids["inf2"]
    assert crisis["self_harm_thoughts"] is True
    assert crisis["alerts"][0]["level"] == "urgent"
    assert crisis["alerts"][0]["code"] == "self_harm"
    assert document["checkins"][1]["side_effects"] == ["headache", "vivid_dreams"]
    assert document["checkins"][1]["sleep_hours"] == 7.5


def test_export_of_an_empty_journal_validates(journal: Journal) -> None:
    document = orjson.loads(export_json(document_of(journal)))

    assert schema_errors(document) == []
    assert document["infusions"] == []
    assert document["checkins"] == []
    assert document["settings"] == Settings().to_dict()


def test_the_schema_really_rejects_bad_records(journal: Journal, ids: dict[str, str]) -> None:
    document = orjson.loads(export_json(document_of(journal)))
    document["checkins"][0]["mood"] = 11
    document["checkins"][1]["at"] = "2026-11-19T25:15:00+00:00"  # fits the pattern, not a time
    document["infusions"][0]["started_at"] = "2026-11-19T14:30:00"  # no offset
    document["checkins"][2]["side_effects"] = ["itching"]
    document["surprise"] = True

    errors = schema_errors(document)

    assert "checkins/0/mood: 11 is greater than the maximum of 10" in errors
    assert any(e.startswith("checkins/1/at: ") and "date-time" in e for e in errors)
    assert any(e.startswith("infusions/0/started_at: ") for e in errors)
    assert any(e.startswith("checkins/2/side_effects/0: 'itching'") for e in errors)
    assert any("'surprise' was unexpected" in e for e in errors)


def test_schema_side_effects_are_the_app_vocabulary() -> None:
    schema = load_schema()
    side_effects = schema["$defs"]["checkin"]["properties"]["side_effects"]

    assert side_effects["items"]["enum"] == list(SIDE_EFFECTS)
    assert side_effects["uniqueItems"] is True


def test_schema_checkin_fields_are_exactly_what_a_checkin_stores() -> None:
    checkin = CheckIn.from_dict(
        {
            "id": "a",
            "at": "2026-11-22T16:00:00+00:00",
            "dizziness": 0,
            "nausea": 0,
            "fluids_glasses": 0,
            "mood": 5,
        }
    )
    infusion = Infusion.create(INF2_START)
    defs = load_schema()["$defs"]

    # Headache and the blood pressure and pulse came within version 3: the files from
    # before them have none, and stay valid.
    later = {"headache", "systolic", "diastolic", "pulse"}
    assert sorted(defs["checkin"]["required"]) == sorted(set(checkin.to_dict()) - later)
    assert sorted(defs["checkin"]["properties"]) == sorted(checkin.to_dict())
    assert sorted(defs["infusion"]["required"]) == sorted(infusion.to_dict())
    # The reminder settings came within version 3 too: optional, so older files stay valid.
    # So did the clinic's own blood pressure levels.
    reminders = {"reminder_times", "notify_app", "notify_terminal"}
    reminders |= {"bp_call_today_systolic", "bp_call_today_diastolic"}
    # And the patient's name, which most never give.
    reminders |= {"patient_name"}
    assert sorted(defs["settings"]["required"]) == sorted(set(Settings().to_dict()) - reminders)
    assert sorted(defs["settings"]["properties"]) == sorted(Settings().to_dict())


# --- --since ----------------------------------------------------------------------------


def test_since_keeps_records_from_that_local_date_on(
    local_zone: str, journal: Journal, ids: dict[str, str]
) -> None:
    document = document_of(journal, since=date(2026, 11, 22))

    # The 03:00 UTC check-in on the 22nd was 22:00 on the 21st in New York: left out.
    # The 02:00 UTC check-in on the 23rd was 21:00 on the 22nd in New York: kept.
    assert [c["id"] for c in document["checkins"]] == [ids["crisis"], ids["sunday_evening"]]
    assert [i["id"] for i in document["infusions"]] == [ids["inf2"]]
    assert schema_errors(document) == []


def test_since_uses_the_zone_it_is_given(journal: Journal, ids: dict[str, str]) -> None:
    tokyo = document_of(journal, since=date(2026, 11, 22), tz=ZoneInfo("Asia/Tokyo"))
    honolulu = document_of(journal, since=date(2026, 11, 22), tz=ZoneInfo("Pacific/Honolulu"))

    # Tokyo: 03:00 UTC on the 22nd is noon on the 22nd.
    assert [c["id"] for c in tokyo["checkins"]] == [
        ids["late_saturday"],
        ids["crisis"],
        ids["sunday_evening"],
    ]
    # Honolulu: 16:00 UTC on the 22nd is 06:00 on the 22nd; 02:00 on the 23rd is the 22nd.
    assert [c["id"] for c in honolulu["checkins"]] == [ids["crisis"], ids["sunday_evening"]]


def test_since_after_everything_keeps_only_the_settings(
    local_zone: str, journal: Journal, ids: dict[str, str]
) -> None:
    document = document_of(journal, since=date(2026, 12, 1))

    assert document["infusions"] == []
    assert document["checkins"] == []
    assert document["settings"] == SETTINGS.to_dict()


# --- CSV --------------------------------------------------------------------------------


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_the_header_and_one_row_per_checkin(journal: Journal, ids: dict[str, str]) -> None:
    rows = csv_rows(checkins_csv(journal.contents()))

    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + 5
    records = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert [r["id"] for r in records] == [
        ids["baseline"],
        ids["after1"],
        ids["late_saturday"],
        ids["crisis"],
        ids["sunday_evening"],
    ]
    assert [r["at"] for r in records] == [
        "2026-11-18T15:00:00+00:00",
        "2026-11-19T20:15:00+00:00",
        "2026-11-22T03:00:00+00:00",
        "2026-11-22T16:00:00+00:00",
        "2026-11-23T02:00:00+00:00",
    ]
    for record in records:
        assert datetime.fromisoformat(record["at"]).utcoffset() == timedelta(0)

    baseline, after1, _, crisis, evening = records
    assert baseline["hours_since_infusion"] == ""
    assert baseline["infusion_id"] == ""
    assert after1 == {
        "at": "2026-11-19T20:15:00+00:00",
        "hours_since_infusion": "5.0",
        "dizziness": "5",
        "nausea": "3",
        "vomited": "yes",
        "fluids_glasses": "1",
        "electrolytes": "no",
        "mood": "6",
        "fatigue": "4",
        "sleep_hours": "7.5",
        "mood_words": "calm; tired",
        "side_effects": "headache; vivid_dreams",
        "self_harm_thoughts": "",
        "intention": "rest",
        "note": 'Felt floaty, then fine.\nSecond line, with "quotes".',
        "for_doctor": "no",
        "headache": "",
        "systolic": "128",
        "diastolic": "84",
        "pulse": "72",
        "alerts": "drink; mild_food; rest",
        "infusion_id": ids["inf1"],
        "id": ids["after1"],
    }
    assert crisis["self_harm_thoughts"] == "yes"
    assert crisis["hours_since_infusion"] == "0.7"  # 16:00 minus an end at 15:20
    assert crisis["alerts"] == ("self_harm; severe_dizziness; mood_below_baseline; mild_food; rest")
    assert crisis["note"] == '\'=HYPERLINK("http://example.invalid")'
    assert evening["hours_since_infusion"] == "10.7"


@pytest.mark.parametrize(
    ("note", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+49 555 0100", "'+49 555 0100"),
        ("-2 glasses", "'-2 glasses"),
        ("@SUM(A1:A3)", "'@SUM(A1:A3)"),
        ("\t=cmd|' /C calc'!A0", "'\t=cmd|' /C calc'!A0"),
        ("\r=1+1", "'\n=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("one\rtwo\r\nthree\nfour", "one\ntwo\nthree\nfour"),
        ("felt = fine, 2+2", "felt = fine, 2+2"),
        ("", ""),
    ],
)
def test_csv_neutralises_formula_looking_text(note: str, cell: str) -> None:
    checkin = CheckIn.from_dict(
        {
            "id": "c1",
            "at": "2026-11-22T16:00:00+00:00",
            "dizziness": 0,
            "nausea": 0,
            "fluids_glasses": 3,
            "mood": 6,
            "note": note,
            "intention": note,
        }
    )
    row = dict(
        zip(
            CSV_COLUMNS,
            csv_rows(checkins_csv(JournalContents(Settings(), checkins=[checkin])))[1],
            strict=True,
        )
    )

    assert row["note"] == cell
    assert row["intention"] == cell


@pytest.mark.parametrize(
    ("words", "cell"),
    [(["=1+1", "calm"], "'=1+1; calm"), (["calm", "=1+1"], "calm; =1+1"), (["@me"], "'@me")],
)
def test_csv_neutralises_formula_looking_mood_words(words: list[str], cell: str) -> None:
    checkin = CheckIn.from_dict(
        {
            "id": "c1",
            "at": "2026-11-22T16:00:00+00:00",
            "dizziness": 0,
            "nausea": 0,
            "fluids_glasses": 3,
            "mood": 6,
            "mood_words": words,
        }
    )
    row = dict(
        zip(
            CSV_COLUMNS,
            csv_rows(checkins_csv(JournalContents(Settings(), checkins=[checkin])))[1],
            strict=True,
        )
    )

    assert row["mood_words"] == cell


def test_csv_neutralises_formulas_in_imported_ids_and_codes() -> None:
    checkin = CheckIn.from_dict(
        {
            "id": '=HYPERLINK("http://x.invalid")',
            "at": "2026-11-22T16:00:00+00:00",
            "infusion_id": "+1",
            "dizziness": 0,
            "nausea": 0,
            "fluids_glasses": 3,
            "mood": 6,
            "alerts": [{"level": "tip", "code": "@evil", "message": "m"}],
        }
    )
    row = dict(
        zip(
            CSV_COLUMNS,
            csv_rows(checkins_csv(JournalContents(Settings(), checkins=[checkin])))[1],
            strict=True,
        )
    )

    assert row["id"] == '\'=HYPERLINK("http://x.invalid")'
    assert row["infusion_id"] == "'+1"
    assert row["alerts"] == "'@evil"


def test_csv_since_filters_by_local_date(
    local_zone: str, journal: Journal, ids: dict[str, str]
) -> None:
    rows = csv_rows(checkins_csv(journal.contents(), date(2026, 11, 22)))

    assert rows[0] == list(CSV_COLUMNS)
    assert [row[-1] for row in rows[1:]] == [ids["crisis"], ids["sunday_evening"]]


def test_csv_of_no_checkins_is_just_the_header() -> None:
    assert checkins_csv(JournalContents(Settings())) == ",".join(CSV_COLUMNS) + "\n"


# --- parse_export -----------------------------------------------------------------------


def checkin_dict(checkin_id: str, at: str, mood: int = 6, **extra: Any) -> dict[str, Any]:
    return {
        "id": checkin_id,
        "at": at,
        "infusion_id": None,
        "dizziness": 1,
        "nausea": 0,
        "vomited": False,
        "fluids_glasses": 3,
        "electrolytes": False,
        "mood": mood,
        "fatigue": None,
        "sleep_hours": None,
        "mood_words": [],
        "side_effects": [],
        "self_harm_thoughts": None,
        "intention": "",
        "note": "",
        "alerts": [],
        "for_doctor": False,
        **extra,
    }


def small_export(**overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "ketacheck-export",
        "version": 5,
        "exported_at": "2026-11-23T15:00:00+00:00",
        "app_version": "0.1.0",
        "settings": Settings(planned_infusions=3).to_dict(),
        "infusions": [
            {
                "id": "inf-a",
                "started_at": "2026-11-20T14:30:00+00:00",
                "ended_at": "2026-11-20T15:15:00+00:00",
                "note": "",
            }
        ],
        "checkins": [
            checkin_dict("c1", "2026-11-20T18:00:00+00:00", infusion_id="inf-a"),
            checkin_dict("c2", "2026-11-21T09:00:00+00:00", infusion_id="inf-a"),
            checkin_dict("c3", "2026-11-21T18:00:00+00:00", infusion_id="inf-a"),
            checkin_dict("c4", "2026-11-22T09:00:00+00:00", infusion_id="inf-a"),
        ],
        "questionnaires": [],
        "alerts": [],
    }
    document.update(overrides)
    return document


def test_small_export_is_schema_valid_and_parses() -> None:
    document = small_export()
    bundle = parse_export(orjson.dumps(document))

    assert schema_errors(document) == []
    assert bundle.settings == Settings(planned_infusions=3)
    assert [i.id for i in bundle.infusions] == ["inf-a"]
    assert [c.id for c in bundle.checkins] == ["c1", "c2", "c3", "c4"]
    assert bundle.checkins[0].at == datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def test_parse_accepts_other_offsets_and_stores_utc() -> None:
    document = small_export()
    document["checkins"][0]["at"] = "2026-11-20T13:00:00-05:00"
    document["infusions"][0]["started_at"] = "2026-11-20T15:30:00+01:00"

    bundle = parse_export(orjson.dumps(document))

    assert bundle.checkins[0].to_dict()["at"] == "2026-11-20T18:00:00+00:00"
    assert bundle.infusions[0].to_dict()["started_at"] == "2026-11-20T14:30:00+00:00"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_bad_third_checkin_imports_nothing(
    tmp_path: Path, journal: Journal, isolated_data_dir: Path
) -> None:
    record_checkin(
        journal,
        {"dizziness": 2, "nausea": 0, "fluids_glasses": 2, "mood": 5},
        datetime(2026, 11, 19, 9, 0, tzinfo=UTC),
    )
    document = small_export()
    document["checkins"][2]["mood"] = 11
    payload = orjson.dumps(document)
    with pytest.raises(ImportFileError) as caught:
        parse_export(payload)
    assert str(caught.value) == "checkins[2] (id c3): mood: must be from 0 to 10, not 11"

    file = tmp_path / "bad.json"
    file.write_bytes(payload)
    before = snapshot(isolated_data_dir)
    out, err = io.StringIO(), io.StringIO()

    code = main(["import", str(file)], clock=fixed_clock, stdout=out, stderr=err)

    assert code == 2
    assert out.getvalue() == ""
    assert err.getvalue() == (
        f"ketacheck: can't import {file}: checkins[2] (id c3): mood: must be from 0 to 10, "
        "not 11. Nothing was imported.\n"
    )
    assert snapshot(isolated_data_dir) == before
    assert len(Journal.open(isolated_data_dir, TODAY).checkins()) == 1
    assert Journal.open(isolated_data_dir, TODAY).infusions() == []


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "the file is empty, so it isn't a ketacheck export"),
        (b"\x00\xff garbage \x01", "it isn't a text file, so it isn't a ketacheck export"),
        (b'{"format": "ketacheck-export", "version": 1', "the file stops part-way through"),
        (b"[1, 2, 3]", 'not a ketacheck export (no "format": "ketacheck-export")'),
        (b'"ketacheck-export"', 'not a ketacheck export (no "format": "ketacheck-export")'),
        (b"null", 'not a ketacheck export (no "format": "ketacheck-export")'),
        (b'{"format": "other-app", "version": 1}', 'not a ketacheck export (no "format": '),
        (b'{"version": 1, "checkins": []}', 'not a ketacheck export (no "format": '),
        (
            b'{"format": "ketacheck-export", "version": 6}',
            "export format version 6 is not one this ketacheck reads "
            "(it reads versions 1, 2, 3, 4 and 5)",
        ),
        (
            b'{"format": "ketacheck-export", "version": "1"}',
            "export format version '1' is not one this ketacheck reads",
        ),
        (
            b'{"format": "ketacheck-export", "version": true}',
            "export format version True is not one this ketacheck reads",
        ),
        (
            b'{"format": "ketacheck-export"}',
            "export format version None is not one this ketacheck reads",
        ),
    ],
)
def test_not_an_export_is_rejected_clearly(payload: bytes, message: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_export(payload)

    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"checkins": {"c1": {}}}, "'checkins' must be a list"),
        ({"infusions": None}, "'infusions' must be a list"),
        ({"checkins": [7]}, "checkins[0]: must be an object"),
        ({"settings": ["dark"]}, "settings: must be an object"),
        (
            {"settings": {"planned_infusions": 0}},
            "settings: planned_infusions: must be from 1 to 50, not 0",
        ),
        (
            {"infusions": [{"id": "i", "started_at": "yesterday", "ended_at": "today"}]},
            "infusions[0] (id i): started_at: 'yesterday' is not an ISO-8601 time",
        ),
        (
            {"checkins": [checkin_dict("c9", "2026-11-22T09:00:00")]},
            "checkins[0] (id c9): at: '2026-11-22T09:00:00' has no UTC offset",
        ),
        (
            {"checkins": [checkin_dict("c9", "2026-11-22T09:00:00Z", side_effects=["itch"])]},
            "checkins[0] (id c9): side_effects: 'itch' is not one of: headache,",
        ),
        (
            {
                "checkins": [
                    {
                        k: v
                        for k, v in checkin_dict("c9", "2026-11-22T09:00Z").items()
                        if k != "mood"
                    }
                ]
            },
            "checkins[0] (id c9): mood: is missing",
        ),
        (
            {"checkins": [checkin_dict("", "2026-11-22T09:00:00Z")]},
            "checkins[0] (id ): id: must be a non-empty id of at most 64 characters",
        ),
    ],
)
def test_bad_parts_are_named(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_export(orjson.dumps(small_export(**change)))

    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("alerts", [None], "checkins[0] (id c1): alerts"),
        ("at", "0001-01-01T00:00:00+05:00", "checkins[0] (id c1): at: "),
    ],
)
def test_values_that_are_not_records_are_named_not_crashed_on(
    field: str, value: Any, message: str
) -> None:
    document = small_export()
    document["checkins"][0][field] = value

    with pytest.raises(ImportFileError) as caught:
        parse_export(orjson.dumps(document))

    assert str(caught.value).startswith(message)


def test_duplicate_checkin_ids_in_a_file_are_rejected() -> None:
    document = small_export()
    document["checkins"][3]["id"] = "c2"

    with pytest.raises(ImportFileError) as caught:
        parse_export(orjson.dumps(document))

    assert str(caught.value) == "checkins[3] (id c2): the id appears twice in the file"


def test_duplicate_infusion_ids_in_a_file_are_rejected() -> None:
    document = small_export()
    document["infusions"].append(dict(document["infusions"][0]))

    with pytest.raises(ImportFileError) as caught:
        parse_export(orjson.dumps(document))

    assert str(caught.value) == "infusions[1] (id inf-a): the id appears twice in the file"


def test_a_file_without_settings_still_imports() -> None:
    document = small_export()
    del document["settings"]

    bundle = parse_export(orjson.dumps(document))

    assert bundle.settings is None
    assert len(bundle.checkins) == 4


# --- importing into a journal -----------------------------------------------------------


def test_import_is_idempotent_by_id(journal: Journal) -> None:
    bundle = parse_export(orjson.dumps(small_export()))

    first = journal.import_records(bundle.infusions, bundle.checkins, bundle.settings)
    after_first = (journal.infusions(), journal.checkins(), journal.settings())
    second = journal.import_records(bundle.infusions, bundle.checkins, bundle.settings)

    assert first == (1, 4)
    assert second == (0, 0)
    assert (journal.infusions(), journal.checkins(), journal.settings()) == after_first
    assert [c.id for c in journal.checkins()] == ["c1", "c2", "c3", "c4"]


def test_import_keeps_what_the_journal_has_and_adds_only_new_ids(journal: Journal) -> None:
    journal.import_records([], [CheckIn.from_dict(checkin_dict("c2", "2026-11-21T09:00Z"))])
    document = small_export()
    document["checkins"][1]["mood"] = 1  # a different version of a record already held
    bundle = parse_export(orjson.dumps(document))

    added = journal.import_records(bundle.infusions, bundle.checkins, bundle.settings)

    assert added == (1, 3)
    moods = {c.id: c.mood for c in journal.checkins()}
    assert moods == {"c1": 6, "c2": 6, "c3": 6, "c4": 6}


def test_import_twice_through_the_command_adds_nothing_the_second_time(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    file = tmp_path / "export.json"
    file.write_bytes(orjson.dumps(small_export()))
    out = io.StringIO()

    assert main(["import", str(file)], clock=fixed_clock, stdout=out, stderr=io.StringIO()) == 0
    stored = Journal.open(isolated_data_dir, TODAY)
    first = (stored.infusions(), stored.checkins(), stored.settings())
    assert main(["import", str(file)], clock=fixed_clock, stdout=out, stderr=io.StringIO()) == 0

    again = Journal.open(isolated_data_dir, TODAY)
    assert (again.infusions(), again.checkins(), again.settings()) == first
    kept = " Your own settings were kept; the file's settings were not taken."
    hint = "To take them too, import again with --with-settings."
    assert out.getvalue().splitlines() == [
        f"From {file}: Imported 1 infusion and 4 check-ins.{kept}",
        hint,
        f"From {file}: Imported 0 infusions and 0 check-ins. 5 records were already in "
        f"your journal and were left as they were.{kept}",
        hint,
    ]
    assert again.settings() == Settings()


def test_import_with_settings_names_each_safety_setting_it_changed(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    theirs = Settings(
        crisis_line="Call 555-0000", care_team_phone="555-0199", restriction_hours={"driving": 2}
    )
    file = tmp_path / "export.json"
    file.write_bytes(orjson.dumps(small_export(settings=theirs.to_dict())))
    out = io.StringIO()

    code = main(
        ["import", "--with-settings", str(file)],
        clock=fixed_clock,
        stdout=out,
        stderr=io.StringIO(),
    )

    assert code == 0
    said = out.getvalue()
    assert "these safety settings changed: crisis line, care team's number, restriction hours" in (
        said
    )
    assert Journal.open(isolated_data_dir, TODAY).settings() == theirs


def test_round_trip_export_import_export(
    journal: Journal, ids: dict[str, str], tmp_path: Path
) -> None:
    first = export_json(document_of(journal))
    bundle = parse_export(first)
    fresh = Journal.open(tmp_path / "elsewhere", TODAY)

    assert fresh.import_records(bundle.infusions, bundle.checkins, bundle.settings) == (2, 5)
    second = export_json(document_of(fresh))

    before, after = orjson.loads(first), orjson.loads(second)
    assert after["infusions"] == before["infusions"]
    assert after["checkins"] == before["checkins"]
    assert after["settings"] == before["settings"] == SETTINGS.to_dict()
    assert second == first
    assert fresh.infusions() == journal.infusions()
    assert fresh.checkins() == journal.checkins()


def test_round_trip_through_the_commands(tmp_path: Path, isolated_data_dir: Path) -> None:
    populate(Journal.open(isolated_data_dir, TODAY))
    exported = tmp_path / "out.json"
    other = tmp_path / "other-data"
    again = tmp_path / "again.json"

    def run(*argv: str) -> int:
        return main(list(argv), clock=fixed_clock, stdout=io.StringIO(), stderr=io.StringIO())

    assert run("export", "-o", str(exported)) == 0
    assert run("--data-dir", str(other), "import", "--with-settings", str(exported)) == 0
    assert run("--data-dir", str(other), "export", "-o", str(again)) == 0

    assert again.read_bytes() == exported.read_bytes()
    assert schema_errors(orjson.loads(again.read_bytes())) == []


# --- the patient's name ------------------------------------------------------------------


def test_an_export_with_a_name_validates_and_one_without_it_still_does() -> None:
    named = small_export(settings=Settings(patient_name="Ann Lee").to_dict())
    older = small_export()
    del older["settings"]["patient_name"]  # a file from before the name setting

    assert named["settings"]["patient_name"] == "Ann Lee"
    assert schema_errors(named) == []
    assert schema_errors(older) == []
    assert schema_errors(small_export()) == []  # no name: null
    assert parse_export(orjson.dumps(named)).settings == Settings(patient_name="Ann Lee")
    assert parse_export(orjson.dumps(older)).settings == Settings(planned_infusions=3)


@pytest.mark.parametrize(
    "hostile", ["Ann\x1b[2J", "Ann\nLee", "\u202eAnn", "Ann\x85", "x" * 101, "", 7]
)
def test_the_schema_refuses_a_name_no_export_would_hold(hostile: object) -> None:
    document = small_export()
    document["settings"]["patient_name"] = hostile

    assert any(e.startswith("settings/patient_name: ") for e in schema_errors(document))


def test_a_file_with_a_hostile_name_imports_nothing_and_says_where(tmp_path: Path) -> None:
    document = small_export()
    document["settings"]["patient_name"] = "Ann\x1b]0;owned\x07"

    with pytest.raises(ImportFileError) as raised:
        parse_export(orjson.dumps(document))

    assert str(raised.value).startswith("settings: patient_name: can't hold control characters")
    assert "\x1b" not in str(raised.value)


def _import(file: Path, *flags: str) -> str:
    out = io.StringIO()
    argv = ["import", *flags, str(file)]
    assert main(argv, clock=fixed_clock, stdout=out, stderr=io.StringIO()) == 0
    return out.getvalue()


def test_a_name_comes_in_only_with_settings_and_is_no_safety_setting(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    file = tmp_path / "export.json"
    file.write_bytes(orjson.dumps(small_export(settings=Settings(patient_name="Ann").to_dict())))

    said = _import(file)
    assert Journal.open(isolated_data_dir, TODAY).settings().patient_name is None
    assert "Your own settings were kept" in said

    said = _import(file, "--with-settings")
    assert Journal.open(isolated_data_dir, TODAY).settings().patient_name == "Ann"
    assert "Took the file's settings (no safety setting changed)." in said


# --- property-based ---------------------------------------------------------------------

SAFE_TEXT = st.characters(exclude_categories=("Cs",))  # no lone surrogates
OFFSETS = st.integers(-12 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=OFFSETS
).map(lambda d: d.replace(microsecond=0))
IDS = st.text(SAFE_TEXT, min_size=1, max_size=64)
SCORES = st.integers(0, 10)


@st.composite
def checkin_dicts(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": draw(IDS),
        "at": draw(MOMENTS).isoformat(),
        "infusion_id": draw(st.none() | IDS),
        "dizziness": draw(SCORES),
        "nausea": draw(SCORES),
        "vomited": draw(st.booleans()),
        "fluids_glasses": draw(st.integers(0, 100)),
        "electrolytes": draw(st.booleans()),
        "mood": draw(SCORES),
        "fatigue": draw(st.none() | SCORES),
        "sleep_hours": draw(st.none() | st.integers(0, 24) | st.floats(0, 24, allow_nan=False)),
        "mood_words": draw(st.lists(st.text(SAFE_TEXT, max_size=30), max_size=5)),
        "side_effects": draw(st.lists(st.sampled_from(list(SIDE_EFFECTS)), max_size=4)),
        "self_harm_thoughts": draw(st.none() | st.booleans()),
        "intention": draw(st.text(SAFE_TEXT, max_size=80)),
        "note": draw(st.text(SAFE_TEXT, max_size=300)),
        "alerts": draw(
            st.lists(
                st.builds(
                    lambda level, code, message: {"level": level, "code": code, "message": message},
                    st.sampled_from(["urgent", "call-today", "tip"]),
                    st.text(SAFE_TEXT, max_size=20),
                    st.text(SAFE_TEXT, max_size=60),
                ),
                max_size=3,
            )
        ),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(checkin_dicts(), max_size=6, unique_by=lambda d: d["id"]))
def test_random_valid_checkins_round_trip(raw: list[dict[str, Any]]) -> None:
    checkins = [CheckIn.from_dict(d) for d in raw]
    document = export_document(JournalContents(Settings(), checkins=checkins), NOW)
    payload = export_json(document)

    assert schema_errors(orjson.loads(payload)) == []
    bundle = parse_export(payload)
    assert {c.id: c for c in bundle.checkins} == {c.id: c for c in checkins}

    with tempfile.TemporaryDirectory() as folder:
        journal = Journal.open(Path(folder), TODAY)
        assert journal.import_records([], bundle.checkins, bundle.settings) == (0, len(raw))
        assert {c.id: c for c in journal.checkins()} == {c.id: c for c in checkins}
        again = JournalContents(journal.settings(), checkins=journal.checkins())
        assert export_json(export_document(again, NOW)) == (payload)
        journal.close()


def _template_journal() -> bytes:
    """The bytes of a journal that already holds one check-in and default settings."""
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal.open(Path(folder), TODAY)
        journal.import_records(
            [], [CheckIn.from_dict(checkin_dict("already-here", "2026-11-01T12:00:00Z"))]
        )
        journal.close()
        return (Path(folder) / "journal.json").read_bytes()


TEMPLATE_JOURNAL = _template_journal()
VALID = small_export(
    infusions=[
        {
            "id": "inf-a",
            "started_at": "2026-11-20T14:30:00+00:00",
            "ended_at": "2026-11-20T15:15:00+00:00",
            "note": "calm",
        },
        {
            "id": "inf-b",
            "started_at": "2026-11-22T14:30:00+00:00",
            "ended_at": "2026-11-22T15:15:00+00:00",
            "note": "",
        },
    ]
)
VALID["checkins"][3].update(
    side_effects=["headache"],
    mood_words=["ok"],
    sleep_hours=6.5,
    fatigue=3,
    alerts=[{"level": "tip", "code": "rest", "message": "Rest."}],
)

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(SAFE_TEXT, max_size=20)
    | st.sampled_from(
        [
            -1,
            0,
            10,
            11,
            100,
            101,
            1.5,
            "",
            "2026-11-22",
            "2026-11-22T09:00:00",
            "2026-11-22T09:00:00Z",
            "2026-11-22T09:00:00+05:30",
            "headache",
            "c1",
            "inf-a",
            "urgent",
            "ketacheck-export",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(SAFE_TEXT, max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


def _container(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        document = document[step]
    return document


def _same_kind(value: Any) -> st.SearchStrategy[Any]:
    """A value of the same JSON type, often (not always) still valid."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(-2, 12)
    if isinstance(value, float):
        return st.floats(-1, 30, allow_nan=False)
    if isinstance(value, str):
        return st.text(SAFE_TEXT, max_size=20) | st.just(value + "x") | st.just(value[:-1])
    if isinstance(value, list):
        return st.just(value[1:]) | st.just(value + value[:1])
    return st.just(value)


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    document = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        path = draw(st.sampled_from(paths))
        parent = _container(document, path)
        action = draw(st.sampled_from(["replace", "delete", "copy-sibling", "same-kind"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "copy-sibling" and isinstance(parent, list) and parent:
            parent[path[-1]] = json.loads(json.dumps(draw(st.sampled_from(parent))))
        elif action == "same-kind":
            parent[path[-1]] = draw(_same_kind(parent[path[-1]]))
        else:
            parent[path[-1]] = draw(JSON_VALUES)
    payload = orjson.dumps(document)
    if draw(st.integers(0, 3)):
        return payload
    position = draw(st.integers(0, len(payload)))
    kind = draw(st.sampled_from(["truncate", "flip", "insert"]))
    if kind == "truncate":
        return payload[:position]
    if kind == "flip" and position < len(payload):
        flipped = payload[position] ^ draw(st.integers(1, 255))
        return payload[:position] + bytes([flipped]) + payload[position + 1 :]
    return payload[:position] + draw(st.binary(min_size=1, max_size=4)) + payload[position:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_files())
def test_mutated_files_import_fully_or_change_nothing(payload: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir(mode=0o700)
        (data_dir / "journal.json").write_bytes(TEMPLATE_JOURNAL)
        file = Path(folder) / "export.json"
        file.write_bytes(payload)
        before = snapshot(data_dir)
        out, err = io.StringIO(), io.StringIO()

        code = main(
            ["--data-dir", str(data_dir), "import", str(file)],
            clock=fixed_clock,
            stdout=out,
            stderr=err,
        )

        assert code in (0, 2), err.getvalue()
        event("imported" if code == 0 else "rejected")
        if code == 2:
            assert snapshot(data_dir) == before
            assert out.getvalue() == ""
            line = err.getvalue()
            assert line.startswith(f"ketacheck: can't import {file}: ")
            assert line.endswith(". Nothing was imported.\n")
            assert line.count("\n") == 1
            return
        bundle = parse_export(payload)
        journal = Journal.open(data_dir, TODAY)
        held_checkins = {c.id: c for c in journal.checkins()}
        held_infusions = {i.id: i for i in journal.infusions()}
        assert "already-here" in held_checkins
        for checkin in bundle.checkins:
            if checkin.id != "already-here":
                # Alerts are the rules' own, never the file's (tests/test_import_trust.py),
                # and so is the infusion a check-in follows.
                follows = latest_infusion_before(list(held_infusions.values()), checkin.at)
                linked = replace(checkin, infusion_id=follows.id if follows else None)
                assert held_checkins[checkin.id].with_alerts(()) == linked.with_alerts(())
        for infusion in bundle.infusions:
            assert held_infusions[infusion.id] == infusion
        assert len(held_checkins) == 1 + len([c for c in bundle.checkins if c.id != "already-here"])
        assert len(held_infusions) == len(bundle.infusions)
        # Without --with-settings a file never changes the patient's settings.
        assert journal.settings() == Settings.from_dict(
            orjson.loads(TEMPLATE_JOURNAL).get("settings", {}).get("settings", {})
        )
        journal.close()


def test_a_version_1_file_still_imports() -> None:
    document = small_export(version=1)
    del document["questionnaires"]
    document["settings"].pop("questionnaire_interval_days")
    bundle = parse_export(orjson.dumps(document))
    assert [c.id for c in bundle.checkins] == ["c1", "c2", "c3", "c4"]
    assert bundle.questionnaires == []
    assert bundle.settings == Settings(planned_infusions=3)


def test_questionnaires_round_trip_and_validate(
    isolated_data_dir: Path,
) -> None:
    from ketacheck.core.questionnaires import QuestionnaireResult

    phq = QuestionnaireResult.create(
        "phq9", [1, 2, 0, 1, 0, 0, 1, 0, 1], datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    )
    gad = QuestionnaireResult.create(
        "gad7", [0, 1, 1, 0, 0, 2, 0], datetime(2026, 11, 21, 12, 5, tzinfo=UTC)
    )
    document = small_export(questionnaires=[phq.to_dict(), gad.to_dict()])
    assert schema_errors(document) == []
    bad = small_export(questionnaires=[{**gad.to_dict(), "answers": [0, 1]}])
    assert schema_errors(bad) != []
    with pytest.raises(ImportFileError, match=r"questionnaires\[0\].*answers"):
        parse_export(orjson.dumps(bad))

    bundle = parse_export(orjson.dumps(document))
    assert bundle.questionnaires == [phq, gad]
    assert bundle.questionnaires[0].total == 6
    assert bundle.questionnaires[0].alerts[0].code == "phq9_item9"
    journal = Journal.open(isolated_data_dir, date(2026, 11, 23))
    assert journal.import_all(bundle.infusions, bundle.checkins, bundle.questionnaires) == (1, 4, 2)
    assert journal.questionnaires() == [phq, gad]
    assert journal.import_all([], [], bundle.questionnaires) == (0, 0, 0)
