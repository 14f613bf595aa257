"""Post-infusion restrictions and their countdowns.

Each restriction lifts at ``infusion.ended_at + hours``. The maths is in aware UTC, so a
24-hour restriction is 24 real hours even across a daylight-saving change. Alcohol and
recreational drugs never "lift": once their time has passed the patient is asked to check
with the care team first (:func:`finished_wording`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from msgspec import Struct
from msgspec.structs import replace

from ketacheck.core.clock import ensure_utc
from ketacheck.core.restriction_table import (
    ASK_FIRST_MARK,
    ASK_FIRST_WORDING,
    DEFAULT_ROWS,
    HELD_WHILE_DIZZY,
    LIFTED_MARK,
    LIFTED_WORDING,
    MAX_RESTRICTION_HOURS,
    STILL_DIZZY_NARROW,
    STILL_DIZZY_WORDING,
    finished_words,
    held_by_dizziness,
    passed_not_lifted,
)

__all__ = [
    "ASK_FIRST_MARK",
    "ASK_FIRST_WORDING",
    "DEFAULT_HOURS",
    "DEFAULT_RESTRICTIONS",
    "HELD_WHILE_DIZZY",
    "LIFTED_MARK",
    "LIFTED_WORDING",
    "MAX_RESTRICTION_HOURS",
    "STILL_DIZZY_NARROW",
    "STILL_DIZZY_WORDING",
    "Restriction",
    "RestrictionStatus",
    "configured_restrictions",
    "finished_mark",
    "finished_wording",
    "length_words",
    "next_lift",
    "restriction_status",
    "restriction_statuses",
]


class Restriction(Struct, frozen=True):
    """Something to avoid for a while after an infusion.

    Attributes:
        id: Stable name used in settings and exports.
        label: What the patient reads.
        hours: How long after the infusion ends it lasts.
        why: One plain sentence on the reason.
        ask_first: True when the end of the wait is not a permission: once the time has
            passed the patient is told to check with their care team first, never that
            the restriction has "lifted".
    """

    id: str
    label: str
    hours: float
    why: str
    ask_first: bool = False


def length_words(hours: float) -> str:
    """A restriction's length as a patient says it: ``24 hours``, ``1.5 hours``, ``10 days``."""
    if hours >= 48 and hours % 24 == 0:
        return f"{hours / 24:g} days"
    return "1 hour" if hours == 1 else f"{hours:g} hours"


def finished_wording(restriction: Restriction) -> str:
    """What the patient reads once ``restriction``'s time has run out (see
    :func:`~ketacheck.core.restriction_table.finished_words`)."""
    return finished_words(restriction.ask_first)[1]


def finished_mark(restriction: Restriction) -> str:
    """The mark beside :func:`finished_wording`: a tick only for a restriction that lifts."""
    return finished_words(restriction.ask_first)[0]


#: The defaults from GUIDANCE.md (:data:`~ketacheck.core.restriction_table.DEFAULT_ROWS`).
#: The clinic's own instructions come first: every one of these can be changed in Settings.
DEFAULT_RESTRICTIONS: tuple[Restriction, ...] = tuple(Restriction(*row) for row in DEFAULT_ROWS)

DEFAULT_HOURS: dict[str, float] = {r.id: r.hours for r in DEFAULT_RESTRICTIONS}


def configured_restrictions(overrides: Mapping[str, float]) -> tuple[Restriction, ...]:
    """The restrictions with the user's hours in place of the defaults.

    Only the hours change: a restriction that asks first still does with other hours.
    """
    return tuple(
        replace(r, hours=float(overrides.get(r.id, r.hours))) for r in DEFAULT_RESTRICTIONS
    )


class RestrictionStatus(Struct, frozen=True):
    """Where one restriction stands at a given moment.

    Attributes:
        restriction: The restriction.
        lifts_at: When its time is up.
        remaining: How long until then (zero once passed).
        still_dizzy: Whether the latest check-in since the infusion reports dizziness.
    """

    restriction: Restriction
    lifts_at: datetime
    remaining: timedelta
    still_dizzy: bool = False

    @property
    def active(self) -> bool:
        """True while the restriction's time is still running."""
        return self.remaining > timedelta(0)

    @property
    def held_by_dizziness(self) -> bool:
        """True when its time has passed but dizziness still keeps it in place."""
        return held_by_dizziness(self.restriction.id, self.active, self.still_dizzy)

    @property
    def finished_wording(self) -> str:
        """What the patient reads once its time has run out (see :func:`finished_wording`)."""
        return finished_words(self.restriction.ask_first, self.held_by_dizziness)[1]

    @property
    def finished_mark(self) -> str:
        """The mark beside :attr:`finished_wording`: a tick only when it has truly lifted."""
        return finished_words(self.restriction.ask_first, self.held_by_dizziness)[0]

    @property
    def passed_not_lifted(self) -> bool:
        """True once its time is up when that is no permission: it asks first, or
        dizziness still holds it."""
        return passed_not_lifted(self.restriction.ask_first, self.active, self.held_by_dizziness)

    @property
    def remaining_seconds(self) -> int:
        """Whole seconds left, rounded up so a countdown never shows 0 while active."""
        seconds = self.remaining.total_seconds()
        whole = int(seconds)
        return whole + 1 if seconds > whole else whole

    @property
    def progress(self) -> float:
        """How far through the restriction we are, from 0.0 to 1.0."""
        total = timedelta(hours=self.restriction.hours)
        if total <= timedelta(0):
            return 1.0
        done = 1.0 - self.remaining / total
        return min(1.0, max(0.0, done))


def restriction_status(
    restriction: Restriction, ended_at: datetime, now: datetime, still_dizzy: bool = False
) -> RestrictionStatus:
    """The status of one restriction for an infusion that ended at ``ended_at``.

    Args:
        restriction: The restriction.
        ended_at: When the infusion ended.
        now: The time now.
        still_dizzy: Whether the latest check-in since that infusion reports dizziness.
    """
    ended_at = ensure_utc(ended_at)
    lifts_at = ended_at + timedelta(hours=restriction.hours)
    remaining = max(timedelta(0), lifts_at - ensure_utc(now))
    return RestrictionStatus(restriction, lifts_at, remaining, still_dizzy)


def restriction_statuses(
    restrictions: tuple[Restriction, ...],
    ended_at: datetime,
    now: datetime,
    still_dizzy: bool = False,
) -> list[RestrictionStatus]:
    """The status of every restriction, in the order given (see :func:`restriction_status`)."""
    return [restriction_status(r, ended_at, now, still_dizzy) for r in restrictions]


def next_lift(statuses: list[RestrictionStatus]) -> datetime | None:
    """When the next still-active restriction lifts, or ``None`` if all have lifted."""
    return min((s.lifts_at for s in statuses if s.active), default=None)
