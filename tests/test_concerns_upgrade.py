"""Older journals and exports, whose alerts were one per record, come over one per concern.

Nothing is lost: every old alert becomes an occurrence of the record for its concern, what
the patient resolved stays as resolved, and urgent alerts stay records of their own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from ketacheck.core.alert_records import BY_NEXT_INFUSION, BY_PATIENT, alert_id
from ketacheck.core.levels import KEPT_LEVELS
from ketacheck.core.records import Infusion
from ketacheck.exchange.importer import parse_export
from ketacheck.store.journal import Journal
from ketacheck.store.overview_reader import read_overview
from ketacheck.usecases.checkins import build_checkin
from ketacheck.usecases.exchange import import_bundle

INFUSED = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
SECOND = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

V3_ALERT_KEYS = (
    "id",
    "level",
    "code",
    "message",
    "raised_at",
    "source_kind",
    "source_id",
    "resolved_at",
    "resolution",
    "resolved_in",
)


def infusions() -> list[Infusion]:
    return [
        Infusion.from_dict(
            {
                "id": ident,
                "started_at": start.isoformat(),
                "ended_at": (start + timedelta(minutes=45)).isoformat(),
            }
        )
        for ident, start in (("inf-1", INFUSED), ("inf-2", SECOND))
    ]


def old_records() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A mild week after inf-1 (dizziness and nausea 1, twice a day), a self-harm yes on
    the third day, and a day after inf-2; alert records as version 3 kept them."""
    checkins, alerts = [], []
    first = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    times = [first + timedelta(hours=12 * n) for n in range(14)]
    times.append(SECOND + timedelta(days=1, hours=3))
    for n, at in enumerate(times):
        answers = {"dizziness": 1, "nausea": 1, "fluids_glasses": 4, "mood": 6}
        answers["self_harm_thoughts"] = n == 4
        checkin = build_checkin(answers, at, infusions(), None, f"chk{n:02d}")
        checkins.append(checkin.to_dict())
        for alert in checkin.alerts:
            if alert.level in KEPT_LEVELS:
                alerts.append(
                    {
                        "id": alert_id(checkin.id, alert.code),
                        "level": alert.level,
                        "code": alert.code,
                        "message": alert.message,
                        "raised_at": checkin.to_dict()["at"],
                        "source_kind": "checkin",
                        "source_id": checkin.id,
                        "resolved_at": None,
                        "resolution": "",
                        "resolved_in": "",
                    }
                )
    # The patient resolved the very first dizziness alert in the app.
    alerts[0] = {
        **alerts[0],
        "resolved_at": "2026-11-22T12:00:00+00:00",
        "resolution": "I reached my care team",
        "resolved_in": "app",
    }
    assert set(alerts[0]) == set(V3_ALERT_KEYS)
    return checkins, alerts


def v3_journal() -> dict[str, Any]:
    checkins, alerts = old_records()
    return {
        "meta": {"1": {"schema_version": 3}},
        "settings": {},
        "infusions": {i.id: i.to_dict() for i in infusions()},
        "checkins": {c["id"]: c for c in checkins},
        "questionnaires": {},
        "alerts": {a["id"]: a for a in alerts},
    }


def assert_nothing_lost(journal: Journal, old_alerts: list[dict[str, Any]]) -> None:
    kept = journal.alerts()
    seen = {(r.code, o.source_id) for r in kept for o in r.occurrences}
    for old in old_alerts:
        assert (old["code"], old["source_id"]) in seen, old["id"]
    (resolved,) = [r for r in kept if r.closed_by == BY_PATIENT]
    assert resolved.id == old_alerts[0]["id"]
    assert (resolved.resolution, resolved.resolved_in) == ("I reached my care team", "app")


def test_a_v3_journal_upgrades_to_a_handful_of_open_alerts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    tables = v3_journal()
    (data / "journal.json").write_bytes(orjson.dumps(tables))
    old_alerts = list(tables["alerts"].values())
    assert sum(a["resolved_at"] is None for a in old_alerts) == 26

    journal = Journal.open(data, TODAY)
    open_now = read_overview(data, TODAY).open_alerts
    # Still open: the urgent yes, and the two concerns of the latest infusion.
    assert sorted((a.code, a.infusion_id) for a in open_now) == [
        ("persistent_dizziness", "inf-2"),
        ("persistent_nausea", "inf-2"),
        ("self_harm", "inf-1"),
    ]
    assert_nothing_lost(journal, old_alerts)
    closed = [a for a in journal.alerts() if a.closed_by == BY_NEXT_INFUSION]
    assert sorted(a.code for a in closed) == ["persistent_dizziness", "persistent_nausea"]
    assert all(a.resolved_at == SECOND for a in closed)
    journal.close()
    assert (data / "journal.json.v3-before-upgrade").exists()


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_older_export_imports_one_alert_per_concern(tmp_path: Path, version: int) -> None:
    checkins, alerts = old_records()
    document: dict[str, Any] = {
        "format": "ketacheck-export",
        "version": version,
        "exported_at": NOW.isoformat(),
        "app_version": "0.1.0",
        "settings": {},
        "infusions": [i.to_dict() for i in infusions()],
        "checkins": checkins,
    }
    if version >= 2:
        document["questionnaires"] = []
    if version >= 3:
        document["alerts"] = alerts
    journal = Journal.open(tmp_path / "data", TODAY)
    for _ in range(2):  # importing twice adds nothing
        import_bundle(journal, parse_export(orjson.dumps(document)), now=NOW)

    open_now = read_overview(journal.data_dir, TODAY).open_alerts
    assert sorted(a.code for a in open_now) == [
        "persistent_dizziness",
        "persistent_nausea",
        "self_harm",
    ]
    if version >= 3:
        assert_nothing_lost(journal, alerts)
    else:
        # Without alert records, every concern its check-ins raise is there once.
        assert len(journal.alerts()) == 5
    journal.close()
