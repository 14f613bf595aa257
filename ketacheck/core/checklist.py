"""Before the next infusion: a short checklist shown in the 48 hours before it.

The items come from GUIDANCE.md ("Before the next infusion" and "Added facts"); the
patient ticks them off, and the ticks are kept with the appointment in the settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

from msgspec import Struct
from msgspec.structs import replace

from ketacheck.core.clock import ensure_utc
from ketacheck.core.course import fasting_starts_at
from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import format_when

CHECKLIST_HOURS = 48


class ChecklistItem(Struct, frozen=True):
    """One thing to do or bring up before the infusion.

    Attributes:
        id: A stable name, stored when the item is ticked.
        text: What the patient reads.
        source: The GUIDANCE.md fact behind the item.
    """

    id: str
    text: str
    source: str


RIDE = ChecklistItem(
    "ride",
    "Arrange a ride to the clinic and back home: someone else needs to drive you afterwards.",
    "Arrange a ride to and from every appointment (000, 004).",
)
MEDICINES = ChecklistItem(
    "medicines",
    "Tell your doctor if you take lamotrigine or another anticonvulsant, a benzodiazepine "
    "(such as lorazepam), or memantine or another NMDA-receptor drug: they can weaken "
    "ketamine's effect.",
    "Before each infusion, tell the doctor about lamotrigine or other anticonvulsants, "
    "benzodiazepines, memantine and other NMDA-receptor drugs (000).",
)
MOOD = ChecklistItem(
    "mood",
    "Note how your mood and well-being have changed since the last infusion, to talk "
    "over with your doctor.",
    "Note mood and well-being changes before each session to discuss with the doctor (004).",
)
FASTING_SOURCE = (
    "Fast for up to six hours before an infusion (000); clinics differ, so the hours are "
    "a setting (Added facts)."
)


def checklist_shown(appointment: datetime | None, now: datetime) -> bool:
    """Whether ``now`` falls in the 48 hours before ``appointment`` (not after it)."""
    if appointment is None:
        return False
    appointment, now = ensure_utc(appointment), ensure_utc(now)
    return appointment - timedelta(hours=CHECKLIST_HOURS) <= now < appointment


def _hours(hours: float) -> str:
    return "1 hour" if hours == 1 else f"{hours:g} hours"


def before_infusion_checklist(
    settings: Settings, now: datetime, tz: tzinfo | None
) -> list[ChecklistItem]:
    """The items to show at ``now``: none unless the next appointment is within 48 hours.

    The fasting item uses the patient's fasting hours and clock style, and is left out
    when they set 0 hours (their clinic asks for no fasting).
    """
    appointment = settings.next_appointment
    if appointment is None or not checklist_shown(appointment, now):
        return []
    items = []
    if settings.fasting_hours > 0:
        starts = fasting_starts_at(appointment, settings.fasting_hours)
        when = format_when(starts, tz, now=now, clock_24h=settings.clock_24h, sentence=True)
        items.append(
            ChecklistItem(
                "fasting",
                f"Your clinic may ask you to stop eating from {when} "
                f"({_hours(settings.fasting_hours)} before). Their instructions come first.",
                FASTING_SOURCE,
            )
        )
    return [*items, RIDE, MEDICINES, MOOD]


def ticks_for(settings: Settings) -> set[str]:
    """The item ids ticked for the next appointment."""
    key = settings.checklist_key
    return set() if key is None else set(settings.checklist_ticks.get(key, ()))


def with_ticks(settings: Settings, ticked: Iterable[str]) -> Settings:
    """``settings`` with exactly ``ticked`` ticked for the next appointment.

    Raises:
        ValueError: if no appointment is booked (there is nothing to tick for).
    """
    key = settings.checklist_key
    if key is None:
        raise ValueError("the checklist needs a next appointment")
    return replace(settings, checklist_ticks={key: tuple(sorted(set(ticked)))})
