"""Where the patient is in their course of infusions."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from ketacheck.core.clock import ensure_utc, hours_between
from ketacheck.core.course_numbers import (
    FASTING_HOURS,
    INTEGRATION_DAYS,
    MAX_FASTING_HOURS,
    course_label,
    fasting_starts_at,
    integration_day,
    ordinal,
)
from ketacheck.core.records import Infusion, latest_infusion_before

__all__ = [
    "FASTING_HOURS",
    "INTEGRATION_DAYS",
    "MAX_FASTING_HOURS",
    "CourseState",
    "course_label",
    "course_state",
    "fasting_starts_at",
    "integration_day",
    "ordinal",
]


class CourseState(Struct, frozen=True):
    """The course at one moment.

    Attributes:
        latest: The most recent infusion that has started, if any.
        number: Which infusion of the course ``latest`` is (1-based), 0 if none.
        planned: How many infusions the course plans.
        hours_since: Hours since ``latest`` ended (negative while it is running).
        integration_day: Day 1-10 of the integration window after ``latest``, or None.
    """

    latest: Infusion | None
    number: int
    planned: int
    hours_since: float | None
    integration_day: int | None

    @property
    def in_progress(self) -> bool:
        """True while the latest infusion is still running."""
        return self.hours_since is not None and self.hours_since < 0


def course_state(
    infusions: list[Infusion], planned: int, now: datetime, earlier: int = 0
) -> CourseState:
    """Which infusion is the latest, how long ago it ended and the integration day.

    Args:
        infusions: The infusions, or the latest of them when ``earlier`` more came first.
        planned: How many infusions the course plans.
        now: The moment the state is for.
        earlier: How many infusions came before ``infusions`` (they count in its number).
    """
    now = ensure_utc(now)
    latest = latest_infusion_before(infusions, now)
    if latest is None:
        return CourseState(None, 0, planned, None, None)
    number = earlier + sum(1 for inf in infusions if inf.started_at <= latest.started_at)
    since = hours_between(latest.ended_at, now)
    return CourseState(latest, number, planned, since, integration_day(since))
