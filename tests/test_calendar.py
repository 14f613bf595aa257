"""`ketacheck calendar`: an iCalendar file read back with `icalendar`, as a calendar would."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar
from msgspec.structs import replace

from ketacheck.cli import main
from ketacheck.core.checklist import RIDE
from ketacheck.core.contents import JournalContents
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.restrictions import DEFAULT_RESTRICTIONS
from ketacheck.core.settings import Settings
from ketacheck.exchange.calendar import calendar_ics
from ketacheck.store.journal import Journal

NEW_YORK = ZoneInfo("America/New_York")
# Sunday 22 November 2026, 11:00 in New York.
NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
SECRET = "my private note about the session"


def _events(ics: bytes) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(ics)
    found = []
    for event in calendar.walk("VEVENT"):
        alarms = event.walk("VALARM")
        found.append(
            {
                "uid": str(event["UID"]),
                "summary": str(event["SUMMARY"]),
                "description": str(event.get("DESCRIPTION", "")),
                "start": event.decoded("DTSTART"),
                "end": event.decoded("DTEND"),
                "alarms": [a.decoded("TRIGGER") for a in alarms],
            }
        )
    return found


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _cli(data_dir: Path, clock: Clock, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data_dir), *argv], clock=clock, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A journal with an infusion yesterday, a check-in with a note, and an appointment."""
    data_dir = tmp_path / "data"
    journal = Journal.open(data_dir, NOW.date())
    infusion = Infusion.create(NOW - timedelta(hours=20), 45, SECRET)
    journal.add_infusion(infusion)
    journal.add_checkin(
        CheckIn.from_dict(
            {
                "id": "c1",
                "at": (NOW - timedelta(hours=2)).isoformat(),
                "dizziness": 7,
                "nausea": 1,
                "fluids_glasses": 2,
                "mood": 3,
                "note": SECRET,
            }
        )
    )
    settings = replace(journal.settings(), next_appointment=NOW + timedelta(days=3))
    journal.save_settings(settings)
    return data_dir


def test_the_file_parses_and_every_event_has_a_uid_a_utc_start_and_an_alarm(
    course: Path, local_zone: str
) -> None:
    code, out, err = _cli(course, Clock(), "calendar", "-o", "-")
    assert code == 0, err
    assert err == ""
    calendar = Calendar.from_ical(out.encode())
    assert str(calendar["VERSION"]) == "2.0"
    events = _events(out.encode())
    assert events
    for event in events:
        start = event["start"]
        assert isinstance(start, datetime) and start.utcoffset() == timedelta(0)
        assert event["uid"].endswith("@ketacheck.invalid")
        assert event["alarms"], event["summary"]
    assert len({e["uid"] for e in events}) == len(events)
    assert "\r\n" in out  # RFC 5545 lines end in CRLF


def test_every_active_restriction_has_an_event_at_its_status_lift_time(
    course: Path, local_zone: str
) -> None:
    clock = Clock()
    _, status_out, _ = _cli(course, clock, "status", "--json")
    active = [r for r in json.loads(status_out)["restrictions"] if r["active"]]
    assert len(active) == len(DEFAULT_RESTRICTIONS)  # 20 h after: every one still applies
    _, out, _ = _cli(course, clock, "calendar", "-o", "-", "--days", "30")
    events = _events(out.encode())
    for restriction in active:
        lifts = datetime.fromisoformat(restriction["lifts_at"])
        [event] = [e for e in events if str(e["summary"]).startswith(restriction["label"])]
        assert event["start"] == lifts, restriction["id"]
    alcohol = next(e for e in events if str(e["summary"]).startswith("Alcohol"))
    assert "check with your care team first" in str(alcohol["summary"])
    assert "go-ahead" in str(alcohol["description"])


def test_uids_are_the_same_in_two_runs_so_a_second_import_updates(
    course: Path, local_zone: str
) -> None:
    clock = Clock()
    first = {
        e["uid"]: e["start"]
        for e in _events(_cli(course, clock, "calendar", "-o", "-")[1].encode())
    }
    clock.now += timedelta(minutes=30)
    second = {
        e["uid"]: e["start"]
        for e in _events(_cli(course, clock, "calendar", "-o", "-")[1].encode())
    }
    shared = first.keys() & second.keys()
    assert len(shared) >= len(first) - 1  # at most one reminder fell in the half hour
    assert all(first[uid] == second[uid] for uid in shared)


def test_nothing_private_reaches_an_event_and_summaries_have_no_scores(
    course: Path, local_zone: str
) -> None:
    _, out, _ = _cli(course, Clock(), "calendar", "-o", "-", "--days", "30")
    assert SECRET not in out.replace("\r\n ", "")
    for event in _events(out.encode()):
        summary = str(event["summary"])
        assert "dizz" not in summary.lower() and "mood" not in summary.lower()
        assert "ketamine" not in summary.lower()


def test_the_appointment_has_its_checklist_a_fasting_alarm_and_a_ride_reminder(
    course: Path, local_zone: str
) -> None:
    _, out, _ = _cli(course, Clock(), "calendar", "-o", "-")
    events = _events(out.encode())
    appointment_at = NOW + timedelta(days=3)  # Wed 25 Nov, 11:00 New York
    [appointment] = [e for e in events if e["start"] == appointment_at]
    assert str(appointment["summary"]).startswith("Clinic appointment")
    assert "stop eating from 05:00" in str(appointment["description"])
    assert "ride" in str(appointment["description"])
    # Fasting from 05:00 is in the night: the alarm goes the evening before, at 21:00.
    assert appointment["alarms"] == [datetime(2026, 11, 24, 21, 0, tzinfo=NEW_YORK)]
    [ride] = [e for e in events if str(e["summary"]).endswith("arrange a ride there and back")]
    assert ride["start"] == datetime(2026, 11, 24, 19, 0, tzinfo=NEW_YORK)
    assert RIDE.text in str(ride["description"])


def test_a_daytime_fasting_start_is_the_appointments_alarm() -> None:
    appointment = datetime(2026, 11, 25, 15, 0, tzinfo=NEW_YORK)  # fasting from 09:00
    contents = JournalContents.of_records(Settings(next_appointment=appointment))
    events = _events(calendar_ics(contents, NOW, NEW_YORK, 7))
    [event] = [e for e in events if e["start"] == appointment]
    assert event["alarms"] == [appointment - timedelta(hours=6)]
    assert not [e for e in events if "stop eating" in str(e["summary"])]  # no event of its own


def test_a_night_time_fasting_start_is_announced_the_evening_before() -> None:
    appointment = datetime(2026, 11, 25, 9, 0, tzinfo=NEW_YORK)  # fasting from 03:00
    contents = JournalContents.of_records(Settings(next_appointment=appointment))
    events = _events(calendar_ics(contents, NOW, NEW_YORK, 7))
    [event] = [e for e in events if e["start"] == appointment]
    assert event["alarms"] == [datetime(2026, 11, 24, 21, 0, tzinfo=NEW_YORK)]


def test_checkin_reminders_keep_their_local_time_across_the_dst_change() -> None:
    """New York leaves summer time at 02:00 on Sunday 1 November 2026."""
    ended = datetime(2026, 10, 30, 18, 0, tzinfo=NEW_YORK).astimezone(UTC)
    infusion = Infusion(id="i1", started_at=ended - timedelta(minutes=45), ended_at=ended, note="")
    contents = JournalContents.of_records(Settings(), [infusion])
    now = ended + timedelta(minutes=1)
    events = _events(calendar_ics(contents, now, NEW_YORK, 14))
    checkins = [e["start"] for e in events if e["summary"] == "Time for your check-in"]
    local = [moment.astimezone(NEW_YORK) for moment in checkins]
    assert all((t.hour, t.minute) in ((10, 0), (20, 0)) for t in local)
    # Twice a day in the 72 hours after the infusion, then 10:00 daily to day 10.
    assert [t.strftime("%m-%d %H:%M") for t in local][:8] == [
        "10-30 20:00",
        "10-31 10:00",
        "10-31 20:00",
        "11-01 10:00",
        "11-01 20:00",
        "11-02 10:00",
        "11-03 10:00",
        "11-04 10:00",
    ]
    assert checkins[1] == datetime(2026, 10, 31, 14, 0, tzinfo=UTC)  # EDT, UTC-4
    assert checkins[3] == datetime(2026, 11, 1, 15, 0, tzinfo=UTC)  # EST, UTC-5
    assert local[-1].strftime("%m-%d %H:%M") == "11-09 10:00"  # day 10 of the window
    # A restriction counts real hours, whatever the wall clock does: 48 hours after
    # 18:00 EDT on Friday is 17:00 EST on Sunday.
    alcohol = next(e for e in events if str(e["summary"]).startswith("Alcohol"))
    assert alcohol["start"] == ended + timedelta(hours=48)
    assert alcohol["start"].astimezone(NEW_YORK).strftime("%m-%d %H:%M") == "11-01 17:00"


def test_a_calendar_app_expands_the_events_to_the_same_instants() -> None:
    ended = datetime(2026, 10, 30, 18, 0, tzinfo=NEW_YORK).astimezone(UTC)
    infusion = Infusion(id="i1", started_at=ended - timedelta(minutes=45), ended_at=ended, note="")
    contents = JournalContents.of_records(Settings(), [infusion])
    ics = calendar_ics(contents, ended, NEW_YORK, 14)
    ours = sorted(e["start"] for e in _events(ics))
    expanded = recurring_ical_events.of(Calendar.from_ical(ics)).between(
        ended - timedelta(days=1), ended + timedelta(days=30)
    )
    assert sorted(e.decoded("DTSTART") for e in expanded) == ours


def test_the_next_questionnaire_is_there_when_it_falls_due() -> None:
    taken = QuestionnaireResult.create("phq9", (0,) * 9, NOW - timedelta(days=2))
    contents = JournalContents.of_records(Settings(), questionnaires=[taken])
    events = _events(calendar_ics(contents, NOW, NEW_YORK, 14))
    [phq9] = [e for e in events if "PHQ-9" in str(e["summary"])]
    assert phq9["start"] == taken.at + timedelta(days=7)
    # Never taken: the GAD-7 is offered at the next reminder time, 20:00 would be the second.
    [gad7] = [e for e in events if "GAD-7" in str(e["summary"])]
    assert gad7["start"] == datetime(2026, 11, 23, 10, 0, tzinfo=NEW_YORK)
    assert gad7["alarms"] == [timedelta(0)]


@pytest.mark.parametrize("days", ["0", "367", "-1", "two"])
def test_a_bad_number_of_days_is_refused_and_nothing_is_written(tmp_path: Path, days: str) -> None:
    code, out, err = _cli(tmp_path / "data", Clock(), "calendar", "--days", days)
    assert code == 2
    assert out == ""
    assert "days" in err and "Traceback" not in err
    assert not list(tmp_path.glob("**/*.ics"))


def test_writing_a_file_says_where_and_how_to_open_it(
    course: Path, tmp_path: Path, local_zone: str
) -> None:
    target = tmp_path / "reminders.ics"
    code, out, err = _cli(course, Clock(), "calendar", "-o", str(target), "--days", "3")
    assert code == 0
    assert f"to {target}" in err and "calendar" in err
    assert _events(target.read_bytes())


def test_the_calendar_refuses_to_write_into_the_data_folder(course: Path) -> None:
    before = (course / "journal.json").read_bytes()
    code, _, err = _cli(course, Clock(), "calendar", "-o", str(course / "journal.json"))
    assert code == 2
    assert "data folder" in err
    assert (course / "journal.json").read_bytes() == before


@pytest.mark.parametrize(
    ("tz", "named"),
    [
        ("America/New_York", "America/New_York"),
        (":Europe/Berlin", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("EST5EDT,M3.2.0,M11.1.0", None),  # a POSIX rule names no zone
        ("../../../etc/passwd", None),
        ("/etc/passwd", None),
        ("America", None),  # a folder of zones, not a zone
        ("Mars/Olympus_Mons", None),
    ],
)
def test_the_command_line_names_this_computers_zone_when_it_has_a_name(
    course: Path, monkeypatch: pytest.MonkeyPatch, tz: str, named: str | None
) -> None:
    monkeypatch.setenv("TZ", tz)
    code, out, err = _cli(course, Clock(), "calendar", "-o", "-")

    assert (code, err) == (0, "")
    calendar = Calendar.from_ical(out)
    assert (str(calendar["X-WR-TIMEZONE"]) if "X-WR-TIMEZONE" in calendar else None) == named
    assert len(_events(out.encode())) > 0  # the events, in UTC, are there either way


def test_without_tz_the_zone_is_where_etc_localtime_links_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketacheck.usecases.reminders import system_zone_name

    monkeypatch.delenv("TZ", raising=False)
    linked = tmp_path / "localtime"
    linked.symlink_to("/usr/share/zoneinfo/Australia/Sydney")
    copied = tmp_path / "copied"
    copied.write_bytes(b"TZif")
    dangling = tmp_path / "dangling"
    dangling.symlink_to("/nowhere/zoneinfo/Not/AZone")

    assert system_zone_name(linked) == "Australia/Sydney"
    assert system_zone_name(copied) is None  # a copy says no name
    assert system_zone_name(dangling) is None
    assert system_zone_name(tmp_path / "missing") is None
