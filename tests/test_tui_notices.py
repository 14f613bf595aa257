"""Notices while the app is open: each reminder once, grouped, nothing private, and the
right escape sequence (or only the bell) for the terminal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.store.overview import Overview
from ketacheck.tui.notices import Notices, terminal_sequence

NEW_YORK = ZoneInfo("America/New_York")
ENDED = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # Friday 10:00 in New York
NOTE = "a very private note"


def _overview(checkins: list[CheckIn] | None = None, **settings: object) -> Overview:
    infusion = Infusion(
        id="i1", started_at=ENDED - timedelta(minutes=45), ended_at=ENDED, note=NOTE
    )
    return Overview(Settings(**settings), [infusion], checkins or [], len(checkins or []), None)  # type: ignore[arg-type]


def test_restrictions_that_lift_together_make_one_notice_that_says_which_ask_first() -> None:
    notices = Notices(ENDED + timedelta(hours=23))
    said = notices.due(_overview(), ENDED + timedelta(hours=24, seconds=1), NEW_YORK)
    # Saturday 10:00 falls in that hour too: its check-in and questionnaire reminders.
    said = [n for n in said if "press" not in n.text]
    [notice] = said
    assert notice.text == "6 lifted; Recreational drugs: ask your care team first"
    assert len(notice.text) <= 60  # one line at 60 columns
    assert notice.short == (
        "Driving and 5 more: 24 hours have passed "
        "(Recreational drugs: check with your care team first)"
    )
    alcohol = notices.due(_overview(), ENDED + timedelta(hours=48, seconds=1), NEW_YORK)
    assert "Alcohol: time passed; ask your care team first" in [n.text for n in alcohol]
    # Said once: the next tick says nothing more.
    assert notices.due(_overview(), ENDED + timedelta(hours=24, seconds=2), NEW_YORK) == []


def test_a_checkin_reminder_comes_once_and_not_after_a_checkin() -> None:
    at_eight = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)  # Friday 20:00 in New York
    notices = Notices(at_eight - timedelta(minutes=1))
    [notice] = notices.due(_overview(), at_eight + timedelta(seconds=1), NEW_YORK)
    assert notice.text == "Time for your check-in: press c when you are ready"
    assert notice.short == "Time for your check-in"
    checked = CheckIn.from_dict(
        {
            "id": "c1",
            "at": (at_eight - timedelta(hours=1)).isoformat(),
            "dizziness": 2,
            "nausea": 0,
            "fluids_glasses": 3,
            "mood": 6,
            "note": NOTE,
        }
    )
    fresh = Notices(at_eight - timedelta(minutes=1))
    assert fresh.due(_overview([checked]), at_eight + timedelta(seconds=1), NEW_YORK) == []


def test_after_a_long_sleep_only_recent_things_are_said() -> None:
    notices = Notices(ENDED + timedelta(minutes=1))
    overview = _overview(reminder_times=("10:00", "13:30"))
    woke = ENDED + timedelta(days=2, hours=4)  # Sunday 14:00
    said = notices.due(overview, woke, NEW_YORK)
    # Sunday 13:30 is recent; Saturday's reminders, and alcohol's wait (Sunday 10:00), are not.
    assert [n.short for n in said] == ["Time for your check-in"]
    assert notices.due(overview, woke + timedelta(minutes=1), NEW_YORK) == []


def test_a_clock_that_jumps_back_repeats_nothing() -> None:
    notices = Notices(ENDED + timedelta(hours=23))
    first = notices.due(_overview(), ENDED + timedelta(hours=25), NEW_YORK)
    assert first
    assert notices.due(_overview(), ENDED + timedelta(hours=20), NEW_YORK) == []
    assert notices.due(_overview(), ENDED + timedelta(hours=25, minutes=1), NEW_YORK) == []


def test_nothing_private_is_in_any_notice() -> None:
    notices = Notices(ENDED)
    said = notices.due(_overview(), ENDED + timedelta(days=3), NEW_YORK)
    assert said
    assert all(NOTE not in n.text and NOTE not in n.short for n in said)


def test_the_notices_can_be_switched_off_in_settings_by_the_app() -> None:
    # The switches live in Settings; the app reads them (tests/test_tui_home.py).
    assert Settings().notify_app and Settings().notify_terminal


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM_PROGRAM": "iTerm.app"}, "\x1b]9;Time for your check-in\x07"),
        ({"TERM_PROGRAM": "WezTerm"}, "\x1b]9;Time for your check-in\x07"),
        ({"TERM": "xterm-kitty"}, "\x1b]9;Time for your check-in\x07"),
        ({"TERM": "xterm-ghostty"}, "\x1b]9;Time for your check-in\x07"),
        ({"TERM": "foot"}, "\x1b]777;notify;ketacheck;Time for your check-in\x07"),
        (
            {"TERM": "xterm-256color", "WT_SESSION": "0d7f7f0e-5c5c-4a8e-9f0a-6b1d2c3e4f50"},
            "\x1b]777;notify;ketacheck;Time for your check-in\x07",
        ),
        ({"WT_SESSION": "x", "TMUX": "/tmp/tmux-0/default,1,0"}, "\a"),
        ({"TERM": "xterm-256color"}, "\a"),
        ({}, "\a"),
        ({"TERM_PROGRAM": "iTerm.app", "TMUX": "/tmp/tmux-0/default,1,0"}, "\a"),
        ({"TERM": "xterm-kitty", "STY": "1.pts-0"}, "\a"),
    ],
)
def test_terminal_sequence_for_each_terminal(env: dict[str, str], expected: str) -> None:
    assert terminal_sequence("Time for your check-in", env) == expected


def test_a_hostile_text_cannot_end_the_sequence_early_or_inject_one() -> None:
    sequence = terminal_sequence("a\x07b\x1b]0;title\x07;c\nd", {"TERM": "xterm-kitty"})
    body = sequence[len("\x1b]9;") : -1]
    assert "\x07" not in body and "\x1b" not in body and ";" not in body and "\n" not in body


def test_two_questionnaires_due_together_make_one_notice() -> None:
    # Never taken: both fall due at the first reminder time after the app opened.
    notices = Notices(ENDED - timedelta(minutes=1))
    said = notices.due(_overview(), ENDED + timedelta(minutes=1), NEW_YORK)
    assert "Your PHQ-9 and GAD-7 are due: press w when you are ready" in [n.text for n in said]
    assert all(len(n.text) <= 60 for n in said)


def test_what_falls_due_the_moment_the_app_opens_is_not_announced() -> None:
    at_ten = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)  # Saturday 10:00, a reminder time
    notices = Notices(at_ten)
    assert notices.due(_overview(), at_ten, NEW_YORK) == []
    assert notices.due(_overview(), at_ten + timedelta(minutes=1), NEW_YORK) == []
