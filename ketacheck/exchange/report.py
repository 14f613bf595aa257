"""A one-page summary of the patient's own entries, to take to the next appointment.

:func:`build_report` computes the facts (no I/O, no clock: ``now`` is passed in);
:func:`render_markdown` and :func:`render_html` only lay them out. The HTML is one
self-contained, print-friendly file: inline style only, no links, scripts or fonts, and
every piece of user text goes through :func:`html.escape`.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from ketacheck.core.alerts import CALL_NOW, CALL_TODAY, URGENT
from ketacheck.core.clock import ensure_utc, hours_between
from ketacheck.core.contents import JournalContents
from ketacheck.core.questionnaires import QUESTIONNAIRES, QuestionnaireResult, difficulty_label
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.scales import SIDE_EFFECTS
from ketacheck.core.timeparse import format_clock, to_local
from ketacheck.core.words import plural, printable

TITLE = "ketacheck summary for the care team"
DISCLAIMER = "Made by ketacheck from the patient's own entries. It is not a medical assessment."
RECOVERY_MEANING = (
    "Recovered after: hours from the end of the infusion to the first check-in with no "
    "dizziness and no nausea (0 and 0)."
)
FLUID_WINDOW = timedelta(hours=24)
LEVEL_WORDS = {URGENT: "Urgent", CALL_NOW: "Call now", CALL_TODAY: "Call today"}


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
    """A kept alert (call-today and above): when it was raised, and how it was settled.

    Attributes:
        resolved_text: When the patient resolved it, or "" while it is open.
        resolution: How they settled it, in their words or the app's.
    """

    at: datetime
    at_text: str
    level: str
    message: str
    resolved_text: str = ""
    resolution: str = ""

    @property
    def outcome(self) -> str:
        """One phrase: "still open", or when and how it was resolved."""
        if not self.resolved_text:
            return "still open"
        return f"resolved {self.resolved_text}: {self.resolution}"


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
            )
            for a in shown.alerts
        ),
        side_effects=_side_effect_counts(shown.checkins),
        notes=_notes(shown.checkins, when),
        scores=_scores(contents.questionnaires, shown.questionnaires, when),
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


def recovery_text(summary: InfusionSummary) -> str:
    """``30.0 h`` or ``not yet``."""
    return "not yet" if summary.recovery_hours is None else f"{summary.recovery_hours:.1f} h"


def fluids_text(summary: InfusionSummary) -> str:
    """``12 glasses``, or ``3 glasses so far`` while the 24 hours are not over."""
    text = plural(summary.fluids_24h, "glass")
    return text if summary.fluids_complete else f"{text} so far"


def _scope(report: Report) -> str:
    if report.since is None:
        return "everything logged"
    return f"entries from {report.since.isoformat()} on"


def _course_line(report: Report) -> str:
    line = f"{report.infusions_logged} of {report.planned} planned infusions logged."
    if report.since is not None:
        line += f" Showing {plural(len(report.infusions), 'infusion')} from {report.since}."
    return line


def _course_rows(report: Report) -> list[tuple[str, ...]]:
    return [
        (
            f"{s.number} of {report.planned}",
            s.started_text,
            s.ended_text,
            recovery_text(s),
            fluids_text(s),
        )
        for s in report.infusions
    ]


COURSE_HEADER = ("Infusion", "Started", "Ended", "Recovered after", "Fluids, first 24 h")


def _md_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return [line(header), rule, *(line(row) for row in rows)]


#: Characters that could turn the patient's words into Markdown structure anywhere in a
#: line (raw HTML, a link or an image, code, emphasis, a table cell, a heading), and the
#: ones that do so only at its start (a list item, a setext underline, a numbered item).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d*)([-+=.)])")


def _md_plain(text: str) -> str:
    """Stored text as Markdown that renders as exactly that text, and nothing more."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", printable(text, newlines=False))
    return _MARKDOWN_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", escaped)


def _md_text(text: str, indent: str) -> str:
    """User text on one list item, as plain text: later lines indented under the first."""
    return ("\n" + indent).join(_md_plain(line) for line in printable(text).split("\n"))


SCORES_HEADER = ("Questionnaire", "When", "Total", "Band", "Change since first", "Difficulty")


def _score_row(score: ScoreEntry) -> tuple[str, ...]:
    change = "first" if score.change is None else f"{score.change:+d}"
    return (
        score.name,
        score.at_text,
        f"{score.total} of {score.max_total}",
        score.band,
        change,
        score.difficulty,
    )


def render_markdown(report: Report) -> str:
    """The summary as Markdown that also reads well as plain text."""
    out = [
        f"# {TITLE}",
        "",
        DISCLAIMER,
        "",
        f"Made: {report.made_text}  ",
        f"Covers: {_scope(report)}  ",
        f"Care team: {_md_plain(report.care_team)}",
        "",
        "## Course so far",
        "",
        _course_line(report),
        "",
    ]
    if report.infusions:
        out.extend(_md_table(COURSE_HEADER, _course_rows(report)))
        out.extend(["", RECOVERY_MEANING])
    else:
        out.append("No infusions in this period.")
    out.extend(["", f"## Alerts raised ({len(report.alerts)})", ""])
    if report.alerts:
        level_width = max(len(LEVEL_WORDS[a.level]) for a in report.alerts)
        for alert in report.alerts:
            level = LEVEL_WORDS[alert.level].ljust(level_width)
            out.append(
                f"- {alert.at_text}  {level}  {_md_text(alert.message, '  ')}"
                f" ({_md_text(alert.outcome, '  ')})"
            )
    else:
        out.append("No alerts that called for contacting the care team.")
    out.extend(
        ["", f"## Side effects reported (in {plural(report.checkins_shown, 'check-in')})", ""]
    )
    if report.side_effects:
        label_width = max(len(s.label) for s in report.side_effects)
        for effect in report.side_effects:
            out.append(f"- {effect.label.ljust(label_width)}  {plural(effect.count, 'check-in')}")
    else:
        out.append("None reported.")
    out.extend(["", f"## PHQ-9 and GAD-7 ({len(report.scores)})", ""])
    if report.scores:
        out.extend(_md_table(SCORES_HEADER, [_score_row(s) for s in report.scores]))
    else:
        out.append("No questionnaires taken in this period.")
    out.extend(["", f"## Notes ({len(report.notes)})", ""])
    if report.notes:
        for note in report.notes:
            mark = "For the doctor · " if note.for_doctor else ""
            out.append(f"- {mark}{note.at_text}  {_md_text(note.text, '  ')}")
    else:
        out.append("No notes.")
    out.extend(["", "---", DISCLAIMER, ""])
    return "\n".join(out)


_CSS = """
* { box-sizing: border-box; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 11pt; line-height: 1.35;
  color: #111; background: #fff; max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 16pt; margin: 0 0 0.3rem; }
h2 { font-size: 12.5pt; margin: 1.1rem 0 0.35rem; border-bottom: 1px solid #999; }
p { margin: 0.25rem 0; }
.disclaimer { font-style: italic; }
.meta { color: #333; }
table { border-collapse: collapse; width: 100%; margin: 0.3rem 0; }
th, td { text-align: left; padding: 0.2rem 0.5rem; border-bottom: 1px solid #ccc;
  vertical-align: top; }
th { border-bottom: 1.5px solid #555; }
td.num { text-align: right; white-space: nowrap; }
td.when { white-space: nowrap; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.small { font-size: 9.5pt; color: #333; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
""".strip()


def _e(text: str) -> str:
    return html.escape(printable(text), quote=True)


def _html_table(
    header: tuple[str, ...], rows: list[tuple[str, ...]], classes: tuple[str, ...]
) -> list[str]:
    out = [
        "<table>",
        "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead>",
    ]
    out.append("<tbody>")
    for row in rows:
        cells = "".join(
            f'<td class="{cls}">{_e(cell)}</td>' if cls else f"<td>{_e(cell)}</td>"
            for cell, cls in zip(row, classes, strict=True)
        )
        out.append(f"<tr>{cells}</tr>")
    out.extend(["</tbody>", "</table>"])
    return out


def render_html(report: Report) -> str:
    """The summary as one self-contained, print-friendly HTML page."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_e(TITLE)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(TITLE)}</h1>",
        f'<p class="disclaimer">{_e(DISCLAIMER)}</p>',
        f'<p class="meta">Made: {_e(report.made_text)} · Covers: {_e(_scope(report))}'
        f"<br>Care team: {_e(report.care_team)}</p>",
        "<h2>Course so far</h2>",
        f"<p>{_e(_course_line(report))}</p>",
    ]
    if report.infusions:
        out.extend(
            _html_table(COURSE_HEADER, _course_rows(report), ("when", "when", "when", "num", "num"))
        )
        out.append(f'<p class="small">{_e(RECOVERY_MEANING)}</p>')
    else:
        out.append("<p>No infusions in this period.</p>")
    out.append(f"<h2>Alerts raised ({len(report.alerts)})</h2>")
    if report.alerts:
        out.extend(
            _html_table(
                ("When", "Level", "Alert", "Resolved"),
                [(a.at_text, LEVEL_WORDS[a.level], a.message, a.outcome) for a in report.alerts],
                ("when", "when", "text", "text"),
            )
        )
    else:
        out.append("<p>No alerts that called for contacting the care team.</p>")
    out.append(
        f"<h2>Side effects reported (in {_e(plural(report.checkins_shown, 'check-in'))})</h2>"
    )
    if report.side_effects:
        out.extend(
            _html_table(
                ("Side effect", "Check-ins"),
                [(s.label, str(s.count)) for s in report.side_effects],
                ("text", "num"),
            )
        )
    else:
        out.append("<p>None reported.</p>")
    out.append(f"<h2>PHQ-9 and GAD-7 ({len(report.scores)})</h2>")
    if report.scores:
        out.extend(
            _html_table(
                SCORES_HEADER,
                [_score_row(s) for s in report.scores],
                ("text", "when", "num", "text", "num", "text"),
            )
        )
    else:
        out.append("<p>No questionnaires taken in this period.</p>")
    out.append(f"<h2>Notes ({len(report.notes)})</h2>")
    if report.notes:
        out.extend(
            _html_table(
                ("When", "For the doctor", "Note"),
                [(n.at_text, "yes" if n.for_doctor else "", n.text) for n in report.notes],
                ("when", "when", "text"),
            )
        )
    else:
        out.append("<p>No notes.</p>")
    out.extend([f'<p class="small disclaimer">{_e(DISCLAIMER)}</p>', "</body>", "</html>", ""])
    return "\n".join(out)
