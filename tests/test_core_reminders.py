"""The one reminder schedule: what falls due, when, and what is never said twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ketacheck.core.contents import JournalContents
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.reminders import due_now, restriction_title, schedule
from ketacheck.core.restrictions import DEFAULT_RESTRICTIONS
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import Settings, reminder_times

NEW_YORK = ZoneInfo("America/New_York")
ENDED = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 10:00 in New York


def _infusion(ended: datetime, ident: str = "i1") -> Infusion:
    return Infusion(id=ident, started_at=ended - timedelta(minutes=45), ended_at=ended)


def _checkin(at: datetime) -> CheckIn:
    return CheckIn.from_dict(
        {
            "id": f"c{at:%H%M}",
            "at": at.isoformat(),
            "dizziness": 1,
            "nausea": 0,
            "fluids_glasses": 3,
            "mood": 6,
        }
    )


def test_no_infusion_means_no_checkin_or_restriction_reminders() -> None:
    contents = JournalContents.of_records(Settings())
    found = schedule(contents, ENDED, ENDED + timedelta(days=30), NEW_YORK)
    assert {r.kind for r in found} == {"questionnaire"}


def test_the_next_infusion_takes_over_the_checkin_window() -> None:
    second = ENDED + timedelta(days=5)
    contents = JournalContents.of_records(Settings(), [_infusion(ENDED), _infusion(second, "i2")])
    found = [
        r
        for r in schedule(contents, ENDED, ENDED + timedelta(days=30), NEW_YORK)
        if r.kind == "checkin"
    ]
    days = [r.at.astimezone(NEW_YORK).strftime("%m-%d %H:%M") for r in found]
    assert len(days) == len(set(days))  # one reminder per time, never two windows' worth
    # Three days twice daily after the first, then once; then the second's twice daily.
    assert "11-24 20:00" not in days and "11-25 20:00" in days
    assert days[-1] == "12-04 10:00"  # day 10 after the second infusion


def test_due_now_skips_what_was_announced_and_a_checkin_already_done() -> None:
    contents = JournalContents.of_records(Settings(), [_infusion(ENDED)])
    now = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)  # 20:30 Friday in New York
    due = due_now(contents, ENDED, now, NEW_YORK)
    assert [r.kind for r in due].count("checkin") == 1  # Friday 20:00
    again = due_now(contents, ENDED, now, NEW_YORK, announced={r.key for r in due})
    assert again == []
    checked = JournalContents.of_records(
        Settings(), [_infusion(ENDED)], [_checkin(datetime(2026, 11, 20, 23, 30, tzinfo=UTC))]
    )
    assert not [r for r in due_now(checked, ENDED, now, NEW_YORK) if r.kind == "checkin"]


def test_a_restriction_is_due_once_its_time_has_passed() -> None:
    contents = JournalContents.of_records(
        Settings(restriction_hours={"driving": 30}), [_infusion(ENDED)]
    )
    before = due_now(contents, ENDED, ENDED + timedelta(hours=29), NEW_YORK)
    after = due_now(contents, ENDED, ENDED + timedelta(hours=30), NEW_YORK)
    assert "Driving: 30 hours have passed" not in [r.title for r in before]
    assert "Driving: 30 hours have passed" in [r.title for r in after]


@pytest.mark.parametrize("restriction", DEFAULT_RESTRICTIONS, ids=lambda r: r.id)
def test_titles_name_the_wait_and_never_give_a_go_ahead_for_ask_first(restriction) -> None:  # type: ignore[no-untyped-def]
    title = restriction_title(restriction)
    assert title.startswith(restriction.label)
    assert ("check with your care team first" in title) is restriction.ask_first
    assert "lifted" not in title


@pytest.mark.parametrize(
    "value", ["10:00", [], ["25:00"], ["10:60"], ["10:00", "10:00"], ["1", "2"], [10], ["a"] * 5]
)
def test_reminder_times_are_checked(value: object) -> None:
    with pytest.raises(ValidationError):
        reminder_times("reminder_times", value)


def test_reminder_times_round_trip_and_are_tidied() -> None:
    assert reminder_times("t", ["9:30", "21:05"]) == ("09:30", "21:05")
    settings = Settings(reminder_times=("08:00",), notify_terminal=False)
    assert Settings.from_dict(settings.to_dict()) == settings
    assert Settings.from_dict({}).reminder_times == ("10:00", "20:00")
