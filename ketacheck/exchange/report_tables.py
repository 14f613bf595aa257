"""Each list of the report as a table of cells: the course, the days after each infusion,
the alerts, the questionnaires and the blood pressure readings."""

from __future__ import annotations

from collections.abc import Sequence

from ketacheck.core.course import course_label
from ketacheck.exchange.report import (
    LEVEL_WORDS,
    AlertEntry,
    InfusionSummary,
    Report,
    fluids_text,
    recovery_text,
)
from ketacheck.exchange.report_answers import ScoreEntry
from ketacheck.exchange.report_blocks import Table
from ketacheck.exchange.report_checkins import ReadingEntry
from ketacheck.exchange.report_days import DayRow

COURSE_HEADER = ("Course", "Started", "Ended", "Recovered after", "Fluids, first 24 h")


def course_table(report: Report, summaries: Sequence[InfusionSummary]) -> Table:
    rows = tuple(
        (
            course_label(s.number, report.planned),
            s.started_text,
            s.ended_text,
            recovery_text(s),
            fluids_text(s),
        )
        for s in summaries
    )
    return Table(COURSE_HEADER, rows, ("when", "when", "when", "num", "num"), ours=True)


DAYS_HEADER = (
    "Infusion, day",
    "Date",
    "Check-ins",
    "Dizziness",
    "Nausea",
    "Mood",
    "Fluids",
    "Tiredness",
    "Headache",
)
DAYS_MEANING = (
    "Each day's worst dizziness, nausea, tiredness and headache (0-10) and lowest mood "
    "(0 very low, 10 very good); fluids in glasses; \u201csick\u201d: vomited that day. "
    "Blank: not asked that day."
)


def _score(value: int | None) -> str:
    return "" if value is None else str(value)


def _day_row(row: DayRow) -> tuple[str, ...]:
    nausea = str(row.nausea) + (", sick" if row.vomited else "")
    return (
        f"{row.infusion_number}, day {row.day}",
        f"{row.on:%a %d %b}",
        str(row.checkins),
        str(row.dizziness),
        nausea,
        str(row.mood),
        str(row.fluids),
        _score(row.fatigue),
        _score(row.headache),
    )


def days_table(rows: Sequence[DayRow]) -> Table:
    classes = ("when", "when", "num", "num", "num", "num", "num", "num", "num")
    return Table(DAYS_HEADER, tuple(_day_row(r) for r in rows), classes, ours=True)


ALERTS_HEADER = ("Level", "First raised", "Alert", "Seen", "Settled")


def alerts_table(alerts: Sequence[AlertEntry]) -> Table:
    rows = tuple(
        (LEVEL_WORDS[a.level], a.at_text, a.concern, a.occurrences, a.outcome) for a in alerts
    )
    return Table(ALERTS_HEADER, rows, ("when", "when", "text", "text", "text outcome"))


SCORES_HEADER = (
    "Questionnaire",
    "When",
    "Total",
    "Band",
    "Change",
    "Item scores, in order",
    "Item 9",
    "Difficulty",
)


def _score_row(score: ScoreEntry) -> tuple[str, ...]:
    change = "first" if score.change is None else f"{score.change:+d}"
    total = f"{score.total} of {score.max_total}"
    return (
        score.name,
        score.at_text,
        total,
        score.band,
        change,
        score.answers,
        score.item9,
        score.difficulty,
    )


def scores_table(scores: Sequence[ScoreEntry]) -> Table:
    classes = ("text", "when", "num", "text", "num", "when", "text", "text")
    flagged = frozenset(n for n, s in enumerate(scores) if s.item9.startswith("\u26a0"))
    return Table(SCORES_HEADER, tuple(_score_row(s) for s in scores), classes, flagged, True)


SCORES_MEANING = (
    "Item scores: 0 not at all, 1 several days, 2 more than half the days, 3 nearly every "
    "day, over the last two weeks; item 9 of the PHQ-9 asks about thoughts of death or "
    "self-harm. Difficulty: the unscored last question."
)

READINGS_HEADER = ("When", "Blood pressure (mmHg)", "Pulse (a minute)", "Over a level")


def readings_table(readings: Sequence[ReadingEntry]) -> Table:
    rows = tuple((r.at_text, r.pressure or "—", r.pulse or "—", r.over) for r in readings)
    return Table(READINGS_HEADER, rows, ("when", "num", "num", "text"), ours=True)
