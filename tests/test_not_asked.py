"""Not asked is not no (issue 19, point 1): an answer nobody asked for is stored, exported,
written to CSV and FHIR as "not asked", never as "no"; an older file's "no" stays "no"."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import pytest
from fhir.resources.R4B.bundle import Bundle

from ketacheck.cli import main
from ketacheck.core.contents import JournalContents
from ketacheck.core.records import CheckIn
from ketacheck.core.settings import Settings
from ketacheck.exchange.export import checkins_csv, export_document, export_json, schema_path
from ketacheck.exchange.fhir import CHECKIN_SYSTEM, fhir_document, fhir_json
from ketacheck.store.journal import Journal

NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
SCORES = ["--dizziness", "1", "--nausea", "2", "--fluids", "3", "--mood", "6"]


def run(data: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data), *argv], clock=lambda: NOW, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def stored(data: Path) -> list[dict[str, Any]]:
    return [c.to_dict() for c in Journal.open(data, NOW.date()).checkins()]


def checkin(**answers: Any) -> CheckIn:
    base = {
        "id": "c" * 32,
        "at": "2026-11-22T15:00:00+00:00",
        "dizziness": 1,
        "nausea": 2,
        "fluids_glasses": 3,
        "mood": 6,
    }
    return CheckIn.from_dict({**base, **answers})


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([], (None, None)),
        (["--vomited"], (True, None)),
        (["--vomited", "no", "--electrolytes", "yes"], (False, True)),
        (["--electrolytes"], (None, True)),
    ],
)
def test_options_not_given_are_not_asked(
    tmp_path: Path, flags: list[str], expected: tuple[bool | None, bool | None]
) -> None:
    code, _, err = run(tmp_path, "checkin", *SCORES, "--self-harm", "no", *flags)
    assert code == 0, err
    (saved,) = stored(tmp_path)
    assert (saved["vomited"], saved["electrolytes"]) == expected
    assert saved["side_effects"] is None  # the command line never asked about them


def test_a_bad_yes_no_option_is_refused_and_nothing_is_saved(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, "checkin", *SCORES, "--self-harm", "no", "--vomited", "maybe")
    assert code == 2
    assert "--vomited" in err and "maybe" in err
    assert not (tmp_path / "journal.json").exists() or stored(tmp_path) == []


def test_the_export_says_null_for_not_asked_and_validates(tmp_path: Path) -> None:
    contents = JournalContents.of_records(
        Settings(), checkins=[checkin(), checkin(id="d" * 32, vomited=False, side_effects=[])]
    )
    document = json.loads(export_json(export_document(contents, NOW)))
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    unasked, answered = document["checkins"]
    assert (unasked["vomited"], unasked["electrolytes"], unasked["side_effects"]) == (
        None,
        None,
        None,
    )
    assert (answered["vomited"], answered["side_effects"]) == (False, [])


def test_csv_leaves_not_asked_empty_and_says_no_and_none(tmp_path: Path) -> None:
    contents = JournalContents.of_records(
        Settings(),
        checkins=[
            checkin(),
            checkin(id="d" * 32, at="2026-11-22T15:30:00+00:00", vomited=False, side_effects=[]),
        ],
    )
    rows = list(csv.DictReader(io.StringIO(checkins_csv(contents))))
    assert (rows[0]["vomited"], rows[0]["electrolytes"], rows[0]["side_effects"]) == ("", "", "")
    assert (rows[1]["vomited"], rows[1]["side_effects"]) == ("no", "none")


def test_fhir_has_no_observation_for_what_was_not_asked() -> None:
    contents = JournalContents.of_records(
        Settings(),
        checkins=[checkin(), checkin(id="d" * 32, at="2026-11-22T15:30:00+00:00", vomited=False)],
    )
    document = json.loads(fhir_json(fhir_document(contents, NOW)))
    Bundle.model_validate(document)
    by_checkin: dict[str, set[str]] = {}
    for entry in document["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] != "Observation":
            continue
        record, _, field = resource["identifier"][0]["value"].partition("/")
        codes = [c["code"] for c in resource["code"].get("coding", [])]
        if any(c == field for c in codes):
            by_checkin.setdefault(record, set()).add(field)
            assert resource["code"]["coding"][0]["system"] == CHECKIN_SYSTEM
    assert "vomited" not in by_checkin["c" * 32]
    assert "electrolytes" not in by_checkin["c" * 32]
    assert "side_effects" not in by_checkin["c" * 32]
    assert "vomited" in by_checkin["d" * 32]


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_an_older_exports_no_stays_no(tmp_path: Path, version: int) -> None:
    record = {
        **checkin().to_dict(),
        "vomited": False,
        "electrolytes": False,
        "side_effects": [],
        "alerts": [],
    }
    document: dict[str, Any] = {
        "format": "ketacheck-export",
        "version": version,
        "exported_at": "2026-11-22T16:00:00+00:00",
        "app_version": "0.1.0",
        "settings": Settings().to_dict(),
        "infusions": [],
        "checkins": [record],
    }
    if version >= 2:
        document["questionnaires"] = []
    if version >= 3:
        document["alerts"] = []
    path = tmp_path / "old.json"
    path.write_bytes(orjson.dumps(document))
    data = tmp_path / "data"
    code, _, err = run(data, "import", str(path))
    assert code == 0, err
    (saved,) = stored(data)
    assert (saved["vomited"], saved["electrolytes"], saved["side_effects"]) == (False, False, [])


def test_a_version_4_journal_keeps_its_answers_when_upgraded(tmp_path: Path) -> None:
    record = {**checkin().to_dict(), "vomited": False, "electrolytes": True, "side_effects": []}
    tables = {"meta": {"1": {"schema_version": 4}}, "checkins": {record["id"]: record}}
    tmp_path.chmod(0o700)
    (tmp_path / "journal.json").write_bytes(orjson.dumps(tables))
    (tmp_path / "journal.json").chmod(0o600)
    (saved,) = stored(tmp_path)
    assert (saved["vomited"], saved["electrolytes"], saved["side_effects"]) == (False, True, [])
    upgraded = orjson.loads((tmp_path / "journal.json").read_bytes())
    assert upgraded["meta"] == {"1": {"schema_version": 5}}
    assert (tmp_path / "journal.json.v4-before-upgrade").exists()
