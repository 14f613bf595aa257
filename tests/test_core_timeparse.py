"""Reading typed times and showing them, in ketacheck.core.timeparse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ketacheck.core.scales import ValidationError
from ketacheck.core.timeparse import (
    bare_clock_time,
    examples,
    format_clock,
    format_when,
    local_date,
    parse_when,
)

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
    "text", ["2026-11-22T19:10:01+00:00", "today 14:11", "2026-11-23T09:00", "tomorrow 9am"]
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
        'time: \'soon\' is not a time I understand; use "now", "2pm", "yesterday 9:30", '
        '"1 hour ago" or a date and time like 2026-11-21 14:05'
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


@pytest.mark.parametrize("text", ["today 02:30", "2:30am", "2026-03-08 02:30", "2026-03-08T02:30"])
def test_a_skipped_time_is_refused_with_the_time_it_became(text: str) -> None:
    sunday_noon = utc(2026, 3, 8, 16, 0)
    with pytest.raises(ValidationError) as caught:
        parse_when(text, sunday_noon, NEW_YORK, field="start")
    assert caught.value.field == "start"
    assert caught.value.problem == (
        "there is no 02:30 on Sun 8 Mar 2026 where you are: the clocks went forward an hour "
        "that night. Did you mean 03:30?"
    )


def test_a_skipped_time_is_refused_in_the_computers_zone(local_zone: str) -> None:
    with pytest.raises(ValidationError, match="Did you mean 03:30"):
        parse_when("today 02:30", utc(2026, 3, 8, 16, 0), None)


def test_the_edges_of_the_skipped_hour_are_fine() -> None:
    sunday_noon = utc(2026, 3, 8, 16, 0)
    assert parse_when("today 01:59", sunday_noon, NEW_YORK) == utc(2026, 3, 8, 6, 59)
    assert parse_when("today 03:00", sunday_noon, NEW_YORK) == utc(2026, 3, 8, 7, 0)
    with pytest.raises(ValidationError, match="no 02:00"):
        parse_when("today 02:00", sunday_noon, NEW_YORK)


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


def test_format_when_in_the_computers_zone(local_zone: str) -> None:
    assert format_when(NOW, None, now=NOW) == "Today 14:05"
    assert format_when(NOW - timedelta(days=1), None, now=NOW, sentence=True) == "yesterday 14:05"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2pm", utc(2026, 11, 22, 19, 0)),
        ("2 pm", utc(2026, 11, 22, 19, 0)),
        ("2PM", utc(2026, 11, 22, 19, 0)),
        ("2 p.m.", utc(2026, 11, 22, 19, 0)),
        ("2:00pm", utc(2026, 11, 22, 19, 0)),
        ("1:30pm", utc(2026, 11, 22, 18, 30)),
        ("1.30pm", utc(2026, 11, 22, 18, 30)),
        ("9am", utc(2026, 11, 22, 14, 0)),
        ("today 2pm", utc(2026, 11, 22, 19, 0)),
        ("today at 2pm", utc(2026, 11, 22, 19, 0)),
        ("at 2pm", utc(2026, 11, 22, 19, 0)),
        ("2pm today", utc(2026, 11, 22, 19, 0)),
        ("yesterday 9:30", utc(2026, 11, 21, 14, 30)),
        ("yesterday at 9:30", utc(2026, 11, 21, 14, 30)),
        ("9:30 yesterday", utc(2026, 11, 21, 14, 30)),
        ("yesterday 2pm", utc(2026, 11, 21, 19, 0)),
        ("yesterday 11:59 pm", utc(2026, 11, 22, 4, 59)),
        ("12am", utc(2026, 11, 22, 5, 0)),
        ("12:30am", utc(2026, 11, 22, 5, 30)),
        ("12pm", utc(2026, 11, 22, 17, 0)),
        ("12:59 pm", utc(2026, 11, 22, 17, 59)),
        ("  TODAY   2PM  ", utc(2026, 11, 22, 19, 0)),
        ("Yesterday\t9:30", utc(2026, 11, 21, 14, 30)),
        ("2\u00a0pm", utc(2026, 11, 22, 19, 0)),
    ],
)
def test_times_as_people_type_them(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, NEW_YORK) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 hour ago", utc(2026, 11, 22, 18, 5)),
        ("2 hours ago", utc(2026, 11, 22, 17, 5)),
        ("90 minutes ago", utc(2026, 11, 22, 17, 35)),
        ("half an hour ago", utc(2026, 11, 22, 18, 35)),
        ("an hour ago", utc(2026, 11, 22, 18, 5)),
        ("a minute ago", utc(2026, 11, 22, 19, 4)),
        ("30 min ago", utc(2026, 11, 22, 18, 35)),
        ("30 mins ago", utc(2026, 11, 22, 18, 35)),
        ("1h ago", utc(2026, 11, 22, 18, 5)),
        ("1.5 hours ago", utc(2026, 11, 22, 17, 35)),
        ("0 hours ago", NOW),
        ("0 minutes ago", NOW),
        ("2 days ago", utc(2026, 11, 20, 19, 5)),
        ("1 week ago", utc(2026, 11, 15, 19, 5)),
        ("  1 HOUR AGO ", utc(2026, 11, 22, 18, 5)),
    ],
)
def test_spans_ago(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, NEW_YORK) == expected


def test_spans_ago_keep_the_seconds_of_now_and_drop_the_microseconds() -> None:
    now = utc(2026, 11, 22, 19, 5, 37, 123_456)
    assert parse_when("1 hour ago", now, NEW_YORK) == utc(2026, 11, 22, 18, 5, 37)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow 2pm", utc(2026, 11, 23, 19, 0)),
        ("2pm tomorrow", utc(2026, 11, 23, 19, 0)),
        ("tomorrow at 9:30", utc(2026, 11, 23, 14, 30)),
        ("in 2 hours", utc(2026, 11, 22, 21, 5)),
        ("in 3 days", utc(2026, 11, 25, 19, 5)),
        ("in 1 week", utc(2026, 11, 29, 19, 5)),
        ("today 4:30pm", utc(2026, 11, 22, 21, 30)),
        ("3pm", utc(2026, 11, 22, 20, 0)),
    ],
)
def test_ahead_for_appointments(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, NEW_YORK, allow_future=True) == expected


@pytest.mark.parametrize("text", ["tomorrow 2pm", "in 2 hours", "in 3 days"])
def test_ahead_is_refused_where_only_the_past_makes_sense(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(text, NOW, NEW_YORK, field="start")
    assert caught.value.problem == f"{text!r} is in the future"


@pytest.mark.parametrize(
    ("text", "day_before"),
    [("3pm", "yesterday 3pm"), ("9:30 pm", "yesterday 9:30 pm"), ("23:00", "yesterday 23:00")],
)
def test_a_time_later_today_suggests_yesterday_and_picks_nothing(
    text: str, day_before: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(text, NOW, NEW_YORK, field="start")
    assert caught.value.problem == (
        f'{text!r} is later today; if you mean yesterday, type "{day_before}"'
    )
    assert parse_when(day_before, NOW, NEW_YORK) < NOW


def test_a_time_within_five_minutes_ahead_today_is_fine() -> None:
    assert parse_when("2:10pm", NOW, NEW_YORK) == utc(2026, 11, 22, 19, 10)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("13pm", "13 is not an hour on a 12-hour clock (they go from 1 to 12)"),
        ("0am", "0 is not an hour on a 12-hour clock (they go from 1 to 12)"),
        ("today 0:30 pm", "0 is not an hour on a 12-hour clock (they go from 1 to 12)"),
        ("12:60pm", "12:60 is not a time of day"),
        ("99:00", "99:00 is not a time of day"),
        ("today 9", '\'9\' needs minutes or am/pm, such as "9:00", "9am" or "9pm"'),
        ("14", "'14' needs minutes or am/pm, such as \"14:00\""),
        ("yesterday 2pm today", 'give the day once, e.g. "yesterday 2pm"'),
    ],
)
def test_clock_times_that_cannot_be_are_explained(text: str, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(text, NOW, NEW_YORK, field="start")
    assert caught.value.field == "start"
    assert caught.value.problem == problem


@pytest.mark.parametrize(
    "text",
    [
        "-1 hours ago",
        "1 hour",
        "hour ago",
        "2:5pm",
        "in -2 hours",
        "2 years ago",
        "ago",
        "noonish",
        "next tuesday",
        "2pm yesterday-ish",
        "1 hour ago ago",
    ],
)
def test_words_that_are_no_time_list_examples(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(text, NOW, NEW_YORK)
    assert caught.value.problem == (
        f'{text!r} is not a time I understand; use "now", "2pm", "yesterday 9:30", '
        '"1 hour ago" or a date and time like 2026-11-21 14:05'
    )


def test_the_appointment_examples_lie_ahead() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when("soon", NOW, NEW_YORK, allow_future=True)
    assert caught.value.problem == (
        '\'soon\' is not a time I understand; use "tomorrow 2pm", "today 16:30", '
        '"in 3 days" or a date and time like 2026-11-29 14:00'
    )


@pytest.mark.parametrize(
    "now", [NOW, utc(2026, 11, 23, 4, 59), utc(2026, 12, 31, 23, 0), utc(2027, 1, 1, 5, 30)]
)
def test_the_dated_example_is_always_accepted(now: datetime) -> None:
    past = examples(now, NEW_YORK).rsplit(" like ", 1)[1]
    ahead = examples(now, NEW_YORK, ahead=True).rsplit(" like ", 1)[1]
    assert parse_when(past, now, NEW_YORK) < now
    assert parse_when(ahead, now, NEW_YORK, allow_future=True) > now


@pytest.mark.parametrize(
    "text",
    ["99999999999 hours ago", "1000000 days ago", "9" * 400 + " minutes ago", "in 99999999 weeks"],
)
def test_huge_spans_are_outside_the_years(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(text, NOW, NEW_YORK, allow_future=True)
    assert "is outside the years 1900 to 2200" in caught.value.problem


def test_a_span_back_to_before_1900_is_outside_the_years() -> None:
    with pytest.raises(ValidationError, match="outside the years"):
        parse_when("100000 hours ago", utc(1905, 1, 1), NEW_YORK)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\uff12pm", utc(2026, 11, 22, 19, 0)),  # full-width 2
        ("\u0662pm", utc(2026, 11, 22, 19, 0)),  # Arabic-Indic 2
        ("\u0967 hour ago", utc(2026, 11, 22, 18, 5)),  # Devanagari 1
        ("yesterday \uff19:\uff13\uff10", utc(2026, 11, 21, 14, 30)),
        ("\uff12\uff10\uff12\uff16-11-22 09:30", utc(2026, 11, 22, 14, 30)),
        ("\uff34\uff4f\uff44\uff41\uff59 2pm", utc(2026, 11, 22, 19, 0)),  # full-width Today
    ],
)
def test_digits_of_any_script_read_as_digits(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, NEW_YORK) == expected


def test_errors_quote_what_was_typed_not_the_folded_text() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when("  Tea Time ", NOW, NEW_YORK)
    assert caught.value.problem.startswith("'Tea Time' is not a time I understand")


def test_just_after_local_midnight() -> None:
    ten_past_midnight = utc(2026, 11, 23, 5, 10)  # Monday 00:10 in New York
    assert parse_when("yesterday 9:30pm", ten_past_midnight, NEW_YORK) == utc(2026, 11, 23, 2, 30)
    assert parse_when("12am", ten_past_midnight, NEW_YORK) == utc(2026, 11, 23, 5, 0)
    assert parse_when("10 minutes ago", ten_past_midnight, NEW_YORK) == utc(2026, 11, 23, 5, 0)
    assert parse_when("tomorrow 9am", ten_past_midnight, NEW_YORK, allow_future=True) == utc(
        2026, 11, 24, 14, 0
    )
    with pytest.raises(ValidationError, match='type "yesterday 11pm"'):
        parse_when("11pm", ten_past_midnight, NEW_YORK)


def test_just_before_local_midnight() -> None:
    five_to_midnight = utc(2026, 11, 23, 4, 55)  # Sunday 23:55 in New York
    assert parse_when("11:50pm", five_to_midnight, NEW_YORK) == utc(2026, 11, 23, 4, 50)
    assert parse_when("12am", five_to_midnight, NEW_YORK) == utc(2026, 11, 22, 5, 0)
    assert parse_when("tomorrow 12am", five_to_midnight, NEW_YORK, allow_future=True) == utc(
        2026, 11, 23, 5, 0
    )


@pytest.mark.parametrize(
    "text", ["today 1:30am", "1:30 am", "2026-11-01 01:30", "2026-11-01T01:30"]
)
def test_the_repeated_hour_means_the_first_one_however_typed(text: str) -> None:
    sunday_noon = utc(2026, 11, 1, 17, 0)
    assert parse_when(text, sunday_noon, NEW_YORK) == utc(2026, 11, 1, 5, 30)


def test_an_offset_picks_the_second_pass_of_the_repeated_hour() -> None:
    sunday_noon = utc(2026, 11, 1, 17, 0)
    assert parse_when("2026-11-01T01:30-05:00", sunday_noon, NEW_YORK) == utc(2026, 11, 1, 6, 30)


def test_hours_ago_count_real_time_across_the_repeated_hour() -> None:
    second_pass = utc(2026, 11, 1, 6, 10)  # 01:10 EST, the second 01:10 of the night
    assert parse_when("1 hour ago", second_pass, NEW_YORK) == utc(2026, 11, 1, 5, 10)
    assert parse_when("2 hours ago", second_pass, NEW_YORK) == utc(2026, 11, 1, 4, 10)


def test_days_keep_the_wall_clock_across_a_change_and_hours_do_not() -> None:
    friday_noon = utc(2026, 10, 30, 16, 0)  # 12:00 EDT
    assert parse_when("in 3 days", friday_noon, NEW_YORK, allow_future=True) == utc(
        2026, 11, 2, 17, 0
    )
    assert parse_when("in 72 hours", friday_noon, NEW_YORK, allow_future=True) == utc(
        2026, 11, 2, 16, 0
    )
    monday_noon = utc(2026, 11, 2, 17, 0)  # 12:00 EST
    assert parse_when("3 days ago", monday_noon, NEW_YORK) == friday_noon


def test_a_day_ahead_into_the_skipped_hour_reads_as_the_time_it_became() -> None:
    saturday = utc(2026, 3, 7, 7, 30)  # 02:30 EST
    assert parse_when("in 1 day", saturday, NEW_YORK, allow_future=True) == utc(2026, 3, 8, 7, 30)


def test_the_skipped_hour_in_berlin() -> None:
    sunday_noon = utc(2026, 3, 29, 10, 0)
    with pytest.raises(ValidationError, match="no 02:15 on Sun 29 Mar 2026.*Did you mean 03:15"):
        parse_when("2:15am", sunday_noon, BERLIN)


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("2pm", True),
        ("14:00", True),
        (" 9:30 AM ", True),
        ("at 2pm", True),
        ("today 2pm", False),
        ("2pm yesterday", False),
        ("1 hour ago", False),
        ("now", False),
        ("2026-11-22 14:00", False),
    ],
)
def test_bare_clock_time(text: str, bare: bool) -> None:
    assert bare_clock_time(text) is bare


def test_a_long_entry_is_quoted_short() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when("x" * 500, NOW, NEW_YORK)
    assert caught.value.problem.startswith(f"'{'x' * 39}…' is not a time I understand")
