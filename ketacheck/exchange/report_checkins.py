"""What the check-ins say about the questions a clinician asks of them: was self-harm
asked about, which side effects were asked about and reported, and the blood pressure.

"Not asked" is never read as "no": each summary counts the check-ins that asked, and says
so. Pure, like :mod:`ketacheck.exchange.report`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime

from msgspec import Struct

from ketacheck.core import alerts as alert_rules
from ketacheck.core.alert_records import AlertRecord
from ketacheck.core.records import CheckIn
from ketacheck.core.scales import SIDE_EFFECTS
from ketacheck.core.words import plural


def asked_at(checkins: int, asked: int) -> str:
    """How many check-ins asked a question: ``Asked at 5 of 14 check-ins`` (to go on), or a
    whole sentence when none did."""
    if not checkins:
        return "No check-ins in this period."
    if not asked:
        return f"Not asked at any of the {plural(checkins, 'check-in')}."
    return f"Asked at {asked} of {plural(checkins, 'check-in')}"


class ScreenYes(Struct, frozen=True):
    """A "yes" to the self-harm question at a check-in, and what became of its alert."""

    at: datetime
    at_text: str
    outcome: str


class Screening(Struct, frozen=True):
    """How the self-harm question was answered at the check-ins of the period.

    Attributes:
        checkins: Check-ins in the period.
        asked: How many of them asked it (answered yes or no).
        yes: Each "yes", oldest first.
    """

    checkins: int
    asked: int
    yes: tuple[ScreenYes, ...]

    @property
    def sentence(self) -> str:
        """``Asked at 7 of 7 check-ins: no each time.`` and the like."""
        asked = asked_at(self.checkins, self.asked)
        if not self.asked:
            return asked
        if not self.yes:
            return f"{asked}: no each time." if self.asked > 1 else f"{asked}: no."
        noes = self.asked - len(self.yes)
        return f"{asked}: yes at {len(self.yes)}, no at {noes}."


def _outcome(record: AlertRecord | None, when: Callable[[datetime], str]) -> str:
    if record is None:
        return "no alert kept"
    if record.resolved_at is None:
        return "alert still open"
    return f"alert resolved {when(record.resolved_at)}: {record.resolution}"


def screening(
    checkins: list[CheckIn], alerts: Iterable[AlertRecord], when: Callable[[datetime], str]
) -> Screening:
    """The self-harm question at ``checkins``, each "yes" with how its alert was settled."""
    urgent: dict[str, AlertRecord] = {}
    for record in alerts:
        if record.code == alert_rules.SELF_HARM_CODE:
            for occurrence in record.occurrences:
                urgent.setdefault(occurrence.source_id, record)
    asked = [c for c in checkins if c.self_harm_thoughts is not None]
    yes = tuple(
        ScreenYes(c.at, when(c.at), _outcome(urgent.get(c.id), when))
        for c in asked
        if c.self_harm_thoughts
    )
    return Screening(len(checkins), len(asked), yes)


class SideEffectCount(Struct, frozen=True):
    """How many check-ins reported one side effect."""

    code: str
    label: str
    count: int


class SideEffects(Struct, frozen=True):
    """Side effects over the period: how many check-ins asked, and what was reported."""

    checkins: int
    asked: int
    counts: tuple[SideEffectCount, ...]

    @property
    def sentence(self) -> str:
        """``Asked at 5 of 14 check-ins.`` or why there is nothing to count."""
        asked = asked_at(self.checkins, self.asked)
        if not self.asked:
            return asked
        return f"{asked}." if self.counts else f"{asked}: none reported."


def side_effects(checkins: list[CheckIn]) -> SideEffects:
    """The side effects of ``checkins``: most reported first."""
    asked = [c for c in checkins if c.side_effects is not None]
    counts = Counter(code for c in asked for code in dict.fromkeys(c.effects))
    return SideEffects(
        len(checkins),
        len(asked),
        tuple(
            SideEffectCount(code, SIDE_EFFECTS.get(code, code), count)
            for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ),
    )


VERY_HIGH = "very high (180/120 or more)"
CLINIC_LEVEL = "at or above the clinic's level"


class ReadingEntry(Struct, frozen=True):
    """One check-in's blood pressure and pulse, and whether the reading is over a level.

    Attributes:
        pressure: "128/84", or "" with only a pulse.
        pulse: "72", or "".
        over: "", :data:`VERY_HIGH` or :data:`CLINIC_LEVEL`.
    """

    at_text: str
    pressure: str
    pulse: str
    over: str


class Pressure(Struct, frozen=True):
    """Every reading of the period, and the few facts a clinician reads first.

    Attributes:
        readings: Each check-in's reading, oldest first.
        summary: "6 readings: 112-186/70-96 mmHg, latest 128/84 (Sun 22 Nov 09:00);
            pulse 60-88." or "" with none.
    """

    readings: tuple[ReadingEntry, ...]
    summary: str

    @property
    def over(self) -> tuple[ReadingEntry, ...]:
        """The readings over a level."""
        return tuple(r for r in self.readings if r.over)


def _span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


def _over(pair: tuple[int, int], clinic: tuple[int | None, int | None]) -> str:
    if pair[0] >= alert_rules.CRISIS_SYSTOLIC or pair[1] >= alert_rules.CRISIS_DIASTOLIC:
        return VERY_HIGH
    if any(level is not None and n >= level for n, level in zip(pair, clinic, strict=True)):
        return CLINIC_LEVEL
    return ""


def pressure(
    checkins: list[CheckIn],
    clinic: tuple[int | None, int | None],
    when: Callable[[datetime], str],
) -> Pressure:
    """The blood pressure and pulse of ``checkins``, each reading marked where over a level."""
    entries, measured, pulses = [], [], []
    for c in checkins:
        if c.systolic is None and c.pulse is None:
            continue
        pair = (c.systolic or 0, c.diastolic or 0)
        pressure_text = "" if c.systolic is None else f"{c.systolic}/{c.diastolic}"
        pulse_text = "" if c.pulse is None else str(c.pulse)
        entries.append(ReadingEntry(when(c.at), pressure_text, pulse_text, _over(pair, clinic)))
        if c.systolic is not None and c.diastolic is not None:
            measured.append((c.systolic, c.diastolic, c.at))
        if c.pulse is not None:
            pulses.append(c.pulse)
    parts = []
    if measured:
        top = _span([m[0] for m in measured])
        bottom = _span([m[1] for m in measured])
        latest = measured[-1]
        parts.append(
            f"{plural(len(measured), 'reading')}: {top}/{bottom} mmHg, latest "
            f"{latest[0]}/{latest[1]} ({when(latest[2])})"
        )
    if pulses:
        parts.append(f"pulse {_span(pulses)} a minute")
    return Pressure(tuple(entries), "; ".join(parts) + "." if parts else "")
