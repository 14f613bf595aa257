"""The recovery after each infusion, day by day: what a clinician scans first.

For each infusion, one row per local day that has check-ins, from the infusion's own day
until the next infusion: the worst dizziness, nausea, tiredness and headache of the day,
the lowest mood and the glasses drunk. A score never asked that day stays empty (``None``),
never 0. Pure, like :mod:`ketacheck.exchange.report`, and one pass over the check-ins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo

from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.timeparse import local_date


@dataclass(frozen=True, slots=True)
class DayRow:
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


def _worst(values: Iterable[int | None]) -> int | None:
    return max((v for v in values if v is not None), default=None)


def _any_yes(values: Iterable[bool | None]) -> bool | None:
    asked = [v for v in values if v is not None]
    return any(asked) if asked else None


def _row(number: int, day: int, on: date, group: list[CheckIn]) -> DayRow:
    return DayRow(
        infusion_number=number,
        day=day,
        on=on,
        checkins=len(group),
        dizziness=max(c.dizziness for c in group),
        nausea=max(c.nausea for c in group),
        vomited=_any_yes(c.vomited for c in group),
        mood=min(c.mood for c in group),
        fluids=sum(c.fluids_glasses for c in group),
        fatigue=_worst(c.fatigue for c in group),
        headache=_worst(c.headache for c in group),
    )


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
    shown = {i.id: i for i in infusions}
    groups: dict[tuple[str, date], list[CheckIn]] = {}
    for checkin in checkins:
        if checkin.infusion_id in shown:
            key = (checkin.infusion_id, local_date(checkin.at, tz))
            groups.setdefault(key, []).append(checkin)
    rows = []
    for (infusion_id, on), group in groups.items():
        infusion = shown[infusion_id]
        day = (on - local_date(infusion.started_at, tz)).days + 1
        rows.append(_row(numbers[infusion_id], day, on, group))
    return tuple(sorted(rows, key=lambda r: (r.infusion_number, r.on)))
