"""A one-page summary of the patient's own entries, to take to the next appointment.

:func:`build_report` computes the facts (no I/O, no clock: ``now`` is passed in);
:func:`render_markdown` and :func:`render_html` only lay them out. The HTML is one
self-contained, print-friendly file: inline style only, no links, scripts or fonts, and
every piece of user text goes through :func:`html.escape`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from ketacheck.core import alerts as alert_rules
from ketacheck.core.alerts import CALL_NOW, CALL_TODAY, URGENT
from ketacheck.core.clock import ensure_utc, hours_between
from ketacheck.core.contents import JournalContents
from ketacheck.core.questionnaires import QUESTIONNAIRES, QuestionnaireResult, difficulty_label
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.scales import SIDE_EFFECTS
from ketacheck.core.timeparse import format_clock, to_local
from ketacheck.core.words import plural, printable
from ketacheck.exchange.report_answers import AnswerSheet, answer_sheets

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


@dataclass(frozen=True, slots=True)
class InfusionSummary:
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


@dataclass(frozen=True, slots=True)
class AlertEntry:
    """One alert concern (call-today and above): when it was raised, how often it was
    seen, and how it was settled.

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

    @property
    def outcome(self) -> str:
        """One phrase: how often it was seen, then "still open" or when and how it closed."""
        times = ""
        if self.seen > 1:
            times = f"seen at {self.seen} check-ins, latest {self.latest_answer}; "
            times = times.replace(", latest ;", ";")
        if not self.resolved_text:
            return f"{times}still open"
        verb = "resolved" if self.by_patient else "closed"
        return f"{times}{verb} {self.resolved_text}: {self.resolution}"


@dataclass(frozen=True, slots=True)
class SideEffectCount:
    """How many check-ins reported one side effect."""

    code: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """A non-empty check-in note."""

    at: datetime
    at_text: str
    text: str
    for_doctor: bool = False


@dataclass(frozen=True, slots=True)
class ScoreEntry:
    """One PHQ-9 or GAD-7 result as the report shows it."""

    name: str
    at_text: str
    total: int
    max_total: int
    band: str
    change: int | None
    difficulty: str = ""


@dataclass(frozen=True, slots=True)
class ReadingEntry:
    """One check-in's blood pressure and pulse, and whether the reading is over a level.

    Attributes:
        pressure: "128/84", or "" with only a pulse.
        pulse: "72", or "".
        over: "", "very high (180/120 or more)" or "at or above the clinic's level".
    """

    at_text: str
    pressure: str
    pulse: str
    over: str


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the summary says, already computed."""

    made_at: datetime
    made_text: str
    since: date | None
    planned: int
    infusions_logged: int
    checkins_shown: int
    care_team: str
    infusions: tuple[InfusionSummary, ...]
    alerts: tuple[AlertEntry, ...]
    side_effects: tuple[SideEffectCount, ...]
    notes: tuple[NoteEntry, ...]
    scores: tuple[ScoreEntry, ...] = ()
    answer_sheets: tuple[AnswerSheet, ...] = ()
    paper: str = "A4"
    readings: tuple[ReadingEntry, ...] = ()
    patient_name: str = ""
    """The name the patient gave in Settings; empty when they gave none."""

    @property
    def for_whom(self) -> str:
        """``Report for Ann Lee``, under the title; empty when the patient gave no name."""
        return f"Report for {self.patient_name}" if self.patient_name else ""


def _moment_text(moment: datetime, tz: tzinfo | None, clock_24h: bool) -> str:
    local = to_local(moment, tz)
    return f"{local:%a %d %b %Y} {format_clock(moment, tz, clock_24h)}"


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


def _fluids_24h(infusion: Infusion, checkins: list[CheckIn]) -> int:
    until = infusion.ended_at + FLUID_WINDOW
    return sum(c.fluids_glasses for c in checkins if infusion.ended_at <= c.at <= until)


def build_report(
    contents: JournalContents,
    now: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
) -> Report:
    """Compute the clinician summary.

    Args:
        contents: The whole journal.
        now: The current time (aware); the report reads no clock.
        since: Keep only records on or after this local date. Infusions keep their
            number in the whole course, and recovery looks at every check-in.
        tz: The patient's zone; None means this computer's.
    """
    now = ensure_utc(now)
    clock24 = contents.settings.clock_24h
    shown = contents.since(since, tz)

    def when(moment: datetime) -> str:
        return _moment_text(moment, tz, clock24)

    return Report(
        made_at=now,
        made_text=when(now),
        since=since,
        planned=contents.settings.planned_infusions,
        infusions_logged=len(contents.infusions),
        checkins_shown=len(shown.checkins),
        care_team=contents.settings.care_team_contact(),
        infusions=_infusion_summaries(contents, shown, now, tz),
        alerts=tuple(
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
            )
            for a in shown.alerts
        ),
        side_effects=_side_effect_counts(shown.checkins),
        notes=_notes(shown.checkins, when),
        scores=_scores(contents.questionnaires, shown.questionnaires, when),
        answer_sheets=answer_sheets(shown.questionnaires, when),
        paper="letter" if contents.settings.country in LETTER_COUNTRIES else "A4",
        readings=_readings(shown.checkins, contents.settings.clinic_bp, when),
        patient_name=printable(contents.settings.patient_name or "", newlines=False).strip(),
    )


def _infusion_summaries(
    contents: JournalContents, shown: JournalContents, now: datetime, tz: tzinfo | None
) -> tuple[InfusionSummary, ...]:
    course, everything = contents.infusions, contents.checkins
    clock24 = contents.settings.clock_24h
    kept = {i.id for i in shown.infusions}
    summaries = []
    for index, infusion in enumerate(course):
        if infusion.id not in kept:
            continue
        next_start = course[index + 1].started_at if index + 1 < len(course) else None
        summaries.append(
            InfusionSummary(
                number=index + 1,
                started_at=infusion.started_at,
                ended_at=infusion.ended_at,
                started_text=_moment_text(infusion.started_at, tz, clock24),
                ended_text=format_clock(infusion.ended_at, tz, clock24),
                # Recovery and fluids look at every check-in, so a --since date that falls
                # between an infusion and its check-ins does not hide them.
                recovery_hours=_recovery_hours(infusion, next_start, everything),
                fluids_24h=_fluids_24h(infusion, everything),
                fluids_complete=now >= infusion.ended_at + FLUID_WINDOW,
            )
        )
    return tuple(summaries)


def _scores(
    every: list[QuestionnaireResult],
    shown: list[QuestionnaireResult],
    when: Callable[[datetime], str],
) -> tuple[ScoreEntry, ...]:
    # Change is against the first result of the same kind in the whole course (the baseline).
    first: dict[str, QuestionnaireResult] = {}
    for result in every:
        first.setdefault(result.kind, result)
    return tuple(
        ScoreEntry(
            QUESTIONNAIRES[r.kind].name,
            when(r.at),
            r.total,
            QUESTIONNAIRES[r.kind].max_total,
            r.band,
            None if r is first[r.kind] else r.total - first[r.kind].total,
            difficulty_label(r.difficulty),
        )
        for r in shown
    )


def _side_effect_counts(checkins: list[CheckIn]) -> tuple[SideEffectCount, ...]:
    counts = Counter(code for c in checkins for code in dict.fromkeys(c.side_effects))
    return tuple(
        SideEffectCount(code, SIDE_EFFECTS.get(code, code), count)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def _notes(checkins: list[CheckIn], when: Callable[[datetime], str]) -> tuple[NoteEntry, ...]:
    # Notes the patient marked for the doctor come first; the rest follow in time order.
    return tuple(
        sorted(
            (
                NoteEntry(c.at, when(c.at), c.note.strip(), c.for_doctor)
                for c in checkins
                if c.note.strip()
            ),
            key=lambda n: (not n.for_doctor, n.at),
        )
    )


def _readings(
    checkins: list[CheckIn],
    clinic: tuple[int | None, int | None],
    when: Callable[[datetime], str],
) -> tuple[ReadingEntry, ...]:
    """Each check-in's blood pressure and pulse, oldest first, marked where over a level."""
    entries = []
    for c in checkins:
        if c.systolic is None and c.pulse is None:
            continue
        pair = (c.systolic or 0, c.diastolic or 0)
        over = ""
        if pair[0] >= alert_rules.CRISIS_SYSTOLIC or pair[1] >= alert_rules.CRISIS_DIASTOLIC:
            over = "very high (180/120 or more)"
        elif any(level is not None and n >= level for n, level in zip(pair, clinic, strict=True)):
            over = "at or above the clinic's level"
        pressure = "" if c.systolic is None else f"{c.systolic}/{c.diastolic}"
        entries.append(
            ReadingEntry(when(c.at), pressure, "" if c.pulse is None else str(c.pulse), over)
        )
    return tuple(entries)


def recovery_text(summary: InfusionSummary) -> str:
    """``30.0 h`` or ``not yet``."""
    return "not yet" if summary.recovery_hours is None else f"{summary.recovery_hours:.1f} h"


def fluids_text(summary: InfusionSummary) -> str:
    """``12 glasses``, or ``3 glasses so far`` while the 24 hours are not over."""
    text = plural(summary.fluids_24h, "glass")
    return text if summary.fluids_complete else f"{text} so far"
