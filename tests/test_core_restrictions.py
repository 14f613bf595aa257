"""Restriction defaults, overrides and countdown maths in ketacheck.core.restrictions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ketacheck.core.restrictions import (
    DEFAULT_HOURS,
    DEFAULT_RESTRICTIONS,
    Restriction,
    configured_restrictions,
    next_lift,
    restriction_status,
    restriction_statuses,
)

ENDED = datetime(2026, 11, 20, 14, 45, tzinfo=UTC)
DRIVING = Restriction("driving", "Driving", 24, "Reactions stay slow for a day.")
ALCOHOL = Restriction("alcohol", "Alcohol", 48, "Adds to the after-effects.")
NEW_YORK = ZoneInfo("America/New_York")


def test_defaults_match_the_guidance() -> None:
    assert DEFAULT_HOURS == {
        "driving": 24,
        "machinery": 24,
        "decisions": 24,
        "vigorous_activity": 24,
        "alcohol": 48,
        "sedatives": 24,
        "pain_medication": 24,
        "recreational_drugs": 24,
        "life_changes": 240,
    }
    assert [r.id for r in DEFAULT_RESTRICTIONS] == list(DEFAULT_HOURS)


def test_every_default_has_a_label_and_a_reason() -> None:
    for restriction in DEFAULT_RESTRICTIONS:
        assert restriction.label.strip()
        assert restriction.why.strip().endswith(".")


def test_no_overrides_gives_the_defaults() -> None:
    configured = configured_restrictions({})
    assert [(r.id, r.hours) for r in configured] == list(DEFAULT_HOURS.items())


def test_overrides_replace_only_their_own_hours() -> None:
    configured = {r.id: r.hours for r in configured_restrictions({"driving": 12, "alcohol": 72.5})}
    assert configured == {**DEFAULT_HOURS, "driving": 12.0, "alcohol": 72.5}


def test_overrides_keep_order_labels_and_reasons() -> None:
    configured = configured_restrictions({"life_changes": 0})
    assert [r.id for r in configured] == [r.id for r in DEFAULT_RESTRICTIONS]
    assert [r.label for r in configured] == [r.label for r in DEFAULT_RESTRICTIONS]
    assert [r.why for r in configured] == [r.why for r in DEFAULT_RESTRICTIONS]
    assert configured[-1].hours == 0.0


def test_unknown_override_is_ignored() -> None:
    configured = configured_restrictions({"skydiving": 5})
    assert {r.id: r.hours for r in configured} == DEFAULT_HOURS


def test_lifts_at_is_ended_at_plus_hours() -> None:
    now = ENDED + timedelta(hours=1)
    assert restriction_status(DRIVING, ENDED, now).lifts_at == datetime(
        2026, 11, 21, 14, 45, tzinfo=UTC
    )
    assert restriction_status(ALCOHOL, ENDED, now).lifts_at == datetime(
        2026, 11, 22, 14, 45, tzinfo=UTC
    )
    half_day = Restriction("driving", "Driving", 12.5, "Custom.")
    assert restriction_status(half_day, ENDED, now).lifts_at == datetime(
        2026, 11, 21, 3, 15, tzinfo=UTC
    )


def test_a_quarter_of_the_way_through() -> None:
    status = restriction_status(DRIVING, ENDED, ENDED + timedelta(hours=6))
    assert status.active is True
    assert status.remaining == timedelta(hours=18)
    assert status.remaining_seconds == 64_800
    assert status.progress == pytest.approx(0.25)


def test_halfway_through_the_alcohol_restriction() -> None:
    status = restriction_status(ALCOHOL, ENDED, datetime(2026, 11, 21, 14, 45, tzinfo=UTC))
    assert status.remaining == timedelta(hours=24)
    assert status.remaining_seconds == 86_400
    assert status.progress == pytest.approx(0.5)


def test_right_as_the_infusion_ends() -> None:
    status = restriction_status(DRIVING, ENDED, ENDED)
    assert status.active is True
    assert status.remaining_seconds == 86_400
    assert status.progress == 0.0


def test_while_the_infusion_is_still_running() -> None:
    status = restriction_status(DRIVING, ENDED, ENDED - timedelta(minutes=10))
    assert status.active is True
    assert status.remaining == timedelta(hours=24, minutes=10)
    assert status.remaining_seconds == 87_000
    assert status.progress == 0.0


@pytest.mark.parametrize(
    ("before_lift", "seconds"),
    [
        (timedelta(microseconds=1), 1),
        (timedelta(milliseconds=500), 1),
        (timedelta(seconds=1), 1),
        (timedelta(seconds=1, milliseconds=250), 2),
        (timedelta(minutes=1, microseconds=1), 61),
    ],
)
def test_remaining_seconds_round_up_while_active(before_lift: timedelta, seconds: int) -> None:
    lifts = datetime(2026, 11, 21, 14, 45, tzinfo=UTC)
    status = restriction_status(DRIVING, ENDED, lifts - before_lift)
    assert status.active is True
    assert status.remaining_seconds == seconds


@pytest.mark.parametrize(
    "after_lift", [timedelta(0), timedelta(microseconds=1), timedelta(hours=1), timedelta(days=30)]
)
def test_lifted_once_the_time_has_passed(after_lift: timedelta) -> None:
    lifts = datetime(2026, 11, 21, 14, 45, tzinfo=UTC)
    status = restriction_status(DRIVING, ENDED, lifts + after_lift)
    assert status.active is False
    assert status.remaining == timedelta(0)
    assert status.remaining_seconds == 0
    assert status.progress == 1.0
    assert status.lifts_at == lifts


def test_zero_hour_restriction_is_lifted_at_once() -> None:
    none_at_all = Restriction("driving", "Driving", 0, "Clinic says no wait.")
    status = restriction_status(none_at_all, ENDED, ENDED - timedelta(minutes=5))
    assert status.lifts_at == ENDED
    assert status.remaining == timedelta(minutes=5)
    status = restriction_status(none_at_all, ENDED, ENDED)
    assert status.active is False
    assert status.remaining_seconds == 0
    assert status.progress == 1.0


def test_status_is_in_utc_whatever_zone_it_is_given_in() -> None:
    ended_local = datetime(2026, 11, 20, 9, 45, tzinfo=NEW_YORK)
    now_local = datetime(2026, 11, 20, 15, 45, tzinfo=NEW_YORK)
    status = restriction_status(DRIVING, ended_local, now_local)
    assert status.lifts_at == datetime(2026, 11, 21, 14, 45, tzinfo=UTC)
    assert status.lifts_at.utcoffset() == timedelta(0)
    assert status.remaining == timedelta(hours=18)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        restriction_status(DRIVING, datetime(2026, 11, 20, 14, 45), ENDED)
    with pytest.raises(ValueError):
        restriction_status(DRIVING, ENDED, datetime(2026, 11, 20, 20, 45))


def test_statuses_keep_order_and_next_lift() -> None:
    restrictions = configured_restrictions({})
    statuses = restriction_statuses(restrictions, ENDED, ENDED + timedelta(hours=30))
    assert [s.restriction.id for s in statuses] == list(DEFAULT_HOURS)
    active = {s.restriction.id for s in statuses if s.active}
    assert active == {"alcohol", "life_changes"}
    assert next_lift(statuses) == datetime(2026, 11, 22, 14, 45, tzinfo=UTC)


def test_next_lift_is_the_soonest_active_one() -> None:
    statuses = restriction_statuses((ALCOHOL, DRIVING), ENDED, ENDED + timedelta(hours=1))
    assert next_lift(statuses) == datetime(2026, 11, 21, 14, 45, tzinfo=UTC)


def test_next_lift_is_none_once_everything_has_lifted() -> None:
    statuses = restriction_statuses(configured_restrictions({}), ENDED, ENDED + timedelta(days=10))
    assert not any(s.active for s in statuses)
    assert next_lift(statuses) is None
    assert next_lift([]) is None


def test_life_changes_last_ten_days() -> None:
    life = next(r for r in DEFAULT_RESTRICTIONS if r.id == "life_changes")
    nine_days = restriction_status(life, ENDED, ENDED + timedelta(days=9))
    assert nine_days.active is True
    assert nine_days.remaining_seconds == 86_400
    assert nine_days.progress == pytest.approx(0.9)
    assert restriction_status(life, ENDED, ENDED + timedelta(days=10)).active is False


def test_fall_back_new_york_lifts_at_2330_the_same_day() -> None:
    ended = datetime(2026, 11, 1, 0, 30, tzinfo=NEW_YORK)
    status = restriction_status(DRIVING, ended, ended)
    assert status.lifts_at == datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
    local = status.lifts_at.astimezone(NEW_YORK)
    assert (local.date(), local.hour, local.minute) == (datetime(2026, 11, 1).date(), 23, 30)
    assert local.utcoffset() == timedelta(hours=-5)


def test_fall_back_countdown_is_24_real_hours() -> None:
    ended = datetime(2026, 11, 1, 0, 30, tzinfo=NEW_YORK)
    just_before = datetime(2026, 11, 1, 23, 29, tzinfo=NEW_YORK)
    status = restriction_status(DRIVING, ended, just_before)
    assert status.active is True
    assert status.remaining_seconds == 60
    at_lift = datetime(2026, 11, 1, 23, 30, tzinfo=NEW_YORK)
    assert restriction_status(DRIVING, ended, at_lift).active is False


def test_spring_forward_new_york_lifts_at_0130_the_next_day() -> None:
    ended = datetime(2026, 3, 8, 0, 30, tzinfo=NEW_YORK)
    status = restriction_status(DRIVING, ended, ended)
    assert status.lifts_at == datetime(2026, 3, 9, 5, 30, tzinfo=UTC)
    local = status.lifts_at.astimezone(NEW_YORK)
    assert (local.month, local.day, local.hour, local.minute) == (3, 9, 1, 30)
    assert local.utcoffset() == timedelta(hours=-4)


def test_spring_forward_alcohol_in_new_york() -> None:
    ended = datetime(2026, 3, 7, 20, 0, tzinfo=NEW_YORK)
    status = restriction_status(ALCOHOL, ended, ended)
    local = status.lifts_at.astimezone(NEW_YORK)
    assert status.lifts_at == datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
    assert (local.month, local.day, local.hour) == (3, 9, 21)


def test_fall_back_berlin_lifts_at_2330_the_same_day() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    ended = datetime(2026, 10, 25, 0, 30, tzinfo=berlin)
    status = restriction_status(DRIVING, ended, ended)
    assert status.lifts_at == datetime(2026, 10, 25, 22, 30, tzinfo=UTC)
    local = status.lifts_at.astimezone(berlin)
    assert (local.month, local.day, local.hour, local.minute) == (10, 25, 23, 30)
    assert local.utcoffset() == timedelta(hours=1)


def test_spring_forward_sydney_lifts_at_0130_the_next_day() -> None:
    sydney = ZoneInfo("Australia/Sydney")
    ended = datetime(2026, 10, 4, 0, 30, tzinfo=sydney)
    status = restriction_status(DRIVING, ended, ended)
    assert status.lifts_at == datetime(2026, 10, 4, 14, 30, tzinfo=UTC)
    local = status.lifts_at.astimezone(sydney)
    assert (local.month, local.day, local.hour, local.minute) == (10, 5, 1, 30)
    assert local.utcoffset() == timedelta(hours=11)


def test_fall_back_sydney_lifts_at_2330_the_same_day() -> None:
    sydney = ZoneInfo("Australia/Sydney")
    ended = datetime(2026, 4, 5, 0, 30, tzinfo=sydney)
    status = restriction_status(DRIVING, ended, ended)
    assert status.lifts_at == datetime(2026, 4, 5, 13, 30, tzinfo=UTC)
    local = status.lifts_at.astimezone(sydney)
    assert (local.month, local.day, local.hour, local.minute) == (4, 5, 23, 30)
