"""The one way ketacheck shows a moment: format_when, format_full and format_date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from ketacheck.core.timeparse import format_date, format_full, format_when

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
#: Wednesday 25 November 2026, 21:08 in New York (EST, UTC-5).
NOW = datetime(2026, 11, 26, 2, 8, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def when(moment: datetime, now: datetime = NOW, **options: bool) -> str:
    return format_when(moment, NEW_YORK, now=now, **options)


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (NOW, "Today 21:08"),
        (utc(2026, 11, 25, 5, 0), "Today 00:00"),  # local midnight starts today
        (utc(2026, 11, 25, 4, 59), "Yesterday 23:59"),
        (utc(2026, 11, 24, 6, 38), "Yesterday 01:38"),
        (utc(2026, 11, 24, 4, 59), "Mon 23:59"),
        (utc(2026, 11, 19, 5, 0), "Thu 00:00"),  # six days back: still a weekday
        (utc(2026, 11, 19, 4, 59), "Wed 18 Nov 23:59"),  # seven: the date, never "Wed"
        (utc(2026, 11, 26, 19, 0), "Tomorrow 14:00"),
        (utc(2026, 11, 27, 4, 59), "Tomorrow 23:59"),
        (utc(2026, 11, 27, 5, 0), "Fri 00:00"),
        (utc(2026, 12, 2, 4, 59), "Tue 23:59"),  # six days ahead
        (utc(2026, 12, 2, 19, 0), "Wed 2 Dec 14:00"),  # a week ahead: the date
        (utc(2025, 11, 25, 19, 0), "Tue 25 Nov 2025 14:00"),  # another year: with it
        (utc(2027, 1, 4, 19, 0), "Mon 4 Jan 2027 14:00"),
    ],
)
def test_the_rule(moment: datetime, shown: str) -> None:
    assert when(moment) == shown


def test_the_two_rows_of_the_issue_now_read_alike() -> None:
    wednesday_night = utc(2026, 11, 26, 2, 8)  # Wed 25 Nov 21:08
    wednesday_early = utc(2026, 11, 25, 6, 38)  # Wed 25 Nov 01:38
    thursday = utc(2026, 11, 26, 15, 0)
    assert when(wednesday_night, thursday) == "Yesterday 21:08"
    assert when(wednesday_early, thursday) == "Yesterday 01:38"
    next_tuesday = utc(2026, 12, 1, 15, 0)
    assert when(wednesday_night, next_tuesday) == "Wed 21:08"
    assert when(wednesday_early, next_tuesday) == "Wed 01:38"


def test_the_twelve_hour_clock() -> None:
    assert when(NOW, clock_24h=False) == "Today 9:08 PM"
    assert when(utc(2026, 11, 25, 5, 0), clock_24h=False) == "Today 12:00 AM"
    assert when(utc(2026, 11, 25, 17, 0), clock_24h=False) == "Today 12:00 PM"
    assert when(utc(2026, 12, 2, 19, 0), clock_24h=False) == "Wed 2 Dec 2:00 PM"


def test_in_a_sentence_the_day_words_are_lower_case() -> None:
    assert when(NOW, sentence=True) == "today 21:08"
    assert when(utc(2026, 11, 24, 6, 38), sentence=True) == "yesterday 01:38"
    assert when(utc(2026, 11, 26, 19, 0), sentence=True) == "tomorrow 14:00"
    assert when(utc(2026, 11, 27, 19, 0), sentence=True) == "Fri 14:00"


def test_days_are_the_patients_not_utcs() -> None:
    # 21:08 in New York is already Thursday 11:08 in Tokyo.
    assert format_when(NOW, TOKYO, now=NOW) == "Today 11:08"
    assert format_when(utc(2026, 11, 25, 14, 0), TOKYO, now=NOW) == "Yesterday 23:00"
    assert format_when(utc(2026, 11, 25, 15, 0), TOKYO, now=NOW) == "Today 00:00"


def test_across_the_autumn_change() -> None:
    monday_morning = utc(2026, 11, 2, 12, 0)  # 07:00 EST
    assert when(utc(2026, 11, 1, 5, 30), monday_morning) == "Yesterday 01:30"  # EDT
    assert when(utc(2026, 11, 1, 6, 30), monday_morning) == "Yesterday 01:30"  # EST
    assert when(utc(2026, 11, 1, 4, 0), monday_morning) == "Yesterday 00:00"
    assert when(utc(2026, 11, 1, 3, 59), monday_morning) == "Sat 23:59"
    assert when(utc(2026, 11, 2, 5, 0), monday_morning) == "Today 00:00"
    # Six calendar days back are 6 x 24 + 1 hours back across the change.
    assert when(utc(2026, 10, 27, 4, 0), monday_morning) == "Tue 00:00"
    assert when(utc(2026, 10, 27, 3, 59), monday_morning) == "Mon 26 Oct 23:59"


def test_across_the_spring_change() -> None:
    sunday_noon = utc(2026, 3, 8, 16, 0)  # 12:00 EDT
    assert when(utc(2026, 3, 8, 6, 59), sunday_noon) == "Today 01:59"  # EST
    assert when(utc(2026, 3, 8, 7, 0), sunday_noon) == "Today 03:00"  # EDT
    assert when(utc(2026, 3, 8, 4, 59), sunday_noon) == "Yesterday 23:59"
    assert when(utc(2026, 3, 9, 4, 0), sunday_noon) == "Tomorrow 00:00"
    assert when(utc(2026, 3, 9, 3, 59), sunday_noon) == "Today 23:59"


def test_around_new_year() -> None:
    new_years_day = utc(2027, 1, 1, 15, 0)
    assert when(utc(2026, 12, 31, 19, 0), new_years_day) == "Yesterday 14:00"
    assert when(utc(2026, 12, 28, 19, 0), new_years_day) == "Mon 14:00"
    assert when(utc(2026, 12, 20, 19, 0), new_years_day) == "Sun 20 Dec 2026 14:00"


def test_the_computers_zone(local_zone: str) -> None:
    assert format_when(NOW, None, now=NOW) == "Today 21:08"
    assert format_when(utc(2026, 11, 24, 6, 38), None, now=NOW) == "Yesterday 01:38"


def test_format_full_names_the_day_beyond_doubt() -> None:
    assert format_full(NOW, NEW_YORK) == "Wed 25 Nov 2026 at 21:08"
    assert format_full(NOW, NEW_YORK, clock_24h=False) == "Wed 25 Nov 2026 at 9:08 PM"
    assert format_full(utc(2026, 11, 1, 5, 30), NEW_YORK) == "Sun 1 Nov 2026 at 01:30"
    assert format_full(NOW, TOKYO) == "Thu 26 Nov 2026 at 11:08"


def test_format_date() -> None:
    assert format_date(date(2026, 11, 25)) == "Wed 25 Nov 2026"
    assert format_date(date(2026, 11, 25), date(2026, 1, 1)) == "Wed 25 Nov"
    assert format_date(date(2026, 11, 25), date(2027, 1, 1)) == "Wed 25 Nov 2026"
