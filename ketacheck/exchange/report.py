"""A one-page summary of the patient's own entries, to take to the next appointment.

:func:`build_report` computes the facts (no I/O, no clock: ``now`` is passed in), built
around what a clinician asks: how each recovery went day by day, whether self-harm was
asked about, what was reported and what was not asked, each alert concern once, the blood
pressure, the questionnaires and the notes. :mod:`ketacheck.exchange.report_layout` puts
them on page one and, for a longer record, in the detail after it;
:mod:`ketacheck.exchange.report_text` writes them as Markdown or one HTML page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from msgspec import Struct

from ketacheck.core.alert_records import BY_ANSWER_CHANGE, BY_NEXT_INFUSION, AlertRecord
from ketacheck.core.alerts import CALL_NOW, CALL_TODAY, URGENT
from ketacheck.core.clock import ensure_utc, hours_between
from ketacheck.core.concern_names import concern_name
from ketacheck.core.contents import JournalContents
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.timeparse import format_clock, to_local
from ketacheck.core.words import plural, printable
from ketacheck.exchange.report_answers import (
    AnswerSheet,
    ScoreEntry,
    answer_sheets,
    score_entries,
)
from ketacheck.exchange.report_checkins import (
    Pressure,
    Screening,
    SideEffects,
    pressure,
    screening,
    side_effects,
)
from ketacheck.exchange.report_days import DayRow, day_rows

TITLE = "ketacheck summary for the care team"
DISCLAIMER = "Made by ketacheck from the patient's own entries. It is not a medical assessment."
RECOVERY_MEANING = (
    "Recovered after: hours from the end of the infusion to the first check-in with no "
    "dizziness and no nausea (0 and 0)."
)
FLUID_WINDOW = timedelta(hours=24)
LEVEL_WORDS = {URGENT: "Urgent", CALL_NOW: "Call now", CALL_TODAY: "Call today"}

#: Where Letter paper is the usual size; everywhere else (and when no country is set) A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE"})
PAPERS = ("A4", "letter")


def paper_for(country: str | None, locale_region: str | None = None) -> str:
    """``letter`` where that is the usual paper (by the country set, else the locale's
    region, ``en_US`` -> ``US``), else ``A4``."""
    region = country or locale_region
    return "letter" if region is not None and region.upper() in LETTER_COUNTRIES else "A4"


def paper_name(paper: str) -> str:
    """``A4`` or ``letter``, whatever the case it was typed in (anything else: A4)."""
    return "letter" if paper.strip().lower() == "letter" else "A4"


class InfusionSummary(Struct, frozen=True):
    """One infusion and how the patient recovered from it.

    Attributes:
        number: Its place in the whole course (1-based), whatever ``since`` hides.
        recovery_hours: Hours from its end to the first check-in with dizziness and nausea
            both 0 (before the next infusion), or None if there is none yet.
        fluids_24h: Glasses logged in check-ins within 24 hours after it ended.
        fluids_complete: False while those 24 hours have not yet passed at ``now``.
    """

    number: int
    started_at: datetime
    ended_at: datetime
    started_text: str
    ended_text: str
    recovery_hours: float | None
    fluids_24h: int
    fluids_complete: bool


class AlertEntry(Struct, frozen=True):
    """One alert concern (call-today and above), once: when it was first raised, how often
    it was seen, and how it was settled.

    Attributes:
        resolved_text: When it was closed, or "" while it is open.
        resolution: How it was settled, in the patient's words or the app's.
        by_patient: Whether the patient closed it (not the next infusion or an edit).
        seen: How many check-ins or questionnaires raised it.
        latest_answer: The newest answer that raised it ("dizziness 1"), if known.
    """

    at: datetime
    at_text: str
    level: str
    message: str
    resolved_text: str = ""
    resolution: str = ""
    by_patient: bool = True
    seen: int = 1
    latest_answer: str = ""
    code: str = ""
    closed_by: str = ""

    @property
    def concern(self) -> str:
        """The concern in a few words ("Dizziness after 24 h")."""
        return concern_name(self.code, self.message)

    @property
    def is_open(self) -> bool:
        """Whether the patient has yet to act on it."""
        return not self.resolved_text

    @property
    def occurrences(self) -> str:
        """``once``, or ``13 check-ins, latest dizziness 1``."""
        if self.seen < 2:
            return "once"
        times = plural(self.seen, "check-in")
        return f"{times}, latest {self.latest_answer}" if self.latest_answer else times

    @property
    def outcome(self) -> str:
        """``still open``, or when and how it was settled."""
        if self.is_open:
            return "still open"
        if self.closed_by == BY_NEXT_INFUSION:  # when is in the course table
            return "not marked before the next infusion"
        if self.closed_by == BY_ANSWER_CHANGE:
            return f"closed {self.resolved_text}: its answer was changed"
        return f"resolved {self.resolved_text}: {self.resolution}"


class NoteEntry(Struct, frozen=True):
    """A non-empty check-in note."""

    at: datetime
    at_text: str
    text: str
    for_doctor: bool = False


class Report(Struct, frozen=True):
    """Everything the summary says, already computed.

    Attributes:
        days: The recovery after each infusion shown, day by day.
        screening: The self-harm question at the check-ins.
        side_effects: What was asked about side effects, and what was reported.
        alerts: Each alert concern once: open ones first (most severe first), then the
            settled ones, newest first.
        pressure: Every blood pressure reading, and its range and latest.
        notes: Notes for the doctor first, then the rest, newest first.
    """

    made_at: datetime
    made_text: str
    since: date | None
    planned: int
    infusions_logged: int
    checkins_shown: int
    care_team: str
    infusions: tuple[InfusionSummary, ...]
    days: tuple[DayRow, ...]
    screening: Screening
    side_effects: SideEffects
    alerts: tuple[AlertEntry, ...]
    pressure: Pressure
    scores: tuple[ScoreEntry, ...]
    answer_sheets: tuple[AnswerSheet, ...]
    notes: tuple[NoteEntry, ...]
    paper: str = "A4"
    patient_name: str = ""
    """The name the patient gave in Settings; empty when they gave none."""

    @property
    def for_whom(self) -> str:
        """``Report for Ann Lee``, under the title; empty when the patient gave no name."""
        return f"Report for {self.patient_name}" if self.patient_name else ""


def _moment_text(
    moment: datetime, tz: tzinfo | None, clock_24h: bool, year: int | None = None
) -> str:
    """``Sun 22 Nov 2026 14:00``; without the year when it is ``year`` (the report's)."""
    local = to_local(moment, tz)
    day = f"{local:%a %d %b}" if local.year == year else f"{local:%a %d %b %Y}"
    return f"{day} {format_clock(moment, tz, clock_24h)}"


def build_report(
    contents: JournalContents,
    now: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
    paper: str | None = None,
) -> Report:
    """Compute the clinician summary.

    Args:
        contents: The whole journal.
        now: The current time (aware); the report reads no clock.
        since: Keep only records on or after this local date. Infusions keep their
            number in the whole course, and recovery looks at every check-in.
        tz: The patient's zone; None means this computer's.
        paper: ``A4`` or ``letter``; None: by the country in Settings (else A4).
    """
    now = ensure_utc(now)
    settings = contents.settings
    shown = contents.since(since, tz)

    this_year = to_local(now, tz).year

    def when(moment: datetime) -> str:
        return _moment_text(moment, tz, settings.clock_24h, this_year)

    numbers = {infusion.id: n for n, infusion in enumerate(contents.infusions, start=1)}
    return Report(
        made_at=now,
        made_text=_moment_text(now, tz, settings.clock_24h),
        since=since,
        planned=settings.planned_infusions,
        infusions_logged=len(contents.infusions),
        checkins_shown=len(shown.checkins),
        care_team=settings.care_team_contact(),
        infusions=_infusion_summaries(contents, shown, now, tz, this_year),
        days=day_rows(shown.infusions, numbers, shown.checkins, tz),
        screening=screening(shown.checkins, shown.alerts, when),
        side_effects=side_effects(shown.checkins),
        alerts=_alert_entries(shown.alerts, when),
        pressure=pressure(shown.checkins, settings.clinic_bp, when),
        scores=score_entries(contents.questionnaires, shown.questionnaires, when),
        answer_sheets=answer_sheets(shown.questionnaires, when),
        notes=_notes(shown.checkins, when),
        paper=paper_name(paper or paper_for(settings.effective_country)),
        patient_name=printable(settings.patient_name or "", newlines=False).strip(),
    )


def _recovery_hours(
    infusion: Infusion, next_start: datetime | None, checkins: list[CheckIn]
) -> float | None:
    for checkin in checkins:
        if checkin.at < infusion.ended_at:
            continue
        if next_start is not None and checkin.at >= next_start:
            return None
        if checkin.dizziness == 0 and checkin.nausea == 0:
            return hours_between(infusion.ended_at, checkin.at)
    return None


def _infusion_summaries(
    contents: JournalContents,
    shown: JournalContents,
    now: datetime,
    tz: tzinfo | None,
    year: int,
) -> tuple[InfusionSummary, ...]:
    course = contents.infusions
    clock24 = contents.settings.clock_24h
    kept = {i.id for i in shown.infusions}
    # Recovery and fluids look at every check-in (a --since date between an infusion and
    # its check-ins hides none of them), each infusion's own, found in one pass.
    after: dict[str | None, list[CheckIn]] = {}
    for checkin in contents.checkins:
        after.setdefault(checkin.infusion_id, []).append(checkin)
    summaries = []
    for index, infusion in enumerate(course):
        if infusion.id not in kept:
            continue
        next_start = course[index + 1].started_at if index + 1 < len(course) else None
        own = after.get(infusion.id, [])
        until = infusion.ended_at + FLUID_WINDOW
        summaries.append(
            InfusionSummary(
                number=index + 1,
                started_at=infusion.started_at,
                ended_at=infusion.ended_at,
                started_text=_moment_text(infusion.started_at, tz, clock24, year),
                ended_text=format_clock(infusion.ended_at, tz, clock24),
                recovery_hours=_recovery_hours(infusion, next_start, own),
                fluids_24h=sum(c.fluids_glasses for c in own if infusion.ended_at <= c.at <= until),
                fluids_complete=now >= until,
            )
        )
    return tuple(summaries)


def _alert_entries(
    records: list[AlertRecord], when: Callable[[datetime], str]
) -> tuple[AlertEntry, ...]:
    entries = [
        AlertEntry(
            a.raised_at,
            when(a.raised_at),
            a.level,
            a.message,
            "" if a.resolved_at is None else when(a.resolved_at),
            a.resolution,
            a.by_patient or a.is_open,
            a.seen,
            a.latest.answer,
            a.code,
            a.closed_by,
        )
        for a in records
    ]
    order = {URGENT: 0, CALL_NOW: 1, CALL_TODAY: 2}
    return tuple(
        sorted(
            entries,
            key=lambda e: (
                not e.is_open,
                order.get(e.level, 3) if e.is_open else 0,
                -e.at.timestamp(),
            ),
        )
    )


def _notes(checkins: list[CheckIn], when: Callable[[datetime], str]) -> tuple[NoteEntry, ...]:
    # Notes the patient marked for the doctor come first; then the rest, newest first.
    notes = [
        NoteEntry(c.at, when(c.at), c.note.strip(), c.for_doctor)
        for c in checkins
        if c.note.strip()
    ]
    return tuple(sorted(notes, key=lambda n: (not n.for_doctor, -n.at.timestamp())))


def recovery_text(summary: InfusionSummary) -> str:
    """``30.0 h`` or ``not yet``."""
    return "not yet" if summary.recovery_hours is None else f"{summary.recovery_hours:.1f} h"


def fluids_text(summary: InfusionSummary) -> str:
    """``12 glasses``, or ``3 glasses so far`` while the 24 hours are not over."""
    text = plural(summary.fluids_24h, "glass")
    return text if summary.fluids_complete else f"{text} so far"
