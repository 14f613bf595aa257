"""Where each fact of the report goes: page one, or the detail after it.

Page one is the summary and holds a bounded amount whatever the size of the record: the
latest infusions, their recovery day by day, the self-harm screening, the side effects,
the alerts, the blood pressure, the questionnaires and a few notes. What a longer record
holds beyond that continues in the detail, section by section, and page one says so
where it stops. Both renderers (Markdown and HTML) lay out the same :class:`Layout`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from msgspec import Struct

from ketacheck.core.words import plural
from ketacheck.exchange.report import RECOVERY_MEANING, Report
from ketacheck.exchange.report_blocks import Block, Layout, Notes, Para, Section, Sheets
from ketacheck.exchange.report_checkins import ScreenYes
from ketacheck.exchange.report_days import DayRow
from ketacheck.exchange.report_tables import (
    DAYS_MEANING,
    SCORES_MEANING,
    alerts_table,
    course_table,
    days_table,
    readings_table,
    scores_table,
)


class Budget(Struct, frozen=True):
    """How many of each list page one holds; the rest continues in the detail."""

    infusions: int
    days: int
    yes: int
    alerts: int
    readings: int
    scores: int
    notes: int


#: Page one of a typical course week, whole.
ROOMY = Budget(infusions=4, days=10, yes=3, alerts=5, readings=3, scores=4, notes=3)
#: Page one of a longer record, which also says where each list continues.
LONG = Budget(infusions=3, days=8, yes=2, alerts=4, readings=2, scores=2, notes=2)
#: A note longer than this is cut on page one (whole in the export, or the detail).
PAGE1_NOTE_CHARS = 200

CONTINUED = "continued"
DETAIL_TITLE = "Detail, continued from page 1"


class Part(Struct, frozen=True):
    """One part of the report: its section on page one, and (made only when the detail
    is printed, as it may hold years of rows) the whole of it; ``overflow`` when page one
    had to leave out something the summary owes."""

    page1: Section
    whole_title: str = ""
    whole: Callable[[], tuple[Block, ...]] | None = None
    overflow: bool = False


def _cut(items: Sequence[object], limit: int, noun: str) -> str:
    """What page one says where a list stops: "" when it holds them all."""
    more = len(items) - limit
    if more <= 0:
        return ""
    return f"{plural(more, 'more ' + noun)}: {CONTINUED} in the detail after page 1."


def _course_line(report: Report) -> str:
    logged, planned = report.infusions_logged, report.planned
    if logged <= planned:
        line = f"{logged} of {planned} planned infusions logged."
    else:
        line = f"{plural(logged, 'infusion')} logged: the planned course of {planned} is done."
    if report.since is not None:
        line += f" Showing {plural(len(report.infusions), 'infusion')} from {report.since}."
    return line


def _latest_days(report: Report, budget: Budget) -> tuple[DayRow, ...]:
    """The days page one shows: the newest infusions' days, whole infusions where they fit."""
    kept: list[DayRow] = []
    for number in sorted({r.infusion_number for r in report.days}, reverse=True):
        own = [r for r in report.days if r.infusion_number == number]
        if kept and len(kept) + len(own) > budget.days:
            break
        kept = own[-budget.days :] + kept
    return tuple(kept)


def _with_cut(
    blocks: list[Block], items: Sequence[object], limit: int, noun: str
) -> tuple[Block, ...]:
    cut = _cut(items, limit, noun)
    return tuple([*blocks, Para(cut, small=True)] if cut else blocks)


def _course(report: Report, budget: Budget) -> Part:
    title = "Course so far"
    blocks: list[Block] = [Para(_course_line(report))]
    if not report.infusions:
        return Part(Section(title, tuple(blocks)))
    latest = report.infusions[-budget.infusions :]
    blocks.extend([course_table(report, latest), Para(RECOVERY_MEANING, small=True)])
    page1 = Section(title, _with_cut(blocks, report.infusions, len(latest), "infusion"))
    return Part(
        page1,
        f"{title}, {CONTINUED}",
        lambda: (course_table(report, report.infusions),),
        len(latest) < len(report.infusions),
    )


def _recovery(report: Report, budget: Budget) -> Part:
    title = "Recovery day by day"
    if not report.days:
        return Part(Section(title, empty="No check-ins after an infusion in this period."))
    latest = _latest_days(report, budget)
    blocks: list[Block] = [days_table(latest), Para(DAYS_MEANING, small=True)]
    page1 = Section(title, _with_cut(blocks, report.days, len(latest), "earlier day"))
    return Part(
        page1,
        f"{title}, {CONTINUED}",
        lambda: (days_table(report.days),),
        len(latest) < len(report.days),
    )


def _self_harm(report: Report, budget: Budget) -> Part:
    title = "Thoughts of self-harm, asked at check-ins"
    screening = report.screening

    def lines(yes: Sequence[ScreenYes]) -> list[Block]:
        return [Para(f"Yes, {y.at_text}: {y.outcome}.") for y in yes]

    shown = screening.yes[-budget.yes :]
    blocks = [Para(screening.sentence), *lines(shown)]
    page1 = Section(title, _with_cut(blocks, screening.yes, len(shown), "earlier yes"))
    if not screening.yes:
        return Part(page1)
    return Part(
        page1,
        f"{title}, {CONTINUED}",
        lambda: tuple(lines(screening.yes)),
        len(shown) < len(screening.yes),
    )


def _side_effects(report: Report, budget: Budget) -> Part:
    effects = report.side_effects
    counts = ", ".join(f"{c.label} at {plural(c.count, 'check-in')}" for c in effects.counts)
    text = f"{effects.sentence} Reported: {counts}." if counts else effects.sentence
    return Part(Section("Side effects", (Para(text),)))


def _alerts(report: Report, budget: Budget) -> Part:
    title = f"Alerts ({plural(len(report.alerts), 'concern')}, each once)"
    if not report.alerts:
        return Part(Section(title, empty="None that called for contacting the care team."))
    shown = report.alerts[: budget.alerts]
    table = alerts_table(shown)
    page1 = Section(title, _with_cut([table], report.alerts, len(shown), "earlier concern"))
    return Part(
        page1,
        f"Alerts, {CONTINUED}",
        lambda: (alerts_table(report.alerts),),
        len(shown) < len(report.alerts),
    )


def _pressure(report: Report, budget: Budget) -> Part:
    title = "Blood pressure and pulse"
    found = report.pressure
    if not found.readings:
        return Part(Section(title, empty="No readings in this period."))
    over = found.over
    blocks: list[Block] = [Para(found.summary)]
    if over:
        shown = over[-budget.readings :]
        blocks.append(Para(f"Over a level: {plural(len(over), 'reading')}."))
        blocks.extend(_with_cut([readings_table(shown)], over, len(shown), "reading over a level"))
    else:
        blocks.append(Para("None over a level."))
    return Part(
        Section(title, tuple(blocks)),
        f"{title}, every reading",
        lambda: (readings_table(found.readings),),
        len(over) > budget.readings,
    )


def _questionnaires(report: Report, budget: Budget) -> Part:
    title = "PHQ-9 and GAD-7"
    if not report.scores:
        return Part(Section(title, empty="None taken in this period."))
    latest = report.scores[-budget.scores :]
    blocks: list[Block] = [scores_table(latest), Para(SCORES_MEANING, small=True)]
    page1 = Section(title, _with_cut(blocks, report.scores, len(latest), "earlier result"))
    every: list[Block] = [scores_table(report.scores)]
    if report.answer_sheets:
        every.append(Sheets(report.answer_sheets))
    return Part(
        page1, f"{title}, {CONTINUED}", lambda: tuple(every), len(latest) < len(report.scores)
    )


def _notes(report: Report, budget: Budget, with_detail: bool) -> Part:
    if not report.notes:
        return Part(Section("Notes", empty="No notes."))
    title = f"Notes ({len(report.notes)}; for the doctor first, then the newest)"
    shown = report.notes[: budget.notes]
    blocks: list[Block] = [Notes(shown, PAGE1_NOTE_CHARS)]
    rest = len(report.notes) - len(shown)
    if rest:
        where = f"{CONTINUED} in the detail after page 1" if with_detail else "in your export"
        blocks.append(Para(f"{plural(rest, 'older note')}: {where}.", small=True))
    page1 = Section(title, tuple(blocks))
    return Part(page1, "Notes, every one", lambda: (Notes(report.notes),))


PARTS = (_course, _recovery, _self_harm, _side_effects, _alerts, _pressure, _questionnaires)


def layout(report: Report) -> Layout:
    """The report's sections: page one and, when page one had to leave out something the
    summary owes (infusions, days, alerts, results), the detail with every part whole."""
    parts = [part(report, ROOMY) for part in PARTS]
    cut_note = any(len(n.text) > PAGE1_NOTE_CHARS for n in report.notes[: ROOMY.notes])
    overflow = cut_note or any(p.overflow for p in parts)
    if overflow:  # page one now also says where each list continues: it holds less
        parts = [part(report, LONG) for part in PARTS]
    parts.append(_notes(report, LONG if overflow else ROOMY, overflow))
    page1 = tuple(p.page1 for p in parts)
    if not overflow:
        return Layout(page1)
    detail = tuple(Section(p.whole_title, p.whole()) for p in parts if p.whole is not None)
    return Layout(page1, detail)
