"""The summary holds what status and Home show, and no more; they stay right however the
journal changes.

Every test compares what ``status`` and Home read (the summary, through ``read_overview``)
with what the whole journal says, after edits, deletions, imports, an infusion logged
ahead of time and a clock set back; and checks that the summary stays small however long
the history behind it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from msgspec.structs import replace

import ketacheck.store.storage as storage_module
from ketacheck.core.questionnaires import QUESTIONNAIRES, QuestionnaireResult, due
from ketacheck.core.records import Infusion
from ketacheck.core.settings import Settings
from ketacheck.store import integrity, paths
from ketacheck.store.journal import Journal
from ketacheck.store.overview import Overview, overview_from_summary
from ketacheck.store.overview_reader import read_overview
from ketacheck.store.summary import KEPT_INFUSIONS, RECENT_AT_LEAST, build_summary
from ketacheck.usecases.checkins import build_checkin, record_checkin, record_questionnaire
from ketacheck.usecases.status import status_json, status_report

#: Ten infusions a week apart, the last on Monday 16 November 2026 at 14:00 UTC.
FIRST = datetime(2026, 9, 14, 14, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)


def calm(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "dizziness": 0,
        "nausea": 0,
        "vomited": False,
        "fluids_glasses": 4,
        "electrolytes": False,
        "mood": 7,
        "self_harm_thoughts": False,
    }
    return answers | changes


def infusion(n: int, start: datetime = FIRST) -> Infusion:
    """Infusion ``n`` (0-based) of the course, with a fixed id."""
    made = Infusion.create(start + timedelta(weeks=n), 45)
    return replace(made, id=f"inf{n:029d}")


def course(data_dir: Path, infusions: int = 10) -> Journal:
    """A course of ``infusions`` weekly infusions, two check-ins a day after each (the
    last days dizzy, so an alert stays open and is seen again and again), and a PHQ-9
    and GAD-7 each week."""
    journal = Journal.open(data_dir, TODAY)
    journal.save_settings(Settings(onboarded=True, planned_infusions=6, country="US"))
    made = [infusion(n) for n in range(infusions)]
    checkins = []
    for n, inf in enumerate(made):
        for day in range(6):
            for hour in (3, 9):
                at = inf.ended_at + timedelta(days=day, hours=hour)
                dizzy = 2 if n == infusions - 1 and day >= 1 else 0
                checkins.append(build_checkin(calm(dizziness=dizzy), at, made, None))
    checkins = [c for c in checkins if c.at <= NOW]
    journal.import_all(made, checkins, [], now=NOW)
    for n in range(infusions):
        at = FIRST + timedelta(weeks=n, days=2)
        if at <= NOW:
            record_questionnaire(journal, "phq9", [1] * 8 + [0] if n % 2 else [0] * 9, at)
            record_questionnaire(journal, "gad7", [1] * 7, at + timedelta(minutes=5))
    return journal


def whole(data_dir: Path) -> Overview:
    """The overview made from every record of the journal, as if nothing were left out."""
    journal = Journal.open(data_dir, TODAY)
    try:
        return overview_from_summary(
            build_summary(journal._tables(), (0, 0, 0, 0), keep_all=True), journal.path
        )
    finally:
        journal.close()


def shown(overview: Overview, now: datetime) -> dict[str, Any]:
    """What status and Home show from ``overview`` at ``now``."""
    report = status_report(overview, now)
    settings = overview.settings
    return {
        "status": status_json(report),
        "number": report.course.number,
        "due": [
            due(
                kind,
                overview.questionnaires,
                overview.infusions,
                settings.next_appointment,
                settings.questionnaire_interval_days,
                now,
            )
            for kind in QUESTIONNAIRES
        ],
        "checkins": overview.checkin_count,
    }


def assert_same_as_whole(data_dir: Path, now: datetime = NOW) -> Overview:
    read = read_overview(data_dir, TODAY, now)
    assert shown(read, now) == shown(whole(data_dir), now)
    return read


def stored_summary(data_dir: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = orjson.loads((data_dir / paths.SUMMARY_NAME).read_bytes())
    return loaded


@pytest.fixture
def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = storage_module.parse_journal

    def counting(path: Path, payload: bytes) -> Any:
        calls.append(path)
        return real(path, payload)

    monkeypatch.setattr(storage_module, "parse_journal", counting)
    return calls


# --------------------------------------------------------------------------- bounded


def test_the_summary_keeps_what_is_shown_and_counts_the_rest(data_dir: Path) -> None:
    course(data_dir).close()

    summary = stored_summary(data_dir)
    overview = assert_same_as_whole(data_dir)
    assert [i["id"] for i in summary["infusions"]] == [infusion(n).id for n in (7, 8, 9)]
    assert summary["earlier_infusions"] == 7
    assert overview.earlier_infusions == 7 and len(overview.infusions) == KEPT_INFUSIONS
    assert status_report(overview, NOW).course.number == 10  # "Tenth infusion"
    assert sorted(q["kind"] for q in summary["questionnaires"]) == ["gad7", "phq9"]
    assert summary["earlier_questionnaires"] == 18
    # The open alert (still dizzy a day on) lists its first and latest time, and counts all.
    (alert,) = summary["open_alerts"]
    kept = Journal.open(data_dir, TODAY).alerts()[0]
    assert alert["seen"] == kept.seen > 2
    assert [o["source_id"] for o in alert["occurrences"]] == [
        kept.occurrences[0].source_id,
        kept.occurrences[-1].source_id,
    ]
    assert len(summary["recent_checkins"]) == RECENT_AT_LEAST


def test_its_size_does_not_grow_with_the_years_behind_it(tmp_path: Path) -> None:
    course(tmp_path / "short", infusions=4).close()
    course(tmp_path / "long", infusions=10).close()
    short = (tmp_path / "short" / paths.SUMMARY_NAME).stat().st_size
    long = (tmp_path / "long" / paths.SUMMARY_NAME).stat().st_size
    assert long < short * 1.2


# --------------------------------------------------------------------------- changes


def test_deleting_the_latest_infusion_brings_back_the_one_before(data_dir: Path) -> None:
    journal = course(data_dir)
    journal.delete_infusion(infusion(9).id, NOW)
    overview = assert_same_as_whole(data_dir)
    assert overview.infusions[-1].id == infusion(8).id
    assert status_report(overview, NOW).course.number == 9


def test_deleting_or_moving_an_early_infusion_renumbers_the_latest(data_dir: Path) -> None:
    journal = course(data_dir)
    journal.delete_infusion(infusion(0).id, NOW)
    assert status_report(assert_same_as_whole(data_dir), NOW).course.number == 9
    # The second infusion, moved to after the latest: it is the latest now.
    moved = replace(
        infusion(1),
        started_at=NOW - timedelta(hours=3),
        ended_at=NOW - timedelta(hours=2),
    )
    journal.update_infusion(moved, NOW)
    overview = assert_same_as_whole(data_dir)
    assert overview.infusions[-1].id == moved.id
    assert status_report(overview, NOW).course.number == 9


def test_importing_earlier_infusions_counts_them(data_dir: Path) -> None:
    journal = course(data_dir)
    before = [infusion(n, FIRST - timedelta(weeks=20)) for n in range(3)]
    before = [replace(i, id=f"old{n:029d}") for n, i in enumerate(before)]
    journal.import_all(before, [], [], now=NOW)
    overview = assert_same_as_whole(data_dir)
    assert overview.earlier_infusions == 10
    assert status_report(overview, NOW).course.number == 13


def test_an_infusion_logged_ahead_counts_once_it_has_begun(data_dir: Path) -> None:
    journal = course(data_dir)
    ahead = [
        replace(Infusion.create(NOW + timedelta(days=d), 45), id=f"ahead{d:027d}")
        for d in (2, 9, 16)
    ]
    journal.import_all(ahead, [], [], now=NOW)
    for moment in (NOW, NOW + timedelta(days=3), NOW + timedelta(days=10)):
        assert_same_as_whole(data_dir, moment)
    later = read_overview(data_dir, TODAY, NOW + timedelta(days=10))
    assert status_report(later, NOW + timedelta(days=10)).course.number == 12


def test_check_ins_edited_deleted_and_back_dated(data_dir: Path) -> None:
    journal = course(data_dir)
    newest = journal.checkins()[-1]
    journal.update_checkin(replace(newest, dizziness=0, mood=3), NOW)
    assert_same_as_whole(data_dir)
    journal.delete_checkin(newest.id, NOW)
    overview = assert_same_as_whole(data_dir)
    assert overview.last_checkin is not None and overview.last_checkin.id != newest.id
    # A check-in from the second week is linked to the second infusion, which the
    # summary no longer keeps.
    old = record_checkin(journal, calm(), FIRST + timedelta(weeks=1, hours=8), NOW)
    assert old.infusion_id == infusion(1).id
    assert_same_as_whole(data_dir)


def test_questionnaires_and_alerts_changed(data_dir: Path) -> None:
    journal = course(data_dir)
    record_questionnaire(journal, "phq9", [0] * 9, NOW - timedelta(hours=1))
    assert_same_as_whole(data_dir)
    # An older result imported changes nothing that is shown.
    older = QuestionnaireResult.create("gad7", [3] * 7, FIRST - timedelta(days=3))
    journal.import_all([], [], [older], now=NOW)
    assert_same_as_whole(data_dir)
    (alert,) = read_overview(data_dir, TODAY).open_alerts
    journal.resolve_alert(alert.id, "I reached my care team", NOW, "app")
    assert assert_same_as_whole(data_dir).open_alerts == []


# --------------------------------------------------------------------------- trust


def test_a_clock_set_back_before_what_is_kept_reads_the_journal(
    data_dir: Path, parse_calls: list[Path]
) -> None:
    course(data_dir).close()
    back = FIRST + timedelta(weeks=2, days=1)  # the third infusion is the latest then
    parse_calls.clear()
    overview = read_overview(data_dir, TODAY, back)
    assert parse_calls  # the summary can't say: the journal itself was read
    assert status_report(overview, back).course.number == 3
    assert shown(overview, back) == shown(whole(data_dir), back)
    # ...and the summary on disk is still the one for today's clock.
    assert stored_summary(data_dir)["earlier_infusions"] == 7
    journal = Journal.open(data_dir, TODAY)
    assert status_report(journal.overview(back), back).course.number == 3


def test_a_summary_of_an_older_format_is_never_trusted(
    data_dir: Path, parse_calls: list[Path]
) -> None:
    course(data_dir).close()
    path = data_dir / paths.SUMMARY_NAME
    current = stored_summary(data_dir)
    # As ketacheck wrote it before: every infusion and questionnaire, format 6, sealed,
    # made from this very journal file. Here it claims a course of two infusions.
    old = {
        key: value
        for key, value in current.items()
        if key not in ("earlier_infusions", "earlier_questionnaires", "course_start", "seal")
    }
    old |= {"format": 6, "infusions": current["infusions"][:2]}
    path.write_bytes(integrity.seal_summary(old))
    parse_calls.clear()
    overview = read_overview(data_dir, TODAY, NOW)
    assert parse_calls
    assert status_report(overview, NOW).course.number == 10
    rebuilt = stored_summary(data_dir)
    assert rebuilt["format"] == current["format"] and rebuilt["earlier_infusions"] == 7


@pytest.mark.parametrize("field", ["earlier_infusions", "course_start", "earlier_questionnaires"])
def test_a_sealed_summary_missing_a_count_is_not_trusted(
    field: str, data_dir: Path, parse_calls: list[Path]
) -> None:
    course(data_dir).close()
    path = data_dir / paths.SUMMARY_NAME
    damaged = {k: v for k, v in stored_summary(data_dir).items() if k != field}
    path.write_bytes(integrity.seal_summary(damaged))
    parse_calls.clear()
    assert_same_as_whole(data_dir)
    assert parse_calls


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"
