"""The command line, as the DESIGN.md "CLI contract" describes it."""

from __future__ import annotations

import builtins
import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from ketacheck import __version__
from ketacheck.core.alerts import SELF_HARM_MESSAGE
from ketacheck.core.crisis import crisis_text
from ketacheck.core.restrictions import DEFAULT_RESTRICTIONS
from ketacheck.core.settings import Settings
from ketacheck.exchange.export import CSV_COLUMNS
from ketacheck.store.journal import Journal
from tests.cli_support import Result, run_cli
from tests.conftest import run_env

# Sunday 22 November 2026, 11:00 in New York (EST, UTC-5).
NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
#: A new journal has no country yet, so the crisis text names findahelpline.com and the
#: local emergency number (tests/test_crisis.py checks that wording for each country).
UNKNOWN_COUNTRY_CRISIS = crisis_text(Settings())
CRISIS_REMINDER = f"   If things feel very dark, the crisis line is there: {UNKNOWN_COUNTRY_CRISIS}"
URGENT_FIRST = [
    "!! If you are thinking of harming yourself, please reach out now:",
    f"   Crisis line: {UNKNOWN_COUNTRY_CRISIS}",
    "   Care team: your care team (add their number with: ketacheck settings set care-team-phone "
    "NUMBER)",
    "   ketacheck sends nothing to anyone, so please make the call yourself.",
]
KEPT = "   This stays on 'ketacheck status' until you mark it: ketacheck alerts"
NO_CARE_TEAM = (
    "   Care team: your care team (add their number with: ketacheck settings set care-team-phone "
    "NUMBER)"
)
REST_TIP = (
    "·  Rest is the right thing now. Lie down with your eyes closed if the room feels "
    "unsteady, and take a nap if you can."
)
DRINK_TIP = (
    "·  Sip some water now, and an electrolyte drink if you have one: ketamine can leave "
    "you a little dehydrated."
)
FOOD_TIP = (
    "·  Start with mild foods such as applesauce or a banana, then go back to your usual "
    "meals bit by bit as the queasiness passes."
)
LOW_MOOD_TIP = (
    "·  Some people feel a little worse before they feel better. Be gentle with yourself, "
    "and tell your care team how you have been feeling."
)
SEVERE_DIZZINESS = (
    "!  Your dizziness is at 8 of 10, which is severe. Please contact your care team now; "
    "if you feel very unwell, call your local emergency number."
)


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def cli(clock: FixedClock) -> Callable[..., Result]:
    def run(*argv: str) -> Result:
        return run_cli(*argv, clock=clock)

    return run


def journal_at(data_dir: Path) -> Journal:
    return Journal.open(data_dir, NOW.date())


def squeeze(line: str) -> str:
    """A table line with its padding collapsed to single spaces."""
    return " ".join(line.split())


def restriction_line(lines: list[str], label: str) -> str:
    found = [squeeze(line) for line in lines if line.startswith(f"  {label}  ")]
    assert len(found) == 1, lines
    return found[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def subprocess_run(
    args: list[str], data_dir: Path, input_text: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ketacheck", *args],
        input=input_text,
        capture_output=True,
        text=True,
        env=run_env(data_dir, TZ="America/New_York", **env),
        timeout=60,
        check=False,
    )


# --- status -----------------------------------------------------------------------------


def test_status_with_nothing_logged(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    result = cli("status")

    assert result.code == 0
    assert result.out == (
        "No infusion logged yet. Log one with: ketacheck infusion add\n"
        "\n"
        "No check-ins yet. Start one with: ketacheck checkin\n"
    )
    assert result.err == ""
    assert not (isolated_data_dir / "journal.json").exists()


def test_status_json_with_nothing_logged(cli: Callable[..., Result]) -> None:
    result = cli("status", "--json")

    assert result.code == 0
    assert json.loads(result.out) == {
        "now": "2026-11-22T16:00:00+00:00",
        "infusion": None,
        "restrictions": [],
        "alerts": [],
        "tips": [],
        "last_checkin": None,
    }


def test_status_shows_the_infusion_and_countdowns(
    local_zone: str, cli: Callable[..., Result]
) -> None:
    assert cli("infusion", "add", "--at", "today 09:30").code == 0

    result = cli("status")

    assert result.code == 0
    lines = result.lines
    assert lines[:3] == [
        "Infusion 1 of 6 · ended today 10:15 (45 m ago)",
        "Integration day 1 of 10",
        "",
    ]
    assert restriction_line(lines, "Driving") == "Driving 23 h 15 m left lifts tomorrow 10:15"
    assert restriction_line(lines, "Alcohol") == "Alcohol 1 d 23 h left at least until Tue 10:15"
    assert restriction_line(lines, "Big life changes") == (
        "Big life changes 9 d 23 h left lifts Wed 2 Dec 10:15"
    )
    assert len(lines) == 3 + len(DEFAULT_RESTRICTIONS) + 2
    assert lines[-2:] == ["", "No check-ins yet. Start one with: ketacheck checkin"]


def test_status_marks_restrictions_lifted_as_time_passes(
    local_zone: str, cli: Callable[..., Result], clock: FixedClock
) -> None:
    cli("infusion", "add", "--at", "today 09:30")
    clock.advance(hours=24)  # Monday 11:00, 24 h 45 m after the end

    lines = cli("status").lines

    assert lines[:2] == [
        "Infusion 1 of 6 · ended yesterday 10:15 (1 d ago)",
        "Integration day 2 of 10",
    ]
    assert restriction_line(lines, "Driving") == "Driving ✓ lifted since today 10:15"
    assert (
        restriction_line(lines, "Heavy machinery") == "Heavy machinery ✓ lifted since today 10:15"
    )
    assert (
        restriction_line(lines, "Alcohol") == "Alcohol 23 h 15 m left at least until tomorrow 10:15"
    )


def test_status_while_the_infusion_is_under_way(
    local_zone: str, cli: Callable[..., Result], clock: FixedClock
) -> None:
    cli("infusion", "add", "--at", "today 10:40")  # 15:40 UTC, ends 16:25 UTC

    lines = cli("status").lines

    assert lines[0] == "Infusion 1 of 6 is under way."
    assert restriction_line(lines, "Driving") == "Driving 1 d left lifts tomorrow 11:25"


def test_status_shows_serious_alerts_and_the_last_checkin(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    cli("infusion", "add", "--at", "today 09:30")
    journal_at(isolated_data_dir).save_settings(
        Settings(care_team_name="Dr Lee", care_team_phone="555-0100", planned_infusions=4)
    )
    cli(
        "checkin",
        "--dizziness",
        "8",
        "--nausea",
        "2",
        "--fluids",
        "1",
        "--mood",
        "5",
        "--self-harm",
        "no",
    )

    lines = cli("status").lines

    alert_id = json.loads(cli("alerts", "--json").out)[0]["id"]
    assert lines[:7] == [
        "Infusion 1 of 4 · ended today 10:15 (45 m ago)",
        "Integration day 1 of 10",
        "",
        f"{SEVERE_DIZZINESS} (raised today 11:00, id {alert_id[:8]})",
        "   Care team: Dr Lee · 555-0100",
        "   Once you have acted on one: ketacheck alerts resolve ID",
        "",
    ]
    assert lines[-1] == "Last check-in today 11:00: dizziness 8, nausea 2, fluids 1 glass, mood 5"


def test_status_json_object(local_zone: str, cli: Callable[..., Result], clock: FixedClock) -> None:
    cli("infusion", "add", "--at", "today 09:30")
    checkin = cli(
        "checkin",
        "--dizziness",
        "8",
        "--nausea",
        "0",
        "--fluids",
        "3",
        "--mood",
        "6",
        "--self-harm",
        "no",
    )
    assert checkin.code == 0
    clock.now = NOW + timedelta(milliseconds=250)

    result = cli("status", "--json")

    assert result.code == 0
    status = json.loads(result.out)
    assert sorted(status) == ["alerts", "infusion", "last_checkin", "now", "restrictions", "tips"]
    assert status["now"] == "2026-11-22T16:00:00+00:00"
    assert sorted(status["infusion"]) == ["ended_at", "id", "started_at"]
    assert status["infusion"]["started_at"] == "2026-11-22T14:30:00+00:00"
    assert status["infusion"]["ended_at"] == "2026-11-22T15:15:00+00:00"
    assert [r["id"] for r in status["restrictions"]] == [r.id for r in DEFAULT_RESTRICTIONS]
    for restriction in status["restrictions"]:
        assert sorted(restriction) == [
            "active",
            "id",
            "label",
            "lifts_at",
            "not_while_dizzy",
            "remaining_seconds",
        ]
        assert type(restriction["remaining_seconds"]) is int
    driving = status["restrictions"][0]
    # 23 h 15 m less a quarter second, rounded up to whole seconds.
    assert driving == {
        "id": "driving",
        "label": "Driving",
        "lifts_at": "2026-11-23T15:15:00+00:00",
        "remaining_seconds": 83_700,
        "active": True,
        "not_while_dizzy": False,
    }
    (alert,) = status["alerts"]
    assert alert == {
        "id": alert["id"],
        "level": "call-now",
        "code": "severe_dizziness",
        "message": SEVERE_DIZZINESS.removeprefix("!  "),
        "raised_at": "2026-11-22T16:00:00+00:00",
        "source": {"kind": "checkin", "id": status["last_checkin"]["id"]},
        "resolved_at": None,
        "resolution": None,
        "closed_by": None,
        "infusion_id": status["infusion"]["id"],
        "seen": 1,
        "latest": {
            "at": "2026-11-22T16:00:00+00:00",
            "source_id": status["last_checkin"]["id"],
            "answer": "dizziness 8",
        },
    }
    assert len(alert["id"]) == 32
    assert status["tips"] == [{"code": "rest", "message": REST_TIP.removeprefix("·  ")}]
    assert status["last_checkin"]["dizziness"] == 8
    assert status["last_checkin"]["infusion_id"] == status["infusion"]["id"]
    assert status["last_checkin"]["at"] == "2026-11-22T16:00:00+00:00"


def test_status_json_remaining_is_zero_once_lifted(
    local_zone: str, cli: Callable[..., Result], clock: FixedClock
) -> None:
    cli("infusion", "add", "--at", "today 09:30")
    clock.advance(hours=47, minutes=15)  # exactly when alcohol lifts

    restrictions = {r["id"]: r for r in json.loads(cli("status", "--json").out)["restrictions"]}

    assert restrictions["driving"]["remaining_seconds"] == 0
    assert restrictions["driving"]["active"] is False
    assert restrictions["alcohol"] == {
        "id": "alcohol",
        "label": "Alcohol",
        "lifts_at": "2026-11-24T15:15:00+00:00",
        "remaining_seconds": 0,
        "active": False,
        "not_while_dizzy": False,
    }
    assert restrictions["life_changes"]["remaining_seconds"] == 192 * 3600
    assert restrictions["life_changes"]["active"] is True


def test_the_next_infusion_closes_what_the_one_before_left_open(
    local_zone: str, cli: Callable[..., Result], clock: FixedClock
) -> None:
    cli("infusion", "add", "--at", "today 09:30")
    first_checkin = cli(
        "checkin",
        "--dizziness",
        "8",
        "--nausea",
        "0",
        "--fluids",
        "3",
        "--mood",
        "6",
        "--self-harm",
        "no",  # fmt: skip
    )
    assert first_checkin.code == 0
    clock.advance(days=3)
    cli("infusion", "add", "--at", "today 09:30")  # Wednesday's infusion

    status = json.loads(cli("status", "--json").out)

    assert status["infusion"]["started_at"] == "2026-11-25T14:30:00+00:00"
    # The clinic has seen the patient since: the call-now is kept, closed, not open.
    assert status["alerts"] == []
    (kept,) = json.loads(cli("alerts", "--all", "--json").out)
    assert kept["code"] == "severe_dizziness"
    assert kept["resolved_at"] == "2026-11-25T14:30:00+00:00"
    assert kept["resolution"] == "Not marked before the next infusion"
    assert status["tips"] == []  # tips belong to the infusion they followed
    assert status["last_checkin"]["at"] == "2026-11-22T16:00:00+00:00"
    assert status["last_checkin"]["alerts"][0]["code"] == "severe_dizziness"
    assert status["restrictions"][0]["lifts_at"] == "2026-11-26T15:15:00+00:00"


def test_status_ignores_an_infusion_that_has_not_started(
    local_zone: str, cli: Callable[..., Result]
) -> None:
    cli("infusion", "add", "--at", "today 09:30")
    cli("infusion", "add", "--at", "today 11:03")  # three minutes from now

    status = json.loads(cli("status", "--json").out)

    assert status["infusion"]["started_at"] == "2026-11-22T14:30:00+00:00"
    assert cli("status").lines[0] == "Infusion 1 of 6 · ended today 10:15 (45 m ago)"


def test_status_turns_tomorrow_into_today_at_local_midnight_across_dst(
    local_zone: str, cli: Callable[..., Result], clock: FixedClock
) -> None:
    # Saturday 31 October 2026, 23:50 in New York; the clocks go back at 02:00.
    clock.now = datetime(2026, 11, 1, 3, 50, tzinfo=UTC)
    added = cli("infusion", "add", "--at", "2026-10-31T22:45:00-04:00")  # ends 23:30 EDT
    assert added.lines[0] == "Logged infusion 1 of 6, ending today 23:30."
    # Driving lifts 24 hours on: 22:30 on Sunday, the hour given back counted.
    assert added.lines[1].startswith("Please don't drive until tomorrow 22:30.")
    assert cli("status").lines[0] == "Infusion 1 of 6 · ended today 23:30 (20 m ago)"

    clock.now = datetime(2026, 11, 1, 6, 40, tzinfo=UTC)  # Sunday 01:40, after the change
    lines = cli("status").lines

    assert lines[0] == "Infusion 1 of 6 · ended yesterday 23:30 (3 h 10 m ago)"
    assert restriction_line(lines, "Driving") == "Driving 20 h 50 m left lifts today 22:30"
    assert (
        restriction_line(lines, "Alcohol") == "Alcohol 1 d 20 h left at least until tomorrow 22:30"
    )


# --- infusion add -----------------------------------------------------------------------


def stored_infusions(data_dir: Path) -> list[dict[str, Any]]:
    return [i.to_dict() for i in journal_at(data_dir).infusions()]


@pytest.mark.parametrize(
    "at",
    [
        "today 09:30",
        "9:30 am",
        "2026-11-22T09:30",
        "2026-11-22T09:30:00-05:00",
        "2026-11-22T14:30:00Z",
        "2026-11-22T15:30:00+01:00",
    ],
)
def test_infusion_add_at(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path, at: str
) -> None:
    result = cli("infusion", "add", "--at", at)

    assert result.code == 0
    assert result.lines == [
        "Logged infusion 1 of 6, ending today 10:15.",
        "Please don't drive until tomorrow 10:15. 'ketacheck status' shows every countdown.",
    ]
    assert stored_infusions(isolated_data_dir) == [
        {
            "id": stored_infusions(isolated_data_dir)[0]["id"],
            "started_at": "2026-11-22T14:30:00+00:00",
            "ended_at": "2026-11-22T15:15:00+00:00",
            "note": "",
        }
    ]


def test_infusion_add_local_time_in_summer(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    assert cli("infusion", "add", "--at", "2026-07-01T09:30").code == 0

    assert stored_infusions(isolated_data_dir)[0]["started_at"] == "2026-07-01T13:30:00+00:00"


def test_infusion_add_yesterday_minutes_and_note(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    result = cli(
        "infusion", "add", "--at", "yesterday 14:00", "--minutes", "90", "--note", "calm room"
    )

    assert result.code == 0
    assert result.lines[0] == "Logged infusion 1 of 6, ending yesterday 15:30."
    (stored,) = stored_infusions(isolated_data_dir)
    assert stored["started_at"] == "2026-11-21T19:00:00+00:00"
    assert stored["ended_at"] == "2026-11-21T20:30:00+00:00"
    assert stored["note"] == "calm room"


def test_infusion_add_now_is_the_default(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    result = cli("infusion", "add")

    assert result.code == 0
    assert result.lines == [
        "Logged infusion 1 of 6, ending today 11:45.",
        "Please don't drive until tomorrow 11:45. 'ketacheck status' shows every countdown.",
    ]
    assert stored_infusions(isolated_data_dir)[0]["started_at"] == "2026-11-22T16:00:00+00:00"


def test_an_earlier_infusion_is_numbered_and_does_not_repeat_the_driving_line(
    local_zone: str, cli: Callable[..., Result]
) -> None:
    cli("infusion", "add", "--at", "today 09:30")

    result = cli("infusion", "add", "--at", "2026-11-15T09:30")

    assert result.code == 0
    assert result.lines == ["Logged infusion 1 of 6, ending Sun 15 Nov 10:15."]
    assert cli("status").lines[0] == "Infusion 2 of 6 · ended today 10:15 (45 m ago)"


def test_infusion_add_long_ago_says_driving_has_lifted_not_until_a_past_day(
    local_zone: str, cli: Callable[..., Result]
) -> None:
    result = cli("infusion", "add", "--at", "2026-11-15T09:30")

    assert result.code == 0
    assert result.lines[0].startswith("Logged infusion 1 of 6, ending ")
    assert result.lines[1:] == [
        "Its driving restriction has already lifted. 'ketacheck status' shows the rest."
    ]
    assert "until" not in result.out


def test_infusions_past_the_planned_course_say_the_course_is_done(
    local_zone: str, cli: Callable[..., Result]
) -> None:
    for day in range(14, 21):  # seven infusions, 14 to 20 November, of a course of six
        result = cli("infusion", "add", "--at", f"2026-11-{day}T09:30")
        assert result.code == 0
    assert result.lines[0].startswith("Logged seventh infusion · course of 6 done, ending ")
    result = cli("infusion", "add", "--at", "today 09:30")
    assert result.lines[0] == "Logged eighth infusion · course of 6 done, ending today 10:15."
    assert (
        cli("status").lines[0]
        == "Eighth infusion · course of 6 done · ended today 10:15 (45 m ago)"
    )
    assert "8 of 6" not in result.out


def test_infusion_add_a_few_minutes_ahead_is_fine(
    local_zone: str, cli: Callable[..., Result]
) -> None:
    assert cli("infusion", "add", "--at", "today 11:05").code == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--at", "today 11:06"], "ketacheck: --at: 'today 11:06' is in the future\n"),
        (["--at", "2026-11-23T09:00"], "ketacheck: --at: '2026-11-23T09:00' is in the future\n"),
        (
            ["--at", "tomorrowish"],
            "ketacheck: --at: 'tomorrowish' is not a time I understand; use \"now\", "
            '"2pm", "yesterday 9:30", "1 hour ago" or a date and time like 2026-11-21 14:05\n',
        ),
        (["--at", "today 25:00"], "ketacheck: --at: 25:00 is not a time of day\n"),
        (["--minutes", "0"], "ketacheck: minutes: must be from 1 to 720 minutes, not 0\n"),
        (
            ["--minutes", "lots"],
            "ketacheck: argument --minutes: invalid int value: 'lots' (see 'ketacheck --help')\n",
        ),
    ],
)
def test_infusion_add_bad_input_exits_2_and_saves_nothing(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    argv: list[str],
    message: str,
) -> None:
    result = cli("infusion", "add", *argv)

    assert result.code == 2
    assert result.out == ""
    assert result.err == message
    assert not (isolated_data_dir / "journal.json").exists()


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+05:00", "0001-01-01T01:00"])
def test_infusion_add_at_the_edge_of_the_calendar_is_bad_input(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path, at: str
) -> None:
    result = cli("infusion", "add", "--at", at)

    assert result.code == 2
    assert result.err.startswith("ketacheck: --at: ")
    assert result.err.count("\n") == 1
    assert not (isolated_data_dir / "journal.json").exists()


def test_infusion_without_an_action_is_bad_usage(cli: Callable[..., Result]) -> None:
    result = cli("infusion")

    assert result.code == 2
    assert result.err == (
        "ketacheck: the following arguments are required: ACTION (see 'ketacheck --help')\n"
    )


# --- checkin with flags -----------------------------------------------------------------


def stored_checkins(data_dir: Path) -> list[dict[str, Any]]:
    return [c.to_dict() for c in journal_at(data_dir).checkins()]


FLAGS = ["--dizziness", "2", "--nausea", "0", "--fluids", "4", "--mood", "7", "--self-harm", "no"]


def test_checkin_with_flags(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    cli("infusion", "add", "--at", "today 09:30")
    infusion_id = stored_infusions(isolated_data_dir)[0]["id"]

    result = cli("checkin", *FLAGS, "--electrolytes", "--note", "sipping ginger tea")

    assert result.code == 0
    assert result.err == ""
    assert result.lines == ["Saved your check-in of today 11:00.", REST_TIP]
    (stored,) = stored_checkins(isolated_data_dir)
    assert stored == {
        **stored,
        "at": "2026-11-22T16:00:00+00:00",
        "infusion_id": infusion_id,
        "dizziness": 2,
        "nausea": 0,
        "vomited": None,  # --vomited was not given: not asked, never "no"
        "fluids_glasses": 4,
        "electrolytes": True,
        "mood": 7,
        "fatigue": None,
        "self_harm_thoughts": False,
        "note": "sipping ginger tea",
        "alerts": [{"level": "tip", "code": "rest", "message": REST_TIP.removeprefix("·  ")}],
    }
    assert len(stored["id"]) == 32


def test_checkin_prints_alerts_care_team_and_tips(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    result = cli(
        "checkin",
        "--dizziness",
        "8",
        "--nausea",
        "3",
        "--fluids",
        "1",
        "--mood",
        "6",
        "--vomited",
        "--self-harm",
        "no",
    )

    assert result.code == 0
    assert result.lines == [
        "Saved your check-in of today 11:00.",
        SEVERE_DIZZINESS,
        NO_CARE_TEAM,
        KEPT,
        DRINK_TIP + " Being sick loses fluid too, so take small sips often.",
        FOOD_TIP,
        REST_TIP,
    ]
    assert stored_checkins(isolated_data_dir)[0]["vomited"] is True


def test_checkin_shows_the_saved_care_team(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    journal_at(isolated_data_dir).save_settings(
        Settings(care_team_name="Dr Lee", care_team_phone="555-0100", clock_24h=False)
    )

    result = cli(
        "checkin",
        "--dizziness",
        "8",
        "--nausea",
        "0",
        "--fluids",
        "4",
        "--mood",
        "6",
        "--self-harm",
        "no",
    )

    assert result.lines[:3] == [
        "Saved your check-in of today 11:00 AM.",
        SEVERE_DIZZINESS,
        "   Care team: Dr Lee · 555-0100",
    ]


@pytest.mark.parametrize("mood", ["0", "3"])
def test_checkin_with_low_mood_prints_the_crisis_line(
    local_zone: str, cli: Callable[..., Result], mood: str
) -> None:
    result = cli(
        "checkin",
        "--dizziness",
        "0",
        "--nausea",
        "0",
        "--fluids",
        "4",
        "--mood",
        mood,
        "--self-harm",
        "no",
    )

    assert result.code == 0
    assert result.lines == ["Saved your check-in of today 11:00.", CRISIS_REMINDER, LOW_MOOD_TIP]


def test_checkin_with_mood_4_has_no_crisis_line(
    local_zone: str, cli: Callable[..., Result]
) -> None:
    result = cli(
        "checkin",
        "--dizziness",
        "0",
        "--nausea",
        "0",
        "--fluids",
        "4",
        "--mood",
        "4",
        "--self-harm",
        "no",
    )

    assert result.lines == ["Saved your check-in of today 11:00."]


def test_checkin_at_an_earlier_time(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    result = cli("checkin", *FLAGS, "--at", "today 08:15")

    assert result.code == 0
    assert result.lines[0] == "Saved your check-in of today 08:15."
    assert stored_checkins(isolated_data_dir)[0]["at"] == "2026-11-22T13:15:00+00:00"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--dizziness", "2", "--nausea", "0", "--fluids", "4"],
            "ketacheck: --mood: is needed too (or give no scores to be asked)\n",
        ),
        (
            ["--nausea", "0", "--fluids", "4", "--mood", "7", "--self-harm", "no"],
            "ketacheck: --dizziness: is needed too (or give no scores to be asked)\n",
        ),
        (
            ["--mood", "7", "--vomited"],
            "ketacheck: --dizziness, --nausea, --fluids: is needed too "
            "(or give no scores to be asked)\n",
        ),
        (
            [
                "--dizziness",
                "11",
                "--nausea",
                "0",
                "--fluids",
                "4",
                "--mood",
                "7",
                "--self-harm",
                "no",
            ],
            "ketacheck: dizziness: must be from 0 to 10, not 11\n",
        ),
        (
            [
                "--dizziness",
                "1",
                "--nausea",
                "-1",
                "--fluids",
                "4",
                "--mood",
                "7",
                "--self-harm",
                "no",
            ],
            "ketacheck: nausea: must be from 0 to 10, not -1\n",
        ),
        (
            [
                "--dizziness",
                "1",
                "--nausea",
                "0",
                "--fluids",
                "101",
                "--mood",
                "7",
                "--self-harm",
                "no",
            ],
            "ketacheck: fluids_glasses: must be from 0 to 100 glasses, not 101\n",
        ),
        (
            [
                "--dizziness",
                "1",
                "--nausea",
                "0",
                "--fluids",
                "4",
                "--mood",
                "12",
                "--self-harm",
                "no",
            ],
            "ketacheck: mood: must be from 0 to 10, not 12\n",
        ),
        (
            [
                "--dizziness",
                "two",
                "--nausea",
                "0",
                "--fluids",
                "4",
                "--mood",
                "7",
                "--self-harm",
                "no",
            ],
            "ketacheck: argument --dizziness: invalid int value: 'two' (see 'ketacheck --help')\n",
        ),
        (
            [*FLAGS, "--at", "today 12:00"],
            "ketacheck: --at: 'today 12:00' is in the future\n",
        ),
    ],
)
def test_checkin_bad_flags_exit_2_and_save_nothing(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    argv: list[str],
    message: str,
) -> None:
    cli("checkin", *FLAGS, "--at", "today 08:00")
    before = snapshot(isolated_data_dir)

    result = cli("checkin", *argv)

    assert result.code == 2
    assert result.out == ""
    assert result.err == message
    assert snapshot(isolated_data_dir) == before


# --- checkin by plain-text questions ----------------------------------------------------

PROMPTS = {
    "dizziness": "How dizzy do you feel? 0 = not at all, 10 = the worst: ",
    "nausea": "How sick to your stomach? 0 = not at all, 10 = the worst: ",
    "vomited": "Have you been sick (vomited) since last time? [y/N] ",
    "fluids": "How many glasses of water or other drinks since your last check-in? ",
    "electrolytes": "Any electrolyte drink? [y/N] ",
    "mood": "How is your mood? 0 = very low, 10 = very good: ",
    "self_harm": "Since your last check-in, have you had any thoughts of harming yourself? [y/n] ",
    "tiredness": "How tired do you feel? 0 = not at all, 10 = the worst (Enter to skip): ",
    "headache": "How bad is any headache? 0 = none, 10 = the worst (Enter to skip): ",
    "systolic": "If you measured your blood pressure, type the top number (Enter to skip): ",
    "diastolic": "And the bottom number: ",
    "pulse": "Your pulse in beats a minute, if you measured it (Enter to skip): ",
    "sleep": "How many hours did you sleep last night? (Enter to skip) ",
    "side_effects": "Type the number of each one you have noticed, e.g. 2 5 (Enter: none): ",
    "mood_words": "A few words for how you feel, with commas between? (Enter to skip) ",
    "intention": "One small intention for the next few days? (Enter to skip) ",
    "note": "Anything else to note? (press Enter to skip) ",
    "for_doctor": "Bring this note up with your doctor, first in your report? [y/N] ",
    "review": (
        "Press Enter to save, type edit and a number to change that answer, or b to go back: "
    ),
}
INTRO = "A short check-in. Type a number and press Enter. Ctrl+C stops without saving."
OPTIONAL_INTRO = (
    "The rest are optional: press Enter to skip one, or type r to go straight to the "
    "review. Type b to go back one question."
)
#: The answers from dizziness to the crisis question: calm ones.
CORE = ["2", "0", "n", "4", "n", "7", "n"]


def rest(
    *,
    tiredness: str = "",
    headache: str = "",
    reading: tuple[str, ...] = ("",),
    pulse: tuple[str, ...] = ("",),
    note: str = "",
    save: bool = True,
) -> list[str]:
    """The answers after the crisis question, in the order asked, then Enter to save."""
    doctor = [""] if note.strip() else []
    return [
        tiredness, headache, *reading, *pulse, "", "", "", "", note, *doctor,
        *([""] if save else []),
    ]  # fmt: skip


def saved_lines(result: Result) -> list[str]:
    """What the check-in said once saved (after the review)."""
    start = next(i for i, line in enumerate(result.lines) if line.startswith("Saved your"))
    return result.lines[start:]


def review_rows(result: Result) -> list[str]:
    """The review's rows, as printed."""
    start = result.lines.index("Your answers:") + 1
    end = next(i for i, line in enumerate(result.lines) if line.startswith("Saved your"))
    return result.lines[start:end]


class ScriptedInput:
    """Stands in for ``input``: answers from a script, EOF when it runs out."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []

    def __call__(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[list[str]], ScriptedInput]]:
    def script(lines: list[str]) -> ScriptedInput:
        scripted = ScriptedInput(lines)
        monkeypatch.setattr(builtins, "input", scripted)
        return scripted

    yield script


def test_checkin_asks_each_question(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    scripted = answers(["3", "1", "n", "5", "y", "6", "n", *rest(note="  felt okay  ")])

    result = cli("checkin")

    assert result.code == 0
    assert scripted.prompts == [
        PROMPTS[k]
        for k in (
            "dizziness",
            "nausea",
            "vomited",
            "fluids",
            "electrolytes",
            "mood",
            "self_harm",
            "tiredness",
            "headache",
            "systolic",
            "pulse",
            "sleep",
            "side_effects",
            "mood_words",
            "intention",
            "note",
            "for_doctor",
            "review",
        )
    ]
    assert result.lines[:2] == [INTRO, OPTIONAL_INTRO]
    assert saved_lines(result) == ["Saved your check-in of today 11:00.", FOOD_TIP, REST_TIP]
    assert result.err == ""
    (stored,) = stored_checkins(isolated_data_dir)
    assert {
        k: stored[k]
        for k in (
            "dizziness",
            "nausea",
            "vomited",
            "fluids_glasses",
            "electrolytes",
            "mood",
            "self_harm_thoughts",
            "fatigue",
            "headache",
            "note",
            "for_doctor",
            "at",
        )
    } == {
        "dizziness": 3,
        "nausea": 1,
        "vomited": False,
        "fluids_glasses": 5,
        "electrolytes": True,
        "mood": 6,
        "self_harm_thoughts": False,
        "fatigue": None,
        "headache": None,
        "note": "felt okay",
        "for_doctor": False,
        "at": "2026-11-22T16:00:00+00:00",
    }


def test_checkin_asks_again_after_a_bad_answer(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    scripted = answers(
        [
            "three",
            "11",
            " 3 ",
            "",
            "0",
            "maybe",
            "YES",
            "2.5",
            "101",
            "2",
            "",
            "7",
            "",
            "n",
            *rest(),
        ]
    )

    result = cli("checkin")

    assert result.code == 0
    assert result.err.splitlines() == [
        "  Please type a whole number from 0 to 10.",
        "  Please type a whole number from 0 to 10.",
        "  Please type a whole number from 0 to 10.",
        "  Please type y or n.",
        "  Please type a whole number from 0 to 100.",
        "  Please type a whole number from 0 to 100.",
        "  Please type y or n.",  # an empty answer to the crisis question is asked again
    ]
    assert scripted.prompts.count(PROMPTS["self_harm"]) == 2
    assert scripted.prompts.count(PROMPTS["dizziness"]) == 3
    assert scripted.prompts.count(PROMPTS["nausea"]) == 2
    assert scripted.prompts.count(PROMPTS["vomited"]) == 2
    assert scripted.prompts.count(PROMPTS["fluids"]) == 3
    (stored,) = stored_checkins(isolated_data_dir)
    assert (stored["dizziness"], stored["nausea"], stored["vomited"]) == (3, 0, True)
    assert (stored["fluids_glasses"], stored["electrolytes"], stored["mood"]) == (2, False, 7)
    assert stored["self_harm_thoughts"] is False


def test_checkin_gives_up_after_three_unclear_answers_and_saves_nothing(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    scripted = answers(["4", "x", "y", "z", "0", "n", "3", "n", "5", "n", ""])

    result = cli("checkin")

    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        "ketacheck: nausea: no clear answer after 3 tries; nothing was saved"
    )
    assert scripted.prompts.count(PROMPTS["nausea"]) == 3
    assert not (isolated_data_dir / "journal.json").exists()


@pytest.mark.parametrize(
    "given", [[], ["3"], ["3", "1", "n", "5", "y", "6"], [*CORE, *rest(save=False)]]
)
def test_checkin_end_of_input_saves_nothing(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
    given: list[str],
) -> None:
    cli("checkin", *FLAGS, "--at", "today 08:00")
    before = snapshot(isolated_data_dir)
    answers(given)

    result = cli("checkin")

    assert result.code == 2
    assert result.err == "ketacheck: answer: no answer was given; nothing was saved\n"
    assert result.lines[0] == INTRO
    assert "Saved your check-in" not in result.out
    assert snapshot(isolated_data_dir) == before
    assert len(stored_checkins(isolated_data_dir)) == 1


def test_checkin_end_of_input_creates_no_journal(
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    answers(["5"])

    assert cli("checkin").code == 2
    assert not (isolated_data_dir / "journal.json").exists()


def test_checkin_yes_to_self_harm_shows_the_crisis_line_first(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    scripted = answers(["0", "0", "n", "4", "n", "2", "yes", *rest()])

    result = cli("checkin")

    assert result.code == 0
    assert PROMPTS["self_harm"] in scripted.prompts
    assert result.lines[:7] == [INTRO, "", *URGENT_FIRST, OPTIONAL_INTRO]
    assert saved_lines(result) == [
        "Saved your check-in of today 11:00.",
        f"!! {SELF_HARM_MESSAGE}",
        NO_CARE_TEAM,
        KEPT,
    ]
    (stored,) = stored_checkins(isolated_data_dir)
    assert stored["self_harm_thoughts"] is True
    assert stored["alerts"][0]["level"] == "urgent"


def test_checkin_no_to_self_harm_is_recorded(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    answers(["0", "0", "n", "4", "n", "3", "n", *rest()])

    result = cli("checkin")

    assert saved_lines(result) == [
        "Saved your check-in of today 11:00.",
        CRISIS_REMINDER,
        LOW_MOOD_TIP,
    ]
    assert stored_checkins(isolated_data_dir)[0]["self_harm_thoughts"] is False


def test_checkin_asks_about_self_harm_whatever_the_mood(
    cli: Callable[..., Result],
    answers: Callable[[list[str]], ScriptedInput],
    isolated_data_dir: Path,
) -> None:
    scripted = answers(["0", "0", "n", "4", "n", "9", "n", *rest()])

    assert cli("checkin").code == 0
    assert PROMPTS["self_harm"] in scripted.prompts
    assert stored_checkins(isolated_data_dir)[0]["self_harm_thoughts"] is False


def test_checkin_questions_in_a_real_terminal_session(isolated_data_dir: Path) -> None:
    typed = ["2", "0", "n", "4", "y", "1", "yes", *rest(note="rough day")]
    done = subprocess_run(["checkin"], isolated_data_dir, "\n".join(typed) + "\n", LC_ALL="C")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(INTRO + "\n" + PROMPTS["dizziness"] + PROMPTS["nausea"])
    said_yes = done.stdout.index(PROMPTS["self_harm"]) + len(PROMPTS["self_harm"])
    crisis = done.stdout.index("   Crisis line: Call or text 988")
    assert said_yes < crisis < done.stdout.index(PROMPTS["tiredness"])
    assert f"!! {SELF_HARM_MESSAGE}" in done.stdout
    assert done.stdout.index(URGENT_FIRST[1][:20]) < done.stdout.index("Saved your check-in")
    assert done.stderr == ""
    (stored,) = stored_checkins(isolated_data_dir)
    assert (stored["dizziness"], stored["mood"], stored["self_harm_thoughts"]) == (2, 1, True)
    assert stored["note"] == "rough day"


def test_checkin_questions_end_of_input_in_a_real_process(isolated_data_dir: Path) -> None:
    done = subprocess_run(["checkin"], isolated_data_dir, "2\n0\n")

    assert done.returncode == 2
    assert done.stderr == "ketacheck: answer: no answer was given; nothing was saved\n"
    assert not (isolated_data_dir / "journal.json").exists()


# --- checkin by plain-text questions: blood pressure and pulse ---------------------------

SYSTOLIC_RANGE = "  Please type a whole number from 50 to 260 mmHg, or press Enter to skip."
PULSE_RANGE = "  Please type a whole number from 25 to 250 beats a minute, or press Enter to skip."
BOTH_NUMBERS = (
    "  A reading has two numbers: please type the bottom number (diastolic) too, or press "
    "Enter again to leave this reading out."
)
LEFT_OUT = "The blood pressure reading is left out of this check-in."


def _reading(stored: dict[str, Any]) -> tuple[Any, Any, Any]:
    return (stored["systolic"], stored["diastolic"], stored["pulse"])


def test_checkin_asks_for_a_reading_and_a_pulse_after_tiredness_and_headache(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    scripted = answers([*CORE, *rest(reading=(" 128 ", "84"), pulse=("72",), note="fine")])

    result = cli("checkin")

    assert result.code == 0, result.err
    asked = [PROMPTS[k] for k in ("self_harm", "headache", "systolic", "diastolic", "pulse")]
    assert scripted.prompts[6:11] == [asked[0], PROMPTS["tiredness"], *asked[1:4]]
    assert scripted.prompts[11] == asked[4]
    assert result.err == ""
    (stored,) = stored_checkins(isolated_data_dir)
    assert _reading(stored) == (128, 84, 72)
    assert stored["note"] == "fine"
    assert "  10  Blood pressure: 128/84 mmHg" in review_rows(result)


def test_enter_skips_the_reading_and_the_pulse(
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    scripted = answers([*CORE, *rest()])

    assert cli("checkin").code == 0
    assert PROMPTS["diastolic"] not in scripted.prompts  # only asked after a top number
    assert scripted.prompts.count(PROMPTS["pulse"]) == 1
    assert _reading(stored_checkins(isolated_data_dir)[0]) == (None, None, None)


def test_a_pulse_alone_is_kept(
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    answers([*CORE, *rest(pulse=("64",))])

    assert cli("checkin").code == 0
    assert _reading(stored_checkins(isolated_data_dir)[0]) == (None, None, 64)


def test_an_unclear_or_out_of_range_reading_is_asked_again_naming_the_range(
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    scripted = answers(
        [
            *CORE,
            *rest(
                reading=("1280", "128/84", "128", "20", "128", "84"), pulse=("400", "seventy", "72")
            ),
        ]
    )

    result = cli("checkin")

    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        SYSTOLIC_RANGE,
        SYSTOLIC_RANGE,
        "  Please type a whole number from 30 to 127 mmHg: the bottom number is lower than "
        "the top one (128).",
        "  Please type a whole number from 30 to 127 mmHg: the bottom number is lower than "
        "the top one (128).",
        PULSE_RANGE,
        PULSE_RANGE,
    ]
    assert scripted.prompts.count(PROMPTS["systolic"]) == 3
    assert scripted.prompts.count(PROMPTS["diastolic"]) == 3
    assert scripted.prompts.count(PROMPTS["pulse"]) == 3
    assert _reading(stored_checkins(isolated_data_dir)[0]) == (128, 84, 72)


def test_a_top_number_asks_for_the_bottom_one_before_leaving_the_reading_out(
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    answers([*CORE, *rest(reading=("128", "", "84"))])

    result = cli("checkin")

    assert result.code == 0
    assert result.err.splitlines() == [BOTH_NUMBERS]
    assert _reading(stored_checkins(isolated_data_dir)[0]) == (128, 84, None)


def test_enter_twice_leaves_the_reading_out_and_says_so(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    answers([*CORE, *rest(reading=("128", "", ""), pulse=("70",))])

    result = cli("checkin")

    assert result.code == 0
    assert result.err.splitlines() == [BOTH_NUMBERS]
    assert result.lines[:3] == [INTRO, OPTIONAL_INTRO, LEFT_OUT]
    assert saved_lines(result)[0] == "Saved your check-in of today 11:00."
    assert _reading(stored_checkins(isolated_data_dir)[0]) == (None, None, 70)


def test_a_very_high_top_number_left_out_still_says_to_measure_again_and_call(
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
) -> None:
    answers([*CORE, *rest(reading=("190", "", ""))])

    result = cli("checkin")

    assert result.code == 0
    assert result.lines[2:4] == [
        LEFT_OUT,
        "A top number of 190 is very high, though. Sit quietly for a few minutes, then "
        "measure again; if it is still that high, please contact your care team now. With "
        "chest pain, shortness of breath, back pain, numbness, weakness, a change in your "
        "vision or trouble speaking, call your local emergency number straight away.",
    ]


@pytest.mark.parametrize(("top", "bottom"), [("182", "121"), ("180", "90"), ("150", "120")])
def test_a_crisis_reading_typed_raises_the_same_call_now_as_the_flags(
    local_zone: str,
    cli: Callable[..., Result],
    clock: FixedClock,
    isolated_data_dir: Path,
    answers: Callable[[list[str]], ScriptedInput],
    top: str,
    bottom: str,
) -> None:
    by_flags = cli("checkin", *FLAGS, "--systolic", top, "--diastolic", bottom)
    clock.advance(minutes=5)
    answers([*CORE, *rest(reading=(top, bottom))])

    typed = cli("checkin")

    assert typed.code == by_flags.code == 0
    call_now = f"!  Your blood pressure reading of {top}/{bottom} is very high."
    said = [line for line in typed.lines if line.startswith(call_now)]
    assert said == [line for line in by_flags.lines if line.startswith(call_now)]
    assert len(said) == 1
    assert typed.lines[typed.lines.index(said[0]) + 1 :][:2] == [NO_CARE_TEAM, KEPT]
    flagged, asked = stored_checkins(isolated_data_dir)
    assert [(a["level"], a["code"]) for a in asked["alerts"]] == [
        (a["level"], a["code"]) for a in flagged["alerts"]
    ]
    assert ("call-now", "blood_pressure_very_high") in [
        (a["level"], a["code"]) for a in asked["alerts"]
    ]
    assert _reading(asked) == (int(top), int(bottom), None)


def test_a_crisis_reading_on_stdin_of_a_real_process_says_call_now(
    isolated_data_dir: Path,
) -> None:
    typed = [*CORE, *rest(reading=("185", "95"), pulse=("88",))]
    done = subprocess_run(["checkin"], isolated_data_dir, "\n".join(typed) + "\n")

    assert done.returncode == 0, done.stderr
    assert "Your blood pressure reading of 185/95 is very high." in done.stdout
    assert done.stderr == ""
    assert _reading(stored_checkins(isolated_data_dir)[0]) == (185, 95, 88)
    alerts = journal_at(isolated_data_dir).alerts()
    assert [(a.level, a.code) for a in alerts] == [("call-now", "blood_pressure_very_high")]


# --- export -----------------------------------------------------------------------------


@pytest.fixture
def logged(local_zone: str, cli: Callable[..., Result], clock: FixedClock) -> None:
    """An infusion on Saturday and two check-ins, the second on Sunday."""
    clock.now = NOW - timedelta(days=1)
    assert cli("infusion", "add", "--at", "today 09:30").code == 0
    assert cli("checkin", *FLAGS, "--note", "=2+2\nand a second line").code == 0
    clock.now = NOW
    assert (
        cli(
            "checkin",
            "--dizziness",
            "0",
            "--nausea",
            "0",
            "--fluids",
            "6",
            "--mood",
            "8",
            "--self-harm",
            "no",
        ).code
        == 0
    )


def test_export_to_stdout_is_pure_json(logged: None, cli: Callable[..., Result]) -> None:
    result = cli("export", "-o", "-")

    assert result.code == 0
    document = orjson.loads(result.out)
    assert document["format"] == "ketacheck-export"
    assert document["exported_at"] == "2026-11-22T16:00:00+00:00"
    assert len(document["infusions"]) == 1
    assert [c["at"] for c in document["checkins"]] == [
        "2026-11-21T16:00:00+00:00",
        "2026-11-22T16:00:00+00:00",
    ]
    assert result.err == "Exported 1 infusion and 2 check-ins.\n"


def test_export_to_stdout_in_a_real_process(logged: None, isolated_data_dir: Path) -> None:
    done = subprocess_run(["export", "-o", "-"], isolated_data_dir)

    assert done.returncode == 0
    document = json.loads(done.stdout)
    assert len(document["checkins"]) == 2
    assert document["checkins"][0]["note"] == "=2+2\nand a second line"
    assert done.stderr == "Exported 1 infusion and 2 check-ins.\n"


def test_export_to_a_file(logged: None, cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "for-clinic.json"

    result = cli("export", "-o", str(target))

    assert result.code == 0
    assert result.out == ""
    assert result.err == f"Exported 1 infusion and 2 check-ins to {target}\n"
    document = orjson.loads(target.read_bytes())
    assert len(document["checkins"]) == 2
    assert target.stat().st_mode & 0o077 == 0


def test_export_without_a_target_goes_to_a_dated_file_in_home(
    logged: None, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))

    first = cli("export")
    second = cli("export", "--format", "csv")
    third = cli("export")

    assert first.err == (
        f"Exported 1 infusion and 2 check-ins to {home}/ketacheck-export-2026-11-22.json\n"
    )
    assert second.err == f"Exported 2 check-ins to {home}/ketacheck-export-2026-11-22.csv\n"
    assert third.err == (
        f"Exported 1 infusion and 2 check-ins to {home}/ketacheck-export-2026-11-22-2.json\n"
    )
    assert sorted(p.name for p in home.iterdir()) == [
        "ketacheck-export-2026-11-22-2.json",
        "ketacheck-export-2026-11-22.csv",
        "ketacheck-export-2026-11-22.json",
    ]


def test_export_csv(logged: None, cli: Callable[..., Result]) -> None:
    result = cli("export", "--format", "csv", "-o", "-")

    assert result.code == 0
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == list(CSV_COLUMNS)
    assert [row[0] for row in rows[1:]] == [
        "2026-11-21T16:00:00+00:00",
        "2026-11-22T16:00:00+00:00",
    ]
    assert rows[1][CSV_COLUMNS.index("note")] == "'=2+2\nand a second line"
    assert rows[1][CSV_COLUMNS.index("hours_since_infusion")] == "0.8"
    # The multi-line note is one record, not two.
    assert result.err == "Exported 2 check-ins.\n"


def test_export_since_a_local_date(logged: None, cli: Callable[..., Result]) -> None:
    result = cli("export", "-o", "-", "--since", "2026-11-22")

    document = orjson.loads(result.out)
    assert document["infusions"] == []
    assert [c["at"] for c in document["checkins"]] == ["2026-11-22T16:00:00+00:00"]
    assert result.err == "Exported 0 infusions and 1 check-in.\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--since", "22/11/2026"],
            "ketacheck: --since: '22/11/2026' is not a date like 2026-11-01\n",
        ),
        (
            ["--since", "2026-02-30"],
            "ketacheck: --since: '2026-02-30' is not a date like 2026-11-01\n",
        ),
        (
            ["--format", "xml"],
            "ketacheck: argument --format: invalid choice: 'xml' "
            "(choose from 'json', 'csv', 'fhir') (see 'ketacheck --help')\n",
        ),
    ],
)
def test_export_bad_options_exit_2(
    logged: None, cli: Callable[..., Result], argv: list[str], message: str
) -> None:
    result = cli("export", "-o", "-", *argv)

    assert result.code == 2
    assert result.out == ""
    assert result.err == message


def test_export_into_a_missing_folder_is_a_runtime_error(
    logged: None, cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli("export", "-o", str(tmp_path / "no-such-folder" / "x.json"))

    assert result.code == 1
    target = tmp_path / "no-such-folder" / "x.json"
    assert result.err == f"ketacheck: No such file or directory ({target})\n"


# --- import -----------------------------------------------------------------------------


def export_payload(**changes: Any) -> dict[str, Any]:
    checkin = {
        "id": "c-1",
        "at": "2026-11-20T18:00:00+00:00",
        "infusion_id": "i-1",
        "dizziness": 1,
        "nausea": 0,
        "vomited": False,
        "fluids_glasses": 3,
        "electrolytes": False,
        "mood": 6,
        "fatigue": None,
        "sleep_hours": None,
        "mood_words": [],
        "side_effects": [],
        "self_harm_thoughts": None,
        "intention": "",
        "note": "",
        "alerts": [],
    }
    document = {
        "format": "ketacheck-export",
        "version": 1,
        "exported_at": "2026-11-21T00:00:00+00:00",
        "app_version": "0.1.0",
        "settings": Settings(planned_infusions=8).to_dict(),
        "infusions": [
            {
                "id": "i-1",
                "started_at": "2026-11-20T14:30:00+00:00",
                "ended_at": "2026-11-20T15:15:00+00:00",
                "note": "",
            }
        ],
        "checkins": [checkin, {**checkin, "id": "c-2", "at": "2026-11-21T18:00:00+00:00"}],
    }
    document.update(changes)
    return document


def test_import_a_good_file(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "export.json"
    file.write_bytes(orjson.dumps(export_payload()))

    result = cli("import", "--with-settings", str(file))

    assert result.code == 0
    assert result.out == (
        f"From {file}: Imported 1 infusion and 2 check-ins. Took the file's settings "
        "(no safety setting changed).\n"
    )
    assert [c["id"] for c in stored_checkins(isolated_data_dir)] == ["c-1", "c-2"]
    assert journal_at(isolated_data_dir).settings().planned_infusions == 8
    file.write_bytes(orjson.dumps(export_payload(settings=None)))
    again = cli("import", str(file))
    assert again.out == (
        f"From {file}: Imported 0 infusions and 0 check-ins. 3 records were already in "
        "your journal and were left as they were.\n"
    )


def test_import_a_partly_known_file(
    cli: Callable[..., Result], isolated_data_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "export.json"
    file.write_bytes(orjson.dumps(export_payload(checkins=export_payload()["checkins"][:1])))
    cli("import", str(file))
    file.write_bytes(orjson.dumps(export_payload(infusions=[], settings=None)))

    result = cli("import", str(file))

    assert result.out == (
        f"From {file}: Imported 0 infusions and 1 check-in. 1 record was already in "
        "your journal and was left as it was.\n"
    )


def test_import_a_missing_file(cli: Callable[..., Result], tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"

    result = cli("import", str(missing))

    assert result.code == 2
    assert result.err == f"ketacheck: FILE: {missing} does not exist\n"


def test_import_a_folder(cli: Callable[..., Result], tmp_path: Path) -> None:
    result = cli("import", str(tmp_path))

    assert result.code == 2
    assert result.err == f"ketacheck: FILE: {tmp_path} is a folder, not a file\n"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (
            b"this is not json",
            "it isn't a ketacheck export that can be read: the text goes wrong at line 1, column 1",
        ),
        (
            orjson.dumps({"format": "ketacheck-export", "version": 7}),
            "export format version 7 is not one this ketacheck reads "
            "(it reads versions 1, 2, 3, 4 and 5)",
        ),
        (
            orjson.dumps(export_payload(checkins=[{"id": "c-9", "mood": 5}])),
            "checkins[0] (id c-9): at: is missing",
        ),
    ],
)
def test_import_an_invalid_file_changes_nothing(
    local_zone: str,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    tmp_path: Path,
    payload: bytes,
    reason: str,
) -> None:
    cli("checkin", *FLAGS)
    before = snapshot(isolated_data_dir)
    file = tmp_path / "bad.json"
    file.write_bytes(payload)

    result = cli("import", str(file))

    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"ketacheck: can't import {file}: {reason}")
    assert result.err.endswith(". Nothing was imported.\n")
    assert result.err.count("\n") == 1
    assert snapshot(isolated_data_dir) == before


# --- a corrupt journal and restore ------------------------------------------------------

CORRUPT = b'{"_meta": {"1": {"schema_version": 1}}, "infusions": {"1": {"id": "'


@pytest.fixture
def two_days(local_zone: str, cli: Callable[..., Result], clock: FixedClock) -> None:
    """An infusion on Sunday, a check-in on Monday: a backup from each day."""
    assert cli("infusion", "add", "--at", "today 09:30").code == 0
    clock.advance(days=1)
    assert cli("checkin", *FLAGS).code == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["status", "--json"],
        ["checkin", *FLAGS],
        ["infusion", "add"],
        ["export", "-o", "-"],
    ],
)
@pytest.mark.parametrize("damage", [CORRUPT, b"", b"[1, 2, 3]"])
def test_a_corrupt_journal_is_a_clear_runtime_error(
    two_days: None,
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    argv: list[str],
    damage: bytes,
) -> None:
    path = isolated_data_dir / "journal.json"
    path.write_bytes(damage)
    before = snapshot(isolated_data_dir)

    result = cli(*argv)

    assert result.code == 1
    if argv[0] == "status":  # beside the error: the crisis line and the open alerts
        shown = json.loads(result.out) if "--json" in argv else None
        assert shown is not None or result.out.startswith("In a crisis: ")
        assert shown is None or shown["crisis_line"] and "can't be read" in shown["error"]
    else:
        assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"ketacheck: the journal at {path} can't be read (")
    assert result.err.endswith(
        "It has been left exactly as it was. Run 'ketacheck restore' to bring back the "
        "newest good backup.\n"
    )
    assert "Traceback" not in result.err
    assert snapshot(isolated_data_dir) == before


def test_a_corrupt_journal_in_a_real_process(two_days: None, isolated_data_dir: Path) -> None:
    path = isolated_data_dir / "journal.json"
    path.write_bytes(CORRUPT)

    done = subprocess_run(["status"], isolated_data_dir)

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert str(path) in done.stderr
    assert "ketacheck restore" in done.stderr
    assert path.read_bytes() == CORRUPT


def test_restore_brings_back_the_newest_good_backup(
    two_days: None, cli: Callable[..., Result], clock: FixedClock, isolated_data_dir: Path
) -> None:
    path = isolated_data_dir / "journal.json"
    path.write_bytes(CORRUPT)
    clock.now = datetime(2026, 11, 23, 17, 30, 5, tzinfo=UTC)

    result = cli("restore")

    assert result.code == 0
    aside = isolated_data_dir / "journal.json.unreadable-20261123T173005"
    assert result.lines == [
        f"Your previous journal was kept, unchanged, as {aside}",
        f"Restored the journal from {isolated_data_dir}/backups/journal-2026-11-23.json",
        "That backup was taken on Mon 23 Nov 2026 and holds 1 infusion and 0 check-ins; "
        "the journal it replaced could not be read.",
        "Nothing whole could be recovered from the unreadable journal itself (an infusion "
        "that was cut off or damaged).",
    ]
    assert aside.read_bytes() == CORRUPT
    # Monday's backup was taken when Monday's check-in opened the journal: it holds the
    # infusion, not that check-in.
    lines = cli("status").lines
    assert lines[0] == "Infusion 1 of 6 · ended yesterday 10:15 (1 d 2 h ago)"
    assert lines[-1] == "No check-ins yet. Start one with: ketacheck checkin"


def test_restore_skips_a_damaged_backup(
    two_days: None, cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    (isolated_data_dir / "journal.json").write_bytes(CORRUPT)
    (isolated_data_dir / "backups" / "journal-2026-11-23.json").write_bytes(b"{oops")

    result = cli("restore")

    assert result.code == 0
    assert result.lines[1] == (
        f"Restored the journal from {isolated_data_dir}/backups/journal-2026-11-22.json"
    )
    assert cli("status").lines[0] == "No infusion logged yet. Log one with: ketacheck infusion add"


def test_restore_list(two_days: None, cli: Callable[..., Result], isolated_data_dir: Path) -> None:
    result = cli("restore", "--list")

    assert result.code == 0
    assert result.lines == [
        f"{isolated_data_dir}/backups/journal-2026-11-23.json",
        f"{isolated_data_dir}/backups/journal-2026-11-22.json",
    ]


def test_restore_with_no_backups_is_a_runtime_error(
    cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    isolated_data_dir.mkdir()
    (isolated_data_dir / "journal.json").write_bytes(CORRUPT)

    result = cli("restore")

    assert result.code == 1
    assert result.err == (
        f"ketacheck: there is no good backup in {isolated_data_dir}/backups. To set the "
        "unreadable journal aside and start a new one, run 'ketacheck restore --start-empty'.\n"
    )
    assert (isolated_data_dir / "journal.json").read_bytes() == CORRUPT


def test_restore_start_empty(cli: Callable[..., Result], isolated_data_dir: Path) -> None:
    isolated_data_dir.mkdir()
    (isolated_data_dir / "journal.json").write_bytes(CORRUPT)

    result = cli("restore", "--start-empty")

    assert result.code == 0
    aside = isolated_data_dir / "journal.json.unreadable-20261122T160000"
    assert result.lines == [
        f"Your previous journal was kept, unchanged, as {aside}",
        "Started a new, empty journal.",
    ]
    assert aside.read_bytes() == CORRUPT
    assert cli("status", "--json").code == 0


# --- version, help, data folder ---------------------------------------------------------


def test_version(cli: Callable[..., Result]) -> None:
    result = cli("--version")

    assert result.code == 0
    assert result.out == f"ketacheck {__version__}\n"


def test_version_in_a_real_process(isolated_data_dir: Path) -> None:
    done = subprocess_run(["--version"], isolated_data_dir)

    assert done.returncode == 0
    assert done.stdout == f"ketacheck {__version__}\n"
    assert not isolated_data_dir.exists()


def test_help(cli: Callable[..., Result]) -> None:
    result = cli("--help")

    assert result.code == 0
    assert result.out.startswith("usage: ketacheck [-h] [--version] [--data-dir DIR] [--demo]")
    for command in ("status", "infusion", "checkin", "export", "import", "restore"):
        assert command in result.out


def test_an_unknown_command_is_bad_usage(cli: Callable[..., Result]) -> None:
    result = cli("explode")

    assert result.code == 2
    assert result.err.startswith("ketacheck: argument COMMAND: invalid choice: 'explode'")
    assert result.err.endswith("(see 'ketacheck --help')\n")


def test_data_dir_option_beats_the_environment(
    local_zone: str, cli: Callable[..., Result], isolated_data_dir: Path, tmp_path: Path
) -> None:
    chosen = tmp_path / "chosen"

    assert cli("--data-dir", str(chosen), "infusion", "add", "--at", "today 09:30").code == 0

    assert (chosen / "journal.json").exists()
    assert not isolated_data_dir.exists()
    assert cli("--data-dir", str(chosen), "status").lines[0].startswith("Infusion 1 of 6")
    assert cli("status").lines[0] == "No infusion logged yet. Log one with: ketacheck infusion add"


def test_the_environment_picks_the_folder_in_a_real_process(tmp_path: Path) -> None:
    folder = tmp_path / "from-env"

    done = subprocess_run(["infusion", "add"], folder)

    assert done.returncode == 0
    assert done.stdout.startswith("Logged infusion 1 of 6, ending ")
    assert (folder / "journal.json").exists()
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert ((folder / "journal.json").stat().st_mode & 0o777) == 0o600
