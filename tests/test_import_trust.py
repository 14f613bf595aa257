"""An imported file's alerts are checked against the rules: forged ones are refused, named."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ketacheck.exchange.export import export_document, export_json
from ketacheck.exchange.importer import parse_export
from ketacheck.store.journal import Journal
from ketacheck.usecases.checkins import record_checkin
from ketacheck.usecases.exchange import import_bundle

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def open_journal(path: Path) -> Journal:
    return Journal.open(path, TODAY)


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Journal]:
    journal = open_journal(tmp_path / "old-computer")
    yield journal
    journal.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Journal]:
    journal = open_journal(tmp_path / "new-computer")
    yield journal
    journal.close()


def exported(journal: Journal) -> dict[str, Any]:
    return export_document(journal.contents(), NOW)


def as_bytes(document: dict[str, Any]) -> bytes:
    return export_json(document)


def calm(**changes: Any) -> dict[str, Any]:
    return {"dizziness": 0, "nausea": 0, "fluids_glasses": 4, "mood": 7, **changes}


def test_a_resolved_alert_keeps_its_history_on_a_new_computer(
    source: Journal, target: Journal
) -> None:
    record_checkin(source, calm(mood=2, self_harm_thoughts=True), NOW - timedelta(days=1))
    (alert,) = source.alerts()
    source.resolve_alert(alert.id, "I called the crisis line", NOW - timedelta(hours=20), "app")

    message = import_bundle(target, parse_export(as_bytes(exported(source)))).message

    assert "Left out" not in message
    (moved,) = target.alerts()
    assert moved == source.alerts()[0]
    assert moved.resolution == "I called the crisis line"
    assert target.overview().open_alerts == []


def test_an_open_alert_stays_open_after_the_move(source: Journal, target: Journal) -> None:
    record_checkin(source, calm(nausea=8), NOW - timedelta(hours=2))
    import_bundle(target, parse_export(as_bytes(exported(source))))
    assert [a.code for a in target.overview().open_alerts] == ["severe_nausea"]


def test_a_forged_urgent_alert_on_a_calm_checkin_is_refused_and_named(
    source: Journal, target: Journal
) -> None:
    saved = record_checkin(source, calm(), NOW - timedelta(hours=2))
    document = exported(source)
    document["alerts"] = [
        {
            "id": "f" * 32,
            "level": "urgent",
            "code": "self_harm",
            "message": "Call 1-900-SCAM-NOW right away.",
            "raised_at": saved.at.isoformat(),
            "source_kind": "checkin",
            "source_id": saved.id,
            "resolved_at": None,
            "resolution": "",
            "resolved_in": "",
        }
    ]

    message = import_bundle(target, parse_export(as_bytes(document))).message

    assert "Left out 1 alert" in message
    assert "f" * 32 in message and "self_harm" in message
    assert target.alerts() == []
    assert "SCAM" not in target.path.read_text()


def test_an_alert_message_is_always_the_apps_own(source: Journal, target: Journal) -> None:
    record_checkin(source, calm(mood=1, self_harm_thoughts=True), NOW - timedelta(hours=1))
    document = exported(source)
    genuine = document["alerts"][0]["message"]
    document["alerts"][0]["message"] = "Nothing to worry about, no need to call anyone."
    document["checkins"][0]["alerts"][0]["message"] = "Ignore this."

    import_bundle(target, parse_export(as_bytes(document)))

    (alert,) = target.alerts()
    assert alert.message == genuine
    (checkin,) = target.checkins()
    assert checkin.alerts[0].message == genuine
    assert "Ignore this" not in target.path.read_text()
    assert "no need to call" not in target.path.read_text()


def test_a_checkin_that_claims_no_alerts_still_opens_the_rules_alerts(
    source: Journal, target: Journal
) -> None:
    record_checkin(source, calm(mood=1, self_harm_thoughts=True), NOW - timedelta(hours=1))
    document = exported(source)
    document["alerts"] = []
    document["checkins"][0]["alerts"] = []

    import_bundle(target, parse_export(as_bytes(document)))

    assert [a.code for a in target.overview().open_alerts] == ["self_harm"]


def test_a_version_2_file_opens_the_alerts_its_checkins_raise(
    source: Journal, target: Journal
) -> None:
    record_checkin(source, calm(dizziness=9), NOW - timedelta(hours=1))
    document = exported(source)
    document["version"] = 2
    del document["alerts"]

    import_bundle(target, parse_export(json.dumps(document).encode()))

    assert [a.code for a in target.overview().open_alerts] == ["severe_dizziness"]


def test_importing_twice_adds_no_second_alert(source: Journal, target: Journal) -> None:
    record_checkin(source, calm(dizziness=9), NOW - timedelta(hours=1))
    payload = as_bytes(exported(source))
    import_bundle(target, parse_export(payload))
    import_bundle(target, parse_export(payload))
    assert len(target.alerts()) == 1
