"""Alcohol and recreational drugs: a finished timer never reads as permission.

GUIDANCE.md, Added facts: alcohol "never drink after; maybe after 48 h, and always check
with your doctor" (000); recreational drugs: avoid (000, 001), no end point given. When
their timers run out the app says the time has passed and to check with the care team.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.app import App, ComposeResult

from ketacheck.core.restrictions import (
    ASK_FIRST_WORDING,
    DEFAULT_RESTRICTIONS,
    LIFTED_WORDING,
    Restriction,
    configured_restrictions,
    finished_mark,
    finished_wording,
    restriction_status,
)
from ketacheck.tui.widgets.countdown import RestrictionTable

ENDED = datetime(2026, 11, 20, 14, 45, tzinfo=UTC)
ASK_FIRST_IDS = {"alcohol", "recreational_drugs"}


def _default(restriction_id: str) -> Restriction:
    return next(r for r in DEFAULT_RESTRICTIONS if r.id == restriction_id)


def test_only_alcohol_and_recreational_drugs_ask_first() -> None:
    assert {r.id for r in DEFAULT_RESTRICTIONS if r.ask_first} == ASK_FIRST_IDS


def test_ask_first_is_off_unless_set() -> None:
    assert Restriction("driving", "Driving", 24, "Slow reactions.").ask_first is False


@pytest.mark.parametrize("overrides", [{}, {"alcohol": 72, "recreational_drugs": 0}])
def test_the_users_own_hours_keep_ask_first(overrides: dict[str, float]) -> None:
    configured = configured_restrictions(overrides)
    assert {r.id for r in configured if r.ask_first} == ASK_FIRST_IDS
    assert [r.ask_first for r in configured] == [r.ask_first for r in DEFAULT_RESTRICTIONS]


@pytest.mark.parametrize("restriction_id", sorted(ASK_FIRST_IDS))
def test_a_finished_ask_first_timer_says_check_with_the_care_team(restriction_id: str) -> None:
    restriction = _default(restriction_id)
    wording = finished_wording(restriction)
    assert wording == ASK_FIRST_WORDING == "time has passed: check with your care team first"
    assert "lifted" not in wording
    assert finished_mark(restriction) != "✓"


@pytest.mark.parametrize(
    "restriction_id", [r.id for r in DEFAULT_RESTRICTIONS if r.id not in ASK_FIRST_IDS]
)
def test_other_finished_timers_say_lifted(restriction_id: str) -> None:
    restriction = _default(restriction_id)
    assert finished_wording(restriction) == LIFTED_WORDING == "lifted"
    assert finished_mark(restriction) == "✓"


def test_the_wording_follows_the_restriction_not_its_name() -> None:
    own = Restriction("alcohol", "Alcohol", 48, "Ask first.", ask_first=False)
    assert finished_wording(own) == "lifted"
    strict = Restriction("driving", "Driving", 24, "Ask first.", ask_first=True)
    assert finished_wording(strict) == ASK_FIRST_WORDING


# The Home row


class _Row(App[None]):
    def __init__(self, restriction: Restriction) -> None:
        super().__init__()
        self.restriction = restriction

    def compose(self) -> ComposeResult:
        yield RestrictionTable([self.restriction])


async def _row_text(
    restriction: Restriction, after_end: timedelta, width: int
) -> tuple[str, set[str]]:
    """The row's line as the table draws it ``width`` wide, and its state: "lifted" (drawn
    in the success colour) or "time-passed"."""
    app = _Row(restriction)
    async with app.run_test(size=(width, 5)) as pilot:
        table = app.query_one(RestrictionTable)
        status = restriction_status(restriction, ENDED, ENDED + after_end)
        table.show([status], lambda _: "Sun 09:45")
        await pilot.pause()
        row = table.rows[restriction.id]
        state = {"lifted"} if row.lifted else {"time-passed"} if row.passed_not_lifted else set()
        return table.render_line(1).text.rstrip(), state


@pytest.mark.parametrize("restriction_id", sorted(ASK_FIRST_IDS))
@pytest.mark.parametrize("width", [80, 120])
async def test_a_finished_ask_first_row_never_says_lifted(restriction_id: str, width: int) -> None:
    restriction = _default(restriction_id)
    at_the_moment = timedelta(hours=restriction.hours)
    text, classes = await _row_text(restriction, at_the_moment, width)
    assert "lifted" not in text
    assert "✓" not in text
    assert f"{finished_mark(restriction)} {ASK_FIRST_WORDING}" in text
    assert len(text) <= width
    assert "lifted" not in classes and "time-passed" in classes


async def test_a_wide_finished_ask_first_row_also_says_since_when() -> None:
    text, _ = await _row_text(_default("alcohol"), timedelta(hours=50), 120)
    assert "since Sun 09:45" in text


async def test_an_ask_first_row_still_counts_down_before_its_time() -> None:
    alcohol = _default("alcohol")
    text, classes = await _row_text(alcohol, timedelta(hours=47), 80)
    assert "1 h · at least until Sun 09:45" in text  # never "lifts": it asks first
    assert "time-passed" not in classes and "lifted" not in classes


@pytest.mark.parametrize("width", [80, 120])
async def test_other_finished_rows_still_say_lifted(width: int) -> None:
    text, classes = await _row_text(_default("driving"), timedelta(hours=24), width)
    assert "✓ lifted Sun 09:45" in text
    assert "lifted" in classes and "time-passed" not in classes
