"""The recovery after each infusion, day by day: what a clinician scans first.

For each infusion, one row per local day that has check-ins, from the infusion's own day
until the next infusion: the worst dizziness, nausea, tiredness and headache of the day,
the lowest mood and the glasses drunk. A score never asked that day stays empty (``None``),
never 0. Pure, like :mod:`ketacheck.exchange.report`, and one pass over the check-ins.
"""

from __future__ import annotations

from datetime import date, tzinfo

from msgspec import Struct

from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.timeparse import local_date


class DayRow(Struct, frozen=True):
    """One day after one infusion.

    Attributes:
        infusion_number: The infusion's place in the whole course (1-based).
        day: 1 for the infusion's own day, 2 for the next, and so on (local dates).
        on: The local date.
        checkins: How many check-ins that day.
        dizziness: The worst dizziness that day (0-10).
        nausea: The worst nausea that day.
        vomited: Whether the patient was sick that day; None if never asked.
        mood: The lowest mood that day.
        fluids: Glasses logged in that day's check-ins.
        fatigue: The worst tiredness, or None if not asked that day.
        headache: The worst headache, or None if not asked that day.
    """

    infusion_number: int
    day: int
    on: date
    checkins: int
    dizziness: int
    nausea: int
    vomited: bool | None
    mood: int
    fluids: int
    fatigue: int | None
    headache: int | None


def _worse(old: int | None, new: int | None) -> int | None:
    """The higher of two scores, either of which may be unasked."""
    if new is None:
        return old
    return new if old is None or new > old else old


class _Day:
    """One day's check-ins after one infusion, summed up as they come (one pass)."""

    __slots__ = ("dizziness", "fatigue", "fluids", "headache", "mood", "n", "nausea", "vomited")

    def __init__(self, first: CheckIn) -> None:
        self.n = 0
        self.dizziness = self.nausea = 0
        self.mood = first.mood
        self.fluids = 0
        self.vomited: bool | None = None
        self.fatigue: int | None = None
        self.headache: int | None = None

    def add(self, c: CheckIn) -> None:
        self.n += 1
        self.dizziness = max(self.dizziness, c.dizziness)
        self.nausea = max(self.nausea, c.nausea)
        self.mood = min(self.mood, c.mood)
        self.fluids += c.fluids_glasses
        if c.vomited is not None:
            self.vomited = bool(self.vomited) or c.vomited
        self.fatigue = _worse(self.fatigue, c.fatigue)
        self.headache = _worse(self.headache, c.headache)


def day_rows(
    infusions: list[Infusion],
    numbers: dict[str, int],
    checkins: list[CheckIn],
    tz: tzinfo | None,
) -> tuple[DayRow, ...]:
    """A row per (infusion, local day) with check-ins, oldest first.

    Args:
        infusions: The infusions to show.
        numbers: Each infusion's place in the whole course, by id.
        checkins: The check-ins to group, oldest first (each names its infusion).
        tz: The patient's zone; None means this computer's.
    """
    first_day = {i.id: local_date(i.started_at, tz) for i in infusions}
    days: dict[tuple[str, date], _Day] = {}
    for checkin in checkins:
        infusion_id = checkin.infusion_id
        if infusion_id not in first_day:
            continue
        # Stored times are aware: no need to check that again for each of years of them.
        key = (infusion_id, checkin.at.astimezone(tz).date())
        day = days.get(key)
        if day is None:
            day = days[key] = _Day(checkin)
        day.add(checkin)
    rows = [
        DayRow(
            infusion_number=numbers[infusion_id],
            day=(on - first_day[infusion_id]).days + 1,
            on=on,
            checkins=d.n,
            dizziness=d.dizziness,
            nausea=d.nausea,
            vomited=d.vomited,
            mood=d.mood,
            fluids=d.fluids,
            fatigue=d.fatigue,
            headache=d.headache,
        )
        for (infusion_id, on), d in days.items()
    ]
    return tuple(sorted(rows, key=lambda r: (r.infusion_number, r.on)))
