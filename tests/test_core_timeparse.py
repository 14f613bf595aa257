"""Reading typed times and showing them, in ketacheck.core.timeparse."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from ketacheck.core.scales import ValidationError
from ketacheck.core.timeparse import format_clock, format_day_time, local_date, parse_when

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
#: Sunday 22 November 2026, 14:05 in New York (EST, UTC-5).
NOW = datetime(2026, 11, 22, 19, 5, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize("text", ["now", "NOW", "  Now  "])
def test_now(text: str) -> None:
    assert parse_when(text, NOW, NEW_YORK) == NOW


def test_now_drops_microseconds() -> None:
    assert parse_when("now", utc(2026, 11, 22, 19, 5, 7, 654_321), NEW_YORK) == utc(
        2026, 11, 22, 19, 5, 7
    )


def test_now_given_in_another_zone_comes_back_in_utc() -> None:
    result = parse_when("now", datetime(2026, 11, 22, 14, 5, tzinfo=NEW_YORK), NEW_YORK)
    assert result == NOW
    assert result.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today 09:30", utc(2026, 11, 22, 14, 30)),
        ("Today 9:30", utc(2026, 11, 22, 14, 30)),
        ("09:30", utc(2026, 11, 22, 14, 30)),
        ("today 00:00", utc(2026, 11, 22, 5, 0)),
        ("today 14:10", utc(2026, 11, 22, 19, 10)),
        ("yesterday 14:00", utc(2026, 11, 21, 19, 0)),
        ("YESTERDAY 23:59", utc(2026, 11, 22, 4, 59)),
        ("9:30 am", utc(2026, 11, 22, 14, 30)),
        ("1:30 pm", utc(2026, 11, 22, 18, 30)),
        ("1:30PM", utc(2026, 11, 22, 18, 30)),
        ("12:15 am", utc(2026, 11, 22, 5, 15)),
        ("12:15 pm", utc(2026, 11, 22, 17, 15)),
        ("yesterday 9:30 pm", utc(2026, 11, 22, 2, 30)),
    ],
)
def test_relative_times_in_new_york(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, NEW_YORK) == expected


def test_today_is_the_local_day_not_the_utc_day() -> None:
    late_evening = utc(2026, 11, 22, 3, 0)
    assert parse_when("today 09:30", late_evening, NEW_YORK) == utc(2026, 11, 21, 14, 30)
    assert parse_when("yesterday 23:00", late_evening, NEW_YORK) == utc(2026, 11, 21, 4, 0)
    assert local_date(late_evening, NEW_YORK) == datetime(2026, 11, 21).date()


def test_the_same_words_in_berlin() -> None:
    assert parse_when("today 09:30", NOW, BERLIN) == utc(2026, 11, 22, 8, 30)
    assert parse_when("yesterday 14:00", NOW, BERLIN) == utc(2026, 11, 21, 13, 0)


def test_relative_times_use_the_computers_zone_when_none_given(local_zone: str) -> None:
    assert parse_when("today 09:30", NOW, None) == utc(2026, 11, 22, 14, 30)
    assert parse_when("yesterday 14:00", NOW, None) == utc(2026, 11, 21, 19, 0)
    assert parse_when("9:30 am", NOW, None) == utc(2026, 11, 22, 14, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-22T10:00:00+01:00", utc(2026, 11, 22, 9, 0)),
        ("2026-11-22T10:00:00-05:00", utc(2026, 11, 22, 15, 0)),
        ("2026-11-22T10:00Z", utc(2026, 11, 22, 10, 0)),
        ("2026-11-21T23:30:15+00:00", utc(2026, 11, 21, 23, 30, 15)),
    ],
)
def test_iso_with_offset_is_taken_as_given(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, NEW_YORK) == expected
    assert parse_when(text, NOW, BERLIN) == expected


def test_iso_without_offset_is_local_time() -> None:
    assert parse_when("2026-11-22T10:00", NOW, NEW_YORK) == utc(2026, 11, 22, 15, 0)
    assert parse_when("2026-11-22 10:00:00", NOW, NEW_YORK) == utc(2026, 11, 22, 15, 0)
    assert parse_when("2026-11-22T10:00", NOW, BERLIN) == utc(2026, 11, 22, 9, 0)
    assert parse_when("2026-07-01T10:00", NOW, NEW_YORK) == utc(2026, 7, 1, 14, 0)


def test_iso_without_offset_uses_the_computers_zone(local_zone: str) -> None:
    assert parse_when("2026-11-22T10:00", NOW, None) == utc(2026, 11, 22, 15, 0)
    assert parse_when("2026-07-01T10:00", NOW, None) == utc(2026, 7, 1, 14, 0)


def test_up_to_five_minutes_ahead_is_allowed() -> None:
    assert parse_when("2026-11-22T19:10:00+00:00", NOW, NEW_YORK) == utc(2026, 11, 22, 19, 10)
    assert parse_when("today 14:10", NOW, NEW_YORK) == utc(2026, 11, 22, 19, 10)


@pytest.mark.parametrize(
    "text", ["2026-11-22T19:10:01+00:00", "today 14:11", "9:30 pm", "2026-11-23T09:00"]
)
def test_more_than_five_minutes_ahead_is_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(text, NOW, NEW_YORK, field="--at")
    assert caught.value.field == "--at"
    assert caught.value.problem == f"{text!r} is in the future"


def test_future_is_allowed_for_appointments() -> None:
    result = parse_when("2026-12-01T09:00", NOW, NEW_YORK, allow_future=True)
    assert result == utc(2026, 12, 1, 14, 0)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_is_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(text, NOW, NEW_YORK)
    assert caught.value.field == "time"
    assert caught.value.problem.startswith("is empty; ")


@pytest.mark.parametrize(
    "text",
    ["tomorrow-ish", "yesterday at noon", "25:00", "9:60", "13:30 pm", "0:30 am", "2026-13-01"],
)
def test_garbage_is_rejected_naming_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(text, NOW, NEW_YORK, field="started_at")
    assert caught.value.field == "started_at"
    assert caught.value.problem


def test_garbage_message_shows_the_forms_that_work() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when("soon", NOW, NEW_YORK)
    assert str(caught.value) == (
        'time: \'soon\' is not a time I understand; use "now", "today 09:30", '
        '"yesterday 14:00" or a date like 2026-11-22T14:05'
    )


def test_yesterday_across_the_autumn_change_in_new_york() -> None:
    monday_morning = utc(2026, 11, 2, 12, 0)
    assert parse_when("yesterday 00:30", monday_morning, NEW_YORK) == utc(2026, 11, 1, 4, 30)
    assert parse_when("yesterday 14:00", monday_morning, NEW_YORK) == utc(2026, 11, 1, 19, 0)
    assert parse_when("today 06:00", monday_morning, NEW_YORK) == utc(2026, 11, 2, 11, 0)


def test_repeated_hour_means_the_first_one() -> None:
    sunday_noon = utc(2026, 11, 1, 17, 0)
    assert parse_when("today 01:30", sunday_noon, NEW_YORK) == utc(2026, 11, 1, 5, 30)


def test_autumn_change_with_the_computers_zone(local_zone: str) -> None:
    monday_morning = utc(2026, 11, 2, 12, 0)
    assert parse_when("yesterday 00:30", monday_morning, None) == utc(2026, 11, 1, 4, 30)
    assert parse_when("yesterday 14:00", monday_morning, None) == utc(2026, 11, 1, 19, 0)
    assert parse_when("yesterday 01:30", monday_morning, None) == utc(2026, 11, 1, 5, 30)


def test_spring_change_in_new_york() -> None:
    sunday_noon = utc(2026, 3, 8, 16, 0)
    assert parse_when("today 01:30", sunday_noon, NEW_YORK) == utc(2026, 3, 8, 6, 30)
    assert parse_when("today 03:30", sunday_noon, NEW_YORK) == utc(2026, 3, 8, 7, 30)
    assert parse_when("yesterday 22:00", sunday_noon, NEW_YORK) == utc(2026, 3, 8, 3, 0)


def test_spring_change_with_the_computers_zone(local_zone: str) -> None:
    sunday_noon = utc(2026, 3, 8, 16, 0)
    assert parse_when("today 01:30", sunday_noon, None) == utc(2026, 3, 8, 6, 30)
    assert parse_when("today 03:30", sunday_noon, None) == utc(2026, 3, 8, 7, 30)


def test_skipped_hour_reads_with_the_offset_before_the_change() -> None:
    sunday_noon = utc(2026, 3, 8, 16, 0)
    assert parse_when("today 02:30", sunday_noon, NEW_YORK) == utc(2026, 3, 8, 7, 30)


def test_autumn_change_in_berlin() -> None:
    sunday_noon = utc(2026, 10, 25, 11, 0)
    assert parse_when("today 01:00", sunday_noon, BERLIN) == utc(2026, 10, 24, 23, 0)
    assert parse_when("today 09:00", sunday_noon, BERLIN) == utc(2026, 10, 25, 8, 0)


@pytest.mark.parametrize(
    ("moment", "h24", "h12"),
    [
        (utc(2026, 11, 22, 19, 5), "14:05", "2:05 PM"),
        (utc(2026, 11, 22, 5, 5), "00:05", "12:05 AM"),
        (utc(2026, 11, 22, 17, 0), "12:00", "12:00 PM"),
        (utc(2026, 11, 22, 14, 30), "09:30", "9:30 AM"),
        (utc(2026, 11, 23, 4, 59), "23:59", "11:59 PM"),
    ],
)
def test_format_clock(moment: datetime, h24: str, h12: str) -> None:
    assert format_clock(moment, NEW_YORK) == h24
    assert format_clock(moment, NEW_YORK, clock_24h=True) == h24
    assert format_clock(moment, NEW_YORK, clock_24h=False) == h12


def test_format_clock_follows_daylight_saving() -> None:
    assert format_clock(utc(2026, 7, 1, 18, 0), NEW_YORK) == "14:00"
    assert format_clock(utc(2026, 12, 1, 18, 0), NEW_YORK) == "13:00"
    assert format_clock(utc(2026, 11, 1, 5, 30), NEW_YORK) == "01:30"
    assert format_clock(utc(2026, 11, 1, 6, 30), NEW_YORK) == "01:30"


def test_format_clock_in_the_computers_zone(local_zone: str) -> None:
    assert format_clock(NOW, None) == "14:05"
    assert format_clock(NOW, None, clock_24h=False) == "2:05 PM"


def test_format_day_time_within_the_week() -> None:
    assert format_day_time(NOW, NEW_YORK) == "Sun 14:05"
    assert format_day_time(NOW, NEW_YORK, clock_24h=False) == "Sun 2:05 PM"
    assert format_day_time(utc(2026, 11, 17, 14, 30), NEW_YORK, now=NOW) == "Tue 09:30"
    assert format_day_time(utc(2026, 11, 16, 19, 5), NEW_YORK, now=NOW) == "Mon 14:05"


def test_format_day_time_uses_the_local_day() -> None:
    assert format_day_time(utc(2026, 11, 22, 3, 0), NEW_YORK, now=NOW) == "Sat 22:00"


def test_format_day_time_adds_the_date_beyond_six_days() -> None:
    long_ago = utc(2026, 11, 16, 19, 4)
    assert format_day_time(long_ago, NEW_YORK, now=NOW) == "Mon 16 Nov 14:04"
    ahead = utc(2026, 12, 1, 14, 0)
    assert format_day_time(ahead, NEW_YORK, clock_24h=False, now=NOW) == "Tue 01 Dec 9:00 AM"


def test_format_day_time_in_the_computers_zone(local_zone: str) -> None:
    assert format_day_time(NOW, None, now=NOW) == "Sun 14:05"
