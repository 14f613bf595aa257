"""Alerts as records of their own: raised, kept open across later check-ins, resolved."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from ketacheck.core.alert_records import (
    RESOLUTIONS,
    AlertRecord,
    alert_id,
    most_severe_first,
)
from ketacheck.core.concerns import checkin_sightings
from ketacheck.core.occurrences import Occurrence
from ketacheck.core.records import Alert, CheckIn
from ketacheck.core.scales import ValidationError
from ketacheck.store.errors import RecordNotFoundError
from ketacheck.store.journal import Journal
from ketacheck.store.migrations import STEPS, migrate
from ketacheck.store.overview_reader import read_overview
from ketacheck.usecases.checkins import record_checkin
from ketacheck.usecases.status import status_json, status_report

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)

CALM = {"dizziness": 0, "nausea": 0, "fluids_glasses": 4, "mood": 7}


def answers(**changes: Any) -> dict[str, Any]:
    return {**CALM, **changes}


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    opened = Journal.open(tmp_path / "data", TODAY)
    yield opened
    opened.close()


def open_codes(journal: Journal) -> list[str]:
    return [a.code for a in read_overview(journal.data_dir, TODAY).open_alerts]


class TestAlertRecord:
    def test_id_is_derived_from_source_and_code(self) -> None:
        assert alert_id("abc", "self_harm") == alert_id("abc", "self_harm")
        assert alert_id("abc", "self_harm") != alert_id("abd", "self_harm")
        assert alert_id("abc", "self_harm") != alert_id("abc", "severe_nausea")
        assert len(alert_id("x" * 64, "c" * 100)) == 32

    def test_tips_are_not_kept(self) -> None:
        alerts = [
            Alert("urgent", "self_harm", "u"),
            Alert("call-now", "severe_nausea", "n"),
            Alert("call-today", "bladder", "b"),
            Alert("tip", "drink", "d"),
        ]
        checkin = CheckIn.from_dict({**CALM, "id": "c1", "at": NOW.isoformat()})
        kept = checkin_sightings(checkin.with_alerts(tuple(alerts)))
        assert [s.alert.level for s in kept] == ["urgent", "call-now", "call-today"]
        assert all(
            s.occurrence == Occurrence(NOW, "c1", s.occurrence.answer, s.occurrence.value)
            for s in kept
        )

    def test_round_trip_and_resolution(self) -> None:
        record = AlertRecord.raised(
            Alert("urgent", "self_harm", "m"), "checkin", Occurrence(NOW, "c1")
        )
        assert AlertRecord.from_dict(record.to_dict()) == record
        closed = record.resolved(NOW + timedelta(hours=1), RESOLUTIONS[1], "app")
        assert not closed.is_open
        assert closed.resolution == "I called the crisis line"
        assert AlertRecord.from_dict(closed.to_dict()) == closed

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"level": "tip"}, "level"),
            ({"level": "panic"}, "level"),
            ({"source_kind": "email"}, "source_kind"),
            (
                {
                    "resolved_at": "2026-11-22T00:00:00+00:00",
                    "resolution": "x",
                    "resolved_in": "app",
                },
                "resolved_at",
            ),
            ({"resolution": "sneaky"}, "resolution"),
            (
                {
                    "resolved_at": "2026-11-24T00:00:00+00:00",
                    "resolution": "  ",
                    "resolved_in": "app",
                },
                "resolution",
            ),
            (
                {
                    "resolved_at": "2026-11-24T00:00:00+00:00",
                    "resolution": "ok",
                    "resolved_in": "fax",
                },
                "resolved_in",
            ),
            ({"id": ""}, "id"),
            ({"raised_at": "yesterday"}, "raised_at"),
        ],
    )
    def test_bad_records_name_the_field(self, change: dict[str, Any], field: str) -> None:
        good = AlertRecord.raised(
            Alert("urgent", "self_harm", "m"), "checkin", Occurrence(NOW, "c1")
        )
        with pytest.raises(ValidationError) as caught:
            AlertRecord.from_dict({**good.to_dict(), **change})
        assert caught.value.field == field

    def test_most_severe_first_then_newest(self) -> None:
        def rec(level: str, code: str, hours: int) -> AlertRecord:
            return AlertRecord.raised(
                Alert(level, code, "m"), "checkin", Occurrence(NOW + timedelta(hours=hours), code)
            )

        records = [
            rec("call-today", "a", 5),
            rec("urgent", "b", 0),
            rec("call-now", "c", 1),
            rec("urgent", "d", 3),
        ]
        assert [r.code for r in most_severe_first(records)] == ["d", "b", "c", "a"]


class TestJournalKeepsAlertsOpen:
    def test_self_harm_yes_stays_open_after_a_calm_checkin(self, journal: Journal) -> None:
        record_checkin(journal, answers(mood=2, self_harm_thoughts=True), NOW)
        record_checkin(journal, answers(self_harm_thoughts=False), NOW + timedelta(hours=3))
        assert open_codes(journal) == ["self_harm"]
        # also when the journal is read without the summary
        (journal.data_dir / "summary.json").unlink()
        assert open_codes(journal) == ["self_harm"]

    def test_status_lists_every_open_alert_most_severe_first(self, journal: Journal) -> None:
        record_checkin(journal, answers(side_effects=["bladder_pain"]), NOW)
        record_checkin(journal, answers(mood=1, self_harm_thoughts=True), NOW + timedelta(hours=1))
        record_checkin(journal, answers(), NOW + timedelta(hours=2))
        report = status_report(read_overview(journal.data_dir, TODAY), NOW + timedelta(hours=3))
        shown = status_json(report)["alerts"]
        assert [a["code"] for a in shown] == ["self_harm", "bladder"]
        assert set(shown[0]) >= {"id", "level", "code", "message", "raised_at"}
        assert shown[0]["level"] == "urgent"
        assert shown[0]["raised_at"] == (NOW + timedelta(hours=1)).isoformat()

    def test_resolving_keeps_the_record_and_closes_it(self, journal: Journal) -> None:
        record_checkin(journal, answers(mood=1, self_harm_thoughts=True), NOW)
        (alert,) = read_overview(journal.data_dir, TODAY).open_alerts
        closed = journal.resolve_alert(alert.id, "I called the crisis line", NOW, "app")
        assert closed.resolved_at == NOW
        assert open_codes(journal) == []
        (kept,) = journal.alerts()
        assert kept.resolution == "I called the crisis line" and kept.resolved_in == "app"
        with pytest.raises(RecordNotFoundError, match="already resolved"):
            journal.resolve_alert(alert.id, "again", NOW, "app")
        with pytest.raises(RecordNotFoundError):
            journal.resolve_alert("nope", "x", NOW, "app")

    def test_resolving_with_no_words_changes_nothing(self, journal: Journal) -> None:
        record_checkin(journal, answers(mood=1, self_harm_thoughts=True), NOW)
        (alert,) = read_overview(journal.data_dir, TODAY).open_alerts
        before = journal.path.read_bytes()
        with pytest.raises(ValidationError):
            journal.resolve_alert(alert.id, "   ", NOW, "app")
        assert journal.path.read_bytes() == before

    def test_editing_a_checkin_never_closes_or_duplicates_an_alert(self, journal: Journal) -> None:
        saved = record_checkin(journal, answers(mood=1, self_harm_thoughts=True), NOW)
        calm = CheckIn.from_dict({**saved.to_dict(), "self_harm_thoughts": False, "alerts": []})
        journal.update_checkin(calm)
        journal.update_checkin(saved)
        assert open_codes(journal) == ["self_harm"]
        assert len(journal.alerts()) == 1

    def test_questionnaire_item9_opens_an_urgent_alert(self, journal: Journal) -> None:
        from ketacheck.core.questionnaires import QuestionnaireResult

        result = QuestionnaireResult.create("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1], NOW)
        journal.add_questionnaire(result)
        (alert,) = read_overview(journal.data_dir, TODAY).open_alerts
        assert (alert.level, alert.code, alert.source_kind, alert.source_id) == (
            "urgent",
            "phq9_item9",
            "questionnaire",
            result.id,
        )


class TestMigration:
    def _v2(self) -> dict[str, Any]:
        checkin = {
            "id": "c" * 32,
            "at": "2026-11-22T10:00:00+00:00",
            "infusion_id": None,
            "dizziness": 0,
            "nausea": 0,
            "vomited": False,
            "fluids_glasses": 3,
            "electrolytes": False,
            "mood": 2,
            "self_harm_thoughts": True,
            "alerts": [
                {"level": "urgent", "code": "self_harm", "message": "Please call."},
                {"level": "tip", "code": "drink", "message": "Sip water."},
            ],
        }
        return {
            "meta": {"1": {"schema_version": 2}},
            "checkins": {checkin["id"]: checkin},
            "questionnaires": {},
        }

    def test_v2_alerts_come_back_open(self) -> None:
        upgraded = STEPS[2](self._v2())
        (doc,) = upgraded["alerts"].values()
        record = AlertRecord.from_dict(doc)
        assert (record.code, record.level, record.is_open) == ("self_harm", "urgent", True)
        assert record.id == alert_id("c" * 32, "self_harm")
        assert record.raised_at == datetime(2026, 11, 22, 10, tzinfo=UTC)

    def test_a_damaged_record_does_not_stop_the_upgrade(self) -> None:
        tables = self._v2()
        tables["checkins"]["bad"] = {"id": "bad", "at": 5, "alerts": "nope"}
        upgraded = migrate(tables)
        assert len(upgraded["alerts"]) == 1

    def test_a_v2_journal_on_disk_upgrades_and_keeps_a_copy(self, tmp_path: Path) -> None:
        data = tmp_path / "data"
        data.mkdir(mode=0o700)
        (data / "journal.json").write_bytes(orjson.dumps(self._v2()))
        journal = Journal.open(data, TODAY)
        try:
            assert [a.code for a in journal.overview().open_alerts] == ["self_harm"]
        finally:
            journal.close()
        assert (data / "journal.json.v2-before-upgrade").exists()
