"""One alert per concern per infusion: repeats, escalation, resolving, the next infusion, edits.

Each test runs the real journal through the real use cases, on a fixed clock: an infusion
on Friday 20 November 2026 at 14:00 UTC (it ends at 14:45), then check-ins from the day
after, morning and evening, as a patient would make them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from ketacheck.core.alert_records import (
    BY_ANSWER_CHANGE,
    BY_NEXT_INFUSION,
    BY_PATIENT,
    AlertRecord,
    alert_id,
)
from ketacheck.core.concerns import settle
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.exchange.export import export_document, export_json
from ketacheck.exchange.importer import parse_export
from ketacheck.store.journal import Journal
from ketacheck.store.overview_reader import read_overview
from ketacheck.usecases.checkins import build_checkin, record_checkin
from ketacheck.usecases.exchange import import_bundle
from ketacheck.usecases.status import status_report

INFUSED = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
TODAY = date(2026, 11, 27)


def infusion(start: datetime, ident: str) -> Infusion:
    return Infusion.from_dict(
        {
            "id": ident,
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(minutes=45)).isoformat(),
        }
    )


def answers(**changes: Any) -> dict[str, Any]:
    return {
        "dizziness": 0,
        "nausea": 0,
        "fluids_glasses": 4,
        "mood": 7,
        "self_harm_thoughts": False,
        **changes,
    }


def week() -> list[datetime]:
    """Morning (09:00) and evening (21:00) for the seven days after the infusion."""
    first = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    return [first + timedelta(hours=12 * n) for n in range(14)]


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    opened = Journal.open(tmp_path / "data", TODAY)
    opened.add_infusion(infusion(INFUSED, "inf-1"), now=INFUSED)
    yield opened
    opened.close()


def open_alerts(journal: Journal) -> list[AlertRecord]:
    return read_overview(journal.data_dir, TODAY).open_alerts


def open_codes(journal: Journal) -> list[str]:
    return sorted(a.code for a in open_alerts(journal))


def by_code(journal: Journal, code: str) -> list[AlertRecord]:
    return sorted((a for a in journal.alerts() if a.code == code), key=lambda a: a.raised_at)


class TestAMildWeek:
    def test_fourteen_mild_checkins_leave_one_alert_per_concern(self, journal: Journal) -> None:
        for at in week():
            record_checkin(journal, answers(dizziness=1, nausea=1), at)

        assert open_codes(journal) == ["persistent_dizziness", "persistent_nausea"]
        dizzy = by_code(journal, "persistent_dizziness")
        assert len(dizzy) == 1
        (alert,) = dizzy
        # The first check-in at 09:00 on the 21st is under 24 h after the infusion ended.
        assert alert.seen == 13
        assert alert.raised_at == week()[1]
        assert alert.latest.answer == "dizziness 1"
        assert alert.latest.at == week()[-1]
        assert alert.id == alert_id(alert.source_id, "persistent_dizziness")
        assert len(journal.alerts()) == 2

    def test_status_of_that_week_lists_two_alerts(self, journal: Journal) -> None:
        for at in week():
            record_checkin(journal, answers(dizziness=1, nausea=1), at)
        report = status_report(read_overview(journal.data_dir, TODAY), week()[-1])
        assert [a.code for a in report.alerts] == ["persistent_dizziness", "persistent_nausea"]

    def test_dizziness_8_during_it_still_opens_a_call_now(self, journal: Journal) -> None:
        times = week()
        for n, at in enumerate(times):
            record_checkin(journal, answers(dizziness=8 if n == 6 else 1), at)
        (severe,) = by_code(journal, "severe_dizziness")
        assert (severe.level, severe.is_open, severe.seen) == ("call-now", True, 1)
        assert severe.latest.answer == "dizziness 8"
        # The call-today is not swallowed by it either: both stay open, each once.
        assert open_codes(journal) == ["persistent_dizziness", "severe_dizziness"]

    def test_resolving_then_two_more_identical_checkins_do_not_bring_it_back(
        self, journal: Journal
    ) -> None:
        times = week()
        for at in times[:6]:
            record_checkin(journal, answers(dizziness=2), at)
        (alert,) = open_alerts(journal)
        journal.resolve_alert(alert.id, "I reached my care team", times[5], "app")
        record_checkin(journal, answers(dizziness=2), times[6])
        record_checkin(journal, answers(dizziness=1), times[7])
        assert open_alerts(journal) == []
        (kept,) = by_code(journal, "persistent_dizziness")
        assert kept.closed_by == BY_PATIENT and kept.seen == 5

    def test_a_worse_answer_after_resolving_opens_it_again(self, journal: Journal) -> None:
        times = week()
        record_checkin(journal, answers(dizziness=2), times[1])
        (alert,) = open_alerts(journal)
        journal.resolve_alert(alert.id, "It has passed", times[1], "app")
        record_checkin(journal, answers(dizziness=3), times[2])
        first, second = by_code(journal, "persistent_dizziness")
        assert first.id == alert.id and first.closed_by == BY_PATIENT
        assert second.is_open and second.latest.answer == "dizziness 3"
        record_checkin(journal, answers(dizziness=2), times[3])
        # Once it is open again, every later sighting joins it.
        assert by_code(journal, "persistent_dizziness")[1].seen == 2

    def test_headache_8_opens_a_call_now(self, journal: Journal) -> None:
        record_checkin(journal, answers(headache=8), week()[0])
        (alert,) = open_alerts(journal)
        assert (alert.level, alert.code, alert.latest.answer) == (
            "call-now",
            "severe_headache",
            "headache 8",
        )

    def test_an_urgent_alert_survives_any_number_of_calm_checkins(self, journal: Journal) -> None:
        times = week()
        record_checkin(journal, answers(mood=2, self_harm_thoughts=True), times[0])
        for at in times[1:]:
            record_checkin(journal, answers(), at)
        assert open_codes(journal) == ["self_harm"]

    def test_two_yes_answers_are_two_urgent_alerts(self, journal: Journal) -> None:
        times = week()
        record_checkin(journal, answers(self_harm_thoughts=True), times[0])
        record_checkin(journal, answers(self_harm_thoughts=True), times[1])
        assert [a.seen for a in open_alerts(journal)] == [1, 1]
        assert open_codes(journal) == ["self_harm", "self_harm"]


class TestTheNextInfusion:
    def test_it_closes_what_the_one_before_left_open_but_not_urgent(self, journal: Journal) -> None:
        times = week()
        record_checkin(journal, answers(dizziness=1, self_harm_thoughts=True), times[2])
        nxt = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
        journal.add_infusion(infusion(nxt, "inf-2"), now=nxt)

        assert open_codes(journal) == ["self_harm"]
        (closed,) = by_code(journal, "persistent_dizziness")
        assert closed.closed_by == BY_NEXT_INFUSION
        assert closed.resolved_at == nxt
        assert closed.resolution == "Not marked before the next infusion"

    def test_the_same_concern_after_it_is_a_new_alert(self, journal: Journal) -> None:
        record_checkin(journal, answers(dizziness=1), week()[2])
        (first,) = open_alerts(journal)
        journal.resolve_alert(first.id, "It has passed", week()[3], "app")
        nxt = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
        journal.add_infusion(infusion(nxt, "inf-2"), now=nxt)
        record_checkin(journal, answers(dizziness=1), nxt + timedelta(days=1, hours=2))
        (again,) = open_alerts(journal)
        assert again.id != first.id and again.infusion_id == "inf-2"

    def test_one_logged_ahead_of_time_closes_nothing_until_it_starts(
        self, journal: Journal
    ) -> None:
        times = week()
        record_checkin(journal, answers(dizziness=1), times[2])
        ahead = times[4] + timedelta(hours=2)
        journal.add_infusion(infusion(ahead, "inf-2"), now=times[3])
        assert open_codes(journal) == ["persistent_dizziness"]
        # The first check-in after it began closes it, at the moment it began.
        record_checkin(journal, answers(), ahead + timedelta(hours=3))
        (closed,) = by_code(journal, "persistent_dizziness")
        assert (closed.closed_by, closed.resolved_at) == (BY_NEXT_INFUSION, ahead)


class TestEditsAndDeletions:
    def test_editing_nausea_7_to_2_closes_the_call_now_as_answer_changed(
        self, journal: Journal
    ) -> None:
        at = INFUSED + timedelta(hours=3)
        saved = record_checkin(journal, answers(nausea=7), at)
        assert open_codes(journal) == ["severe_nausea"]
        edited = build_checkin(answers(nausea=2), at, journal.infusions(), None, saved.id)
        journal.update_checkin(edited, now=at + timedelta(hours=1))
        assert open_alerts(journal) == []
        (closed,) = by_code(journal, "severe_nausea")
        assert closed.closed_by == BY_ANSWER_CHANGE
        assert closed.resolved_at == at + timedelta(hours=1)
        # Changing it back opens the same alert again (its id is derived).
        journal.update_checkin(saved, now=at + timedelta(hours=2))
        (back,) = open_alerts(journal)
        assert back.id == closed.id and len(journal.alerts()) == 1

    def test_an_alert_with_two_sources_loses_one_and_stays_open(self, journal: Journal) -> None:
        times = week()
        first = record_checkin(journal, answers(dizziness=2), times[1])
        record_checkin(journal, answers(dizziness=1), times[2])
        (alert,) = open_alerts(journal)
        journal.delete_checkin(first.id, now=times[3])
        (still,) = open_alerts(journal)
        assert still.id == alert.id
        assert [o.answer for o in still.occurrences] == ["dizziness 1"]
        assert still.raised_at == times[2]

    def test_deleting_the_only_source_closes_it(self, journal: Journal) -> None:
        saved = record_checkin(journal, answers(dizziness=2), week()[1])
        journal.delete_checkin(saved.id, now=week()[2])
        (closed,) = by_code(journal, "persistent_dizziness")
        assert closed.closed_by == BY_ANSWER_CHANGE

    def test_an_urgent_alert_stays_open_after_an_edit_or_a_delete(self, journal: Journal) -> None:
        at = week()[0]
        saved = record_checkin(journal, answers(self_harm_thoughts=True), at)
        calm = build_checkin(answers(), at, journal.infusions(), None, saved.id)
        journal.update_checkin(calm, now=at)
        assert open_codes(journal) == ["self_harm"]
        journal.delete_checkin(saved.id, now=at)
        assert open_codes(journal) == ["self_harm"]

    def test_what_the_patient_resolved_is_never_rewritten(self, journal: Journal) -> None:
        saved = record_checkin(journal, answers(dizziness=2), week()[1])
        (alert,) = open_alerts(journal)
        resolved = journal.resolve_alert(alert.id, "It has passed", week()[1], "app")
        journal.delete_checkin(saved.id, now=week()[2])
        assert by_code(journal, "persistent_dizziness") == [resolved]


class TestSavingTwiceAndImporting:
    def test_exporting_and_importing_twice_gives_the_same_alerts(
        self, journal: Journal, tmp_path: Path
    ) -> None:
        times = week()
        for n, at in enumerate(times):
            record_checkin(journal, answers(dizziness=1, nausea=8 if n == 3 else 1), at)
        (nausea,) = by_code(journal, "severe_nausea")
        journal.resolve_alert(nausea.id, "I reached my care team", times[4], "app")
        payload = export_json(export_document(journal.contents(), times[-1]))

        target = Journal.open(tmp_path / "other", TODAY)
        for _ in range(2):
            import_bundle(target, parse_export(payload), now=times[-1])
        assert sorted(target.alerts(), key=lambda a: a.id) == sorted(
            journal.alerts(), key=lambda a: a.id
        )
        # And into the journal it came from: nothing changes at all.
        before = journal.path.read_bytes()
        import_bundle(journal, parse_export(payload), now=times[-1])
        assert journal.path.read_bytes() == before
        target.close()

    def test_saving_the_same_answers_again_adds_nothing(self, journal: Journal) -> None:
        saved = record_checkin(journal, answers(dizziness=1), week()[1])
        before = journal.alerts()
        journal.update_checkin(saved, now=week()[2])
        assert journal.alerts() == before


# A property: however check-ins, edits and resolutions come, working every concern out
# again from the check-ins changes nothing (the quick path for a new check-in and the
# full one agree).

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["checkin", "checkin", "checkin", "resolve", "edit", "delete"]),
        st.integers(0, 10),
        st.integers(0, 10),
    ),
    min_size=1,
    max_size=14,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACTIONS)
def test_the_quick_path_and_working_it_all_out_again_agree(
    actions: list[tuple[str, int, int]],
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        journal = Journal.open(Path(folder), TODAY)
        journal.add_infusion(infusion(INFUSED, "inf-1"), now=INFUSED)
        at = INFUSED + timedelta(hours=2)
        saved: list[CheckIn] = []
        for action, a, b in actions:
            at += timedelta(hours=7)
            if action == "checkin":
                saved.append(record_checkin(journal, answers(dizziness=a, nausea=b), at))
            elif action == "resolve" and open_alerts(journal):
                journal.resolve_alert(open_alerts(journal)[0].id, "It has passed", at, "app")
            elif action == "edit" and saved:
                old = saved[a % len(saved)]
                new = build_checkin(answers(dizziness=b), old.at, journal.infusions(), None, old.id)
                journal.update_checkin(new, now=at)
                saved[a % len(saved)] = new
            elif action == "delete" and saved:
                journal.delete_checkin(saved.pop(a % len(saved)).id, now=at)
        before = sorted(journal.alerts(), key=lambda r: r.id)
        with journal._change():
            journal._resettle({"inf-1"}, at)
        after = sorted(journal.alerts(), key=lambda r: r.id)
        assert after == before
        # At most one live (open) alert per concern, and each occurrence once.
        live = [r for r in after if r.is_open]
        assert len({r.code for r in live}) == len(live)
        for record in after:
            ids = [o.source_id for o in record.occurrences]
            assert len(set(ids)) == len(ids)
        journal.close()


def test_settle_keeps_the_history_and_one_live_record() -> None:
    record = AlertRecord.from_dict(
        {
            "id": "a" * 32,
            "level": "call-today",
            "code": "persistent_dizziness",
            "message": "m",
            "raised_at": "2026-11-21T21:00:00+00:00",
            "source_kind": "checkin",
            "source_id": "c1",
            "resolved_at": None,
            "resolution": "",
            "resolved_in": "",
            "infusion_id": "inf-1",
            "occurrences": [
                {"at": "2026-11-21T21:00:00+00:00", "source_id": "c1", "answer": "", "value": 1}
            ],
            "closed_by": "",
        }
    )
    later = datetime(2026, 11, 23, tzinfo=UTC)
    # Nothing raises it any more: closed as "answer changed", at the moment given.
    (closed,) = settle([record], [], None, later)
    assert (closed.closed_by, closed.resolved_at) == (BY_ANSWER_CHANGE, later)
    # A patient's resolution is never touched, even with nothing raising it.
    resolved = record.resolved(later, "It has passed", "app")
    assert settle([resolved], [], None, later) == [resolved]
    assert replace(resolved, closed_by="") != resolved


def test_a_concern_seen_for_years_lists_a_hundred_and_counts_the_rest(tmp_path: Path) -> None:
    """Ten thousand check-ins with no infusion to close it never make a record too big
    to read: it lists the first, the strongest and the newest, and counts all."""
    journal = Journal.open(tmp_path / "data", TODAY)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    batch = [
        build_checkin(
            answers(nausea=9 if n == 500 else 8), start + timedelta(hours=8 * n), [], None
        )
        for n in range(3_000)
    ]
    journal.import_records([], batch[:-1], now=start)
    record_checkin(journal, answers(nausea=8), batch[-1].at + timedelta(hours=1))
    (alert,) = journal.alerts()
    assert alert.seen == 3_000
    assert len(alert.occurrences) == 100
    assert alert.occurrences[0].source_id == batch[0].id
    assert "nausea 9" in [o.answer for o in alert.occurrences]
    # Status and Home read only what they show: the first and the newest, and the count.
    (shown,) = read_overview(journal.data_dir, TODAY).open_alerts
    assert shown.seen == 3_000
    assert shown.occurrences == (alert.occurrences[0], alert.occurrences[-1])
    journal.close()
    # It reads back as it was written.
    again = Journal.open(tmp_path / "data", TODAY)
    assert again.alerts() == [alert]
    again.close()
