"""Course progress and fasting in ketacheck.core.course."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ketacheck.core.course import course_label, course_state, fasting_starts_at
from ketacheck.core.records import Infusion

FIRST = Infusion(
    "a", datetime(2026, 11, 2, 14, 0, tzinfo=UTC), datetime(2026, 11, 2, 14, 45, tzinfo=UTC)
)
SECOND = Infusion(
    "b", datetime(2026, 11, 5, 14, 0, tzinfo=UTC), datetime(2026, 11, 5, 14, 45, tzinfo=UTC)
)
THIRD = Infusion(
    "c", datetime(2026, 11, 9, 14, 0, tzinfo=UTC), datetime(2026, 11, 9, 15, 0, tzinfo=UTC)
)
COURSE = [THIRD, FIRST, SECOND]


def test_no_infusions_yet() -> None:
    state = course_state([], 6, datetime(2026, 11, 1, 9, 0, tzinfo=UTC))
    assert state.latest is None
    assert state.number == 0
    assert state.planned == 6
    assert state.hours_since is None
    assert state.integration_day is None
    assert state.in_progress is False


def test_only_future_infusions_counts_as_none_yet() -> None:
    state = course_state(COURSE, 8, datetime(2026, 11, 2, 13, 59, tzinfo=UTC))
    assert state.latest is None
    assert state.number == 0
    assert state.planned == 8


def test_infusion_in_progress() -> None:
    state = course_state(COURSE, 6, datetime(2026, 11, 2, 14, 15, tzinfo=UTC))
    assert state.latest is FIRST
    assert state.number == 1
    assert state.hours_since == pytest.approx(-0.5)
    assert state.in_progress is True
    assert state.integration_day is None


def test_infusion_that_has_just_started() -> None:
    state = course_state(COURSE, 6, datetime(2026, 11, 2, 14, 0, tzinfo=UTC))
    assert state.latest is FIRST
    assert state.hours_since == pytest.approx(-0.75)
    assert state.in_progress is True


def test_the_moment_an_infusion_ends() -> None:
    state = course_state(COURSE, 6, datetime(2026, 11, 2, 14, 45, tzinfo=UTC))
    assert state.hours_since == 0.0
    assert state.in_progress is False
    assert state.integration_day == 1


def test_second_of_six_whatever_the_list_order() -> None:
    state = course_state(COURSE, 6, datetime(2026, 11, 7, 2, 15, tzinfo=UTC))
    assert state.latest is SECOND
    assert state.number == 2
    assert state.planned == 6
    assert state.hours_since == pytest.approx(35.5)
    assert state.integration_day == 2


def test_third_infusion_of_the_course() -> None:
    state = course_state(COURSE, 6, datetime(2026, 11, 9, 18, 0, tzinfo=UTC))
    assert state.latest is THIRD
    assert state.number == 3
    assert state.hours_since == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("after_end", "day"),
    [
        (timedelta(0), 1),
        (timedelta(hours=23, minutes=59), 1),
        (timedelta(hours=24), 2),
        (timedelta(days=4, hours=12), 5),
        (timedelta(days=9), 10),
        (timedelta(days=9, hours=23, minutes=59), 10),
        (timedelta(days=10), None),
        (timedelta(days=40), None),
    ],
)
def test_integration_day_runs_one_to_ten(after_end: timedelta, day: int | None) -> None:
    state = course_state([FIRST], 6, FIRST.ended_at + after_end)
    assert state.integration_day == day
    assert state.latest is FIRST
    assert state.hours_since == pytest.approx(after_end / timedelta(hours=1))


def test_now_in_another_zone_is_the_same_moment() -> None:
    new_york = ZoneInfo("America/New_York")
    state = course_state(COURSE, 6, datetime(2026, 11, 2, 21, 45, tzinfo=new_york))
    assert state.hours_since == pytest.approx(12.0)
    assert state.number == 1


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        course_state(COURSE, 6, datetime(2026, 11, 7, 2, 15))


def test_fasting_starts_six_hours_before_the_appointment() -> None:
    appointment = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert fasting_starts_at(appointment) == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def test_fasting_before_an_early_appointment_starts_the_day_before() -> None:
    appointment = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)
    assert fasting_starts_at(appointment) == datetime(2026, 11, 26, 21, 30, tzinfo=UTC)


def test_fasting_is_returned_in_utc() -> None:
    appointment = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    starts = fasting_starts_at(appointment)
    assert starts == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert starts.utcoffset() == timedelta(0)


def test_fasting_across_spring_forward_is_six_real_hours() -> None:
    new_york = ZoneInfo("America/New_York")
    appointment = datetime(2026, 3, 8, 9, 0, tzinfo=new_york)
    starts = fasting_starts_at(appointment)
    assert starts == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    assert starts.astimezone(new_york).hour == 3


@pytest.mark.parametrize(
    ("hours", "starts"),
    [
        (6, datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
        (4.5, datetime(2026, 11, 27, 10, 30, tzinfo=UTC)),
        (0, datetime(2026, 11, 27, 15, 0, tzinfo=UTC)),
        (24, datetime(2026, 11, 26, 15, 0, tzinfo=UTC)),
    ],
)
def test_fasting_hours_come_from_the_setting(hours: float, starts: datetime) -> None:
    appointment = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert fasting_starts_at(appointment, hours) == starts


@pytest.mark.parametrize("hours", [-1, 24.5, float("nan")])
def test_fasting_hours_outside_a_day_are_refused(hours: float) -> None:
    with pytest.raises(ValueError):
        fasting_starts_at(datetime(2026, 11, 27, 15, 0, tzinfo=UTC), hours)


@pytest.mark.parametrize(
    ("number", "planned", "label"),
    [
        (1, 6, "Infusion 1 of 6"),
        (6, 6, "Infusion 6 of 6"),
        (7, 6, "Seventh infusion · course of 6 done"),
        (8, 6, "Eighth infusion · course of 6 done"),
        (12, 6, "Twelfth infusion · course of 6 done"),
        (13, 6, "13th infusion · course of 6 done"),
        (21, 6, "21st infusion · course of 6 done"),
        (22, 6, "22nd infusion · course of 6 done"),
        (111, 6, "111th infusion · course of 6 done"),
        (121, 6, "121st infusion · course of 6 done"),
        (123, 100, "123rd infusion · course of 100 done"),
    ],
)
def test_course_label_never_says_more_than_the_course(
    number: int, planned: int, label: str
) -> None:
    assert course_label(number, planned) == label
    assert course_label(number, planned, capital=False) == label[0].lower() + label[1:]
