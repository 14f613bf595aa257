"""``ketacheck status`` (text) from the summary says what the app's own status says.

The text is written from the summary's plain JSON (ketacheck.cli.quick_status), while
Home and ``status --json`` work from checked records (StatusReport). Here both are
taken at many moments of real courses, across a daylight-saving change, with every
setting the text depends on, and must agree word for word; a summary that holds what the
journal would refuse, or too little for the moment asked, is never shown as it is.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ketacheck.cli.output import alert_lines, when_text
from ketacheck.cli.quick_status import (
    Unclear,
    source_from_overview,
    status_text,
    summary_status_text,
)
from ketacheck.core.clock import format_duration
from ketacheck.core.course import course_label
from ketacheck.core.settings import Settings
from ketacheck.core.words import plural
from ketacheck.store.journal import Journal
from ketacheck.store.paths import SUMMARY_NAME
from ketacheck.store.summary import write_summary
from ketacheck.store.summary_format import read_sealed_summary
from ketacheck.usecases.checkins import record_checkin
from ketacheck.usecases.status import StatusReport, status_report
from tests.bench.realistic import Plan, make_course
from tests.cli_support import FixedClock, run_cli

#: US daylight saving ends on Sunday 1 November 2026: the course runs across it.
ACROSS_DST = datetime(2026, 10, 29, 13, 0, tzinfo=UTC)


def reference_text(report: StatusReport) -> str:
    """The status as the app's StatusReport gives it, in the text's own layout: the
    oracle the text from the summary must match."""
    settings, course, now = report.settings, report.course, report.now
    clock24 = settings.clock_24h
    lines: list[str] = []
    if course.latest is None:
        lines.append("No infusion logged yet. Log one with: ketacheck infusion add")
    else:
        label = course_label(course.number, course.planned)
        if course.in_progress:
            lines.append(f"{label} is under way.")
        else:
            ended = when_text(course.latest.ended_at, now, clock24)
            ago = format_duration(now - course.latest.ended_at)
            lines.append(f"{label} · ended {ended} ({ago} ago)")
        if course.integration_day is not None:
            lines.append(f"Integration day {course.integration_day} of 10")
    lines.extend(alert_lines(report))
    if report.restrictions:
        lines.append("")
        width = max(len(s.restriction.label) for s in report.restrictions)
        for s in report.restrictions:
            label, when = s.restriction.label.ljust(width), when_text(s.lifts_at, now, clock24)
            if s.active:
                ends = "at least until" if s.restriction.ask_first else "lifts"
                lines.append(f"  {label}  {format_duration(s.remaining):>9} left   {ends} {when}")
            elif s.passed_not_lifted:
                lines.append(f"  {label}  {s.finished_mark} {s.finished_wording} (since {when})")
            else:
                lines.append(
                    f"  {label}  {s.finished_mark} {s.finished_wording}        since {when}"
                )
    if report.next_appointment is not None and report.fasting_starts_at is not None:
        appointment = when_text(report.next_appointment, now, clock24)
        fasting = when_text(report.fasting_starts_at, now, clock24)
        lines += [
            "",
            f"Next infusion {appointment}. Your clinic may ask you to stop eating from "
            f"{fasting}; arrange a ride there and back.",
        ]
    last = report.last_checkin
    lines.append("")
    if last is None:
        lines.append("No check-ins yet. Start one with: ketacheck checkin")
    else:
        lines.append(
            f"Last check-in {when_text(last.at, now, clock24)}: dizziness {last.dizziness}, "
            f"nausea {last.nausea}, fluids {plural(last.fluids_glasses, 'glass')}, mood {last.mood}"
        )
    return "\n".join(lines)


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def moments(start: datetime, days: int, step_hours: float) -> Iterator[datetime]:
    at = start - timedelta(days=1)
    while at < start + timedelta(days=days):
        yield at
        at += timedelta(hours=step_hours)


def assert_agrees(data_dir: Path, journal: Journal, now: datetime) -> None:
    """The text from the summary file, from the journal's overview and from the app's
    StatusReport are one and the same at ``now``."""
    overview = journal.overview(now)
    expected = reference_text(status_report(overview, now))
    assert status_text(source_from_overview(overview), now) == expected, now
    from_summary = summary_status_text(data_dir, now)
    if overview.covers(now) and now >= journal.overview().infusions[0].started_at:
        assert from_summary == expected, now
    else:
        assert from_summary in (None, expected), now


@pytest.mark.usefixtures("new_york")
def test_a_course_across_daylight_saving_reads_the_same_at_every_moment(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    journal = make_course(data_dir, Plan(start=ACROSS_DST, days=12))
    try:
        for now in moments(ACROSS_DST, 24, step_hours=5.5):
            assert_agrees(data_dir, journal, now)
    finally:
        journal.close()


@pytest.mark.usefixtures("new_york")
@pytest.mark.parametrize(
    "settings",
    [
        Settings(clock_24h=False, planned_infusions=3, care_team_name="Dr Lee"),
        Settings(
            restriction_hours={"driving": 0, "alcohol": 72, "life_changes": 1440},
            care_team_phone="555-0100",
            next_appointment=ACROSS_DST + timedelta(days=9, hours=1),
            fasting_hours=0,
        ),
        Settings(
            next_appointment=ACROSS_DST + timedelta(days=4),
            fasting_hours=24,
            restriction_hours={"vigorous_activity": 1.5},
        ),
    ],
    ids=["12-hour clock, short course", "own hours, appointment", "long fast"],
)
def test_every_setting_the_text_shows_agrees(tmp_path: Path, settings: Settings) -> None:
    data_dir = tmp_path / "data"
    journal = make_course(data_dir, Plan(start=ACROSS_DST, days=7, seed=3))
    try:
        journal.save_settings(settings)
        for now in moments(ACROSS_DST, 12, step_hours=7.25):
            assert_agrees(data_dir, journal, now)
    finally:
        journal.close()


@pytest.mark.usefixtures("new_york")
def test_an_urgent_alert_brings_the_crisis_line_first(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    journal = make_course(data_dir, Plan(start=ACROSS_DST, days=2))
    try:
        at = ACROSS_DST + timedelta(days=2)
        answers = {"dizziness": 1, "nausea": 0, "fluids_glasses": 4, "mood": 2}
        record_checkin(journal, {**answers, "self_harm_thoughts": True}, at, at)
        now = at + timedelta(hours=3)
        assert_agrees(data_dir, journal, now)
        text = summary_status_text(data_dir, now)
    finally:
        journal.close()
    assert text is not None
    lines = text.splitlines()
    first_after_course = lines[lines.index("") + 1]
    assert first_after_course.startswith("!! If you are thinking of harming yourself")
    assert "988" in lines[lines.index(first_after_course) + 1]


def test_with_no_journal_the_text_is_the_welcome(tmp_path: Path) -> None:
    clock = FixedClock(ACROSS_DST)
    shown = run_cli("--data-dir", str(tmp_path / "none"), "status", clock=clock)

    assert shown.code == 0
    assert shown.lines[0] == "No infusion logged yet. Log one with: ketacheck infusion add"
    assert shown.lines[-1] == "No check-ins yet. Start one with: ketacheck checkin"
    assert not (tmp_path / "none").exists()


# A summary ketacheck sealed from a journal whose record it would refuse (edited by hand,
# then saved over): the text never shows it, the journal's own reading decides.
HOSTILE = {
    "dizziness out of range": ("recent_checkins", -1, "dizziness", 99),
    "mood as text": ("recent_checkins", -1, "mood", "7"),
    "level unknown": ("open_alerts", 0, "level", "panic"),
    "infusion ends first": ("infusions", -1, "ended_at", "2026-10-01T00:00:00+00:00"),
    "time garbled": ("infusions", -1, "started_at", "yesterday"),
    "seen below its listing": ("open_alerts", 0, "seen", 0),
}


@pytest.mark.parametrize("where", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_sealed_summary_with_a_refused_value_is_not_shown(
    tmp_path: Path, where: tuple[str, int, str, object]
) -> None:
    data_dir = tmp_path / "data"
    clock = FixedClock(ACROSS_DST + timedelta(days=1))
    for argv in (
        ["infusion", "add", "--at", "2026-10-29T13:00:00+00:00"],
        ["checkin", "--dizziness", "8", "--nausea", "1", "--fluids", "2", "--mood", "6"]
        + ["--self-harm", "no"],
    ):
        assert run_cli("--data-dir", str(data_dir), *argv, clock=clock).code == 0
    honest = run_cli("--data-dir", str(data_dir), "status", clock=clock)
    table, index, key, value = where
    summary = read_sealed_summary(data_dir / SUMMARY_NAME)
    assert summary is not None and summary[table]
    summary[table][index][key] = value
    write_summary(data_dir / SUMMARY_NAME, summary)
    trusted = read_sealed_summary(data_dir / SUMMARY_NAME)
    assert trusted is not None and trusted[table][index][key] == value  # sealed as it is

    with pytest.raises((Unclear, ValueError)):
        status_text(summary, clock.now)
    assert summary_status_text(data_dir, clock.now) is None
    shown = run_cli("--data-dir", str(data_dir), "status", clock=clock)
    assert shown.code == 0, shown.err
    assert shown.out == honest.out


def test_a_clock_set_before_what_the_summary_keeps_reads_the_journal(tmp_path: Path) -> None:
    """Four infusions: the summary keeps the last three. At a moment between the first
    and the second, only the journal knows which infusion is the latest."""
    data_dir = tmp_path / "data"
    start = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
    clock = FixedClock(start + timedelta(days=10))
    for day in range(4):
        at = (start + timedelta(days=2 * day)).isoformat()
        assert (
            run_cli("--data-dir", str(data_dir), "infusion", "add", "--at", at, clock=clock).code
            == 0
        )
    clock.now = start + timedelta(days=1)

    assert summary_status_text(data_dir, clock.now) is None
    shown = run_cli("--data-dir", str(data_dir), "status", clock=clock)
    assert shown.lines[0].startswith("Infusion 1 of 6 · ended ")
