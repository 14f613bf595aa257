"""Post-infusion restrictions and their countdowns.

Each restriction lifts at ``infusion.ended_at + hours``. The maths is in aware UTC, so a
24-hour restriction is 24 real hours even across a daylight-saving change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from ketacheck.core.clock import ensure_utc

MAX_RESTRICTION_HOURS = 24 * 60


@dataclass(frozen=True, slots=True)
class Restriction:
    """Something to avoid for a while after an infusion.

    Attributes:
        id: Stable name used in settings and exports.
        label: What the patient reads.
        hours: How long after the infusion ends it lasts.
        why: One plain sentence on the reason.
    """

    id: str
    label: str
    hours: float
    why: str


#: The defaults from GUIDANCE.md. The clinic's own instructions come first: every one
#: of these can be changed in Settings.
DEFAULT_RESTRICTIONS: tuple[Restriction, ...] = (
    Restriction(
        "driving",
        "Driving",
        24,
        "Reactions and judgement stay slower than they feel for about a day.",
    ),
    Restriction(
        "machinery",
        "Heavy machinery",
        24,
        "Power tools and machines need the full attention that returns after a day.",
    ),
    Restriction(
        "decisions",
        "Important decisions",
        24,
        "Give your thinking a day to settle before signing or committing to anything.",
    ),
    Restriction(
        "vigorous_activity",
        "Vigorous activity",
        24,
        "Hard exercise can bring back dizziness and queasiness.",
    ),
    Restriction(
        "alcohol",
        "Alcohol",
        48,
        "Alcohol adds to the after-effects; ask your care team before you drink at all.",
    ),
    Restriction(
        "sedatives",
        "Sedative medicines",
        24,
        "Sleeping pills and sedatives add to ketamine's drowsiness.",
    ),
    Restriction(
        "pain_medication",
        "Prescription painkillers",
        24,
        "Wait until the next day unless your specialist said otherwise.",
    ),
    Restriction(
        "recreational_drugs",
        "Recreational drugs",
        24,
        "Cannabis, opioids and other mood-altering drugs don't mix with recovery.",
    ),
    Restriction(
        "life_changes",
        "Big life changes",
        240,
        "Your mind stays more open for about ten days; let the experience settle first.",
    ),
)

DEFAULT_HOURS: dict[str, float] = {r.id: r.hours for r in DEFAULT_RESTRICTIONS}


def configured_restrictions(overrides: Mapping[str, float]) -> tuple[Restriction, ...]:
    """The restrictions with the user's hours in place of the defaults."""
    return tuple(
        Restriction(r.id, r.label, float(overrides.get(r.id, r.hours)), r.why)
        for r in DEFAULT_RESTRICTIONS
    )


@dataclass(frozen=True, slots=True)
class RestrictionStatus:
    """Where one restriction stands at a given moment."""

    restriction: Restriction
    lifts_at: datetime
    remaining: timedelta

    @property
    def active(self) -> bool:
        """True while the restriction still applies."""
        return self.remaining > timedelta(0)

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
    restriction: Restriction, ended_at: datetime, now: datetime
) -> RestrictionStatus:
    """The status of one restriction for an infusion that ended at ``ended_at``."""
    ended_at = ensure_utc(ended_at)
    lifts_at = ended_at + timedelta(hours=restriction.hours)
    remaining = max(timedelta(0), lifts_at - ensure_utc(now))
    return RestrictionStatus(restriction, lifts_at, remaining)


def restriction_statuses(
    restrictions: tuple[Restriction, ...], ended_at: datetime, now: datetime
) -> list[RestrictionStatus]:
    """The status of every restriction, in the order given."""
    return [restriction_status(r, ended_at, now) for r in restrictions]


def next_lift(statuses: list[RestrictionStatus]) -> datetime | None:
    """When the next still-active restriction lifts, or ``None`` if all have lifted."""
    return min((s.lifts_at for s in statuses if s.active), default=None)
