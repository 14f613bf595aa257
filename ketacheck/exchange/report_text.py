"""The clinician summary as text: Markdown that reads as plain text, or one HTML page.

Everything the patient typed is shown as exactly what they typed: never as Markdown
structure, HTML or a terminal control sequence.
"""

from __future__ import annotations

import html
import re

from ketacheck.core.course import course_label
from ketacheck.core.words import plural, printable
from ketacheck.exchange.report import (
    DISCLAIMER,
    LEVEL_WORDS,
    RECOVERY_MEANING,
    TITLE,
    ReadingEntry,
    Report,
    ScoreEntry,
    fluids_text,
    recovery_text,
)
from ketacheck.exchange.report_answers import ITEM9_MARK, AnswerSheet, ItemAnswer, item9_line
from ketacheck.exchange.report_css import CSS, LETTER_PAGE, PAGE_FOOT


def _scope(report: Report) -> str:
    if report.since is None:
        return "everything logged"
    return f"entries from {report.since.isoformat()} on"


def _course_line(report: Report) -> str:
    logged, planned = report.infusions_logged, report.planned
    if logged <= planned:
        line = f"{logged} of {planned} planned infusions logged."
    else:
        line = f"{plural(logged, 'infusion')} logged: the planned course of {planned} is done."
    if report.since is not None:
        line += f" Showing {plural(len(report.infusions), 'infusion')} from {report.since}."
    return line


def _course_rows(report: Report) -> list[tuple[str, ...]]:
    return [
        (
            course_label(s.number, report.planned),
            s.started_text,
            s.ended_text,
            recovery_text(s),
            fluids_text(s),
        )
        for s in report.infusions
    ]


def _side_effects_title(report: Report) -> str:
    """The heading names what each count is out of: every check-in shown, not only the
    ones that reported a side effect."""
    return f"Side effects reported (out of {plural(report.checkins_shown, 'check-in')})"


def _out_of(count: int, report: Report) -> str:
    """How many of the check-ins shown reported one side effect: "3 of 10 check-ins"."""
    return f"{count} of {plural(report.checkins_shown, 'check-in')}"


COURSE_HEADER = ("Course", "Started", "Ended", "Recovered after", "Fluids, first 24 h")


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


ANSWERS_TITLE = "Latest answers, item by item"
ANSWERS_HEADER = ("#", "Item", "Answer", "Score")


def _sheet_caption(sheet: AnswerSheet) -> str:
    """``PHQ-9, Sun 22 Nov 2026 15:00: 5 of 27 (mild). Difficulty: Somewhat difficult.``"""
    return (
        f"{sheet.name}, {sheet.at_text}: {sheet.total} of {sheet.max_total} ({sheet.band}). "
        f"Difficulty: {sheet.difficulty}."
    )


def _item_row(item: ItemAnswer) -> tuple[str, ...]:
    number = f"{ITEM9_MARK} {item.number}" if item.flagged else str(item.number)
    return (number, item.name, item.answer, str(item.score))


def _md_answer_sheets(report: Report) -> list[str]:
    """Each latest questionnaire's answers, PHQ-9 item 9 on a line of its own first."""
    out = ["", f"## {ANSWERS_TITLE}"]
    for sheet in report.answer_sheets:
        out.extend(["", _sheet_caption(sheet) + "  "])
        if sheet.item9 is not None:
            out.append(_md_plain(item9_line(sheet.item9)))
        out.append("")
        out.extend(_md_table(ANSWERS_HEADER, [_item_row(i) for i in sheet.items]))
    return out


READINGS_HEADER = ("When", "Blood pressure (mmHg)", "Pulse (a minute)", "Over a level")
NO_READINGS = "No blood pressure or pulse readings in this period."


def _reading_row(reading: ReadingEntry) -> tuple[str, ...]:
    return (reading.at_text, reading.pressure or "—", reading.pulse or "—", reading.over)


def render_markdown(report: Report) -> str:
    """The summary as Markdown that also reads well as plain text."""
    out = [
        f"# {TITLE}",
        "",
        *([_md_plain(report.for_whom), ""] if report.for_whom else []),
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
    out.extend(["", f"## {_side_effects_title(report)}", ""])
    if report.side_effects:
        label_width = max(len(s.label) for s in report.side_effects)
        for effect in report.side_effects:
            out.append(f"- {effect.label.ljust(label_width)}  {_out_of(effect.count, report)}")
    else:
        out.append("None reported.")
    out.extend(["", f"## PHQ-9 and GAD-7 ({len(report.scores)})", ""])
    if report.scores:
        out.extend(_md_table(SCORES_HEADER, [_score_row(s) for s in report.scores]))
        out.extend(_md_answer_sheets(report))
    else:
        out.append("No questionnaires taken in this period.")
    out.extend(["", f"## Blood pressure and pulse ({len(report.readings)})", ""])
    if report.readings:
        out.extend(_md_table(READINGS_HEADER, [_reading_row(r) for r in report.readings]))
    else:
        out.append(NO_READINGS)
    out.extend(["", f"## Notes ({len(report.notes)})", ""])
    if report.notes:
        for note in report.notes:
            mark = "For the doctor · " if note.for_doctor else ""
            out.append(f"- {mark}{note.at_text}  {_md_text(note.text, '  ')}")
    else:
        out.append("No notes.")
    out.extend(["", "---", DISCLAIMER, ""])
    return "\n".join(out)


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
    title = f"<h1>{_e(TITLE)}</h1>"
    if report.for_whom:  # on the title's line, so a name makes the page no longer
        title = f'<div class="head">{title}<p class="patient">{_e(report.for_whom)}</p></div>'
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_e(TITLE)}</title>",
        f"<style>\n{CSS}\n{PAGE_FOOT}\n{LETTER_PAGE if report.paper == 'letter' else ''}\n</style>",
        "</head>",
        "<body>",
        title,
        f'<p class="disclaimer">{_e(DISCLAIMER)}</p>',
        f'<p class="meta">Made: {_e(report.made_text)} · Covers: {_e(_scope(report))}'
        f" · Care team: {_e(report.care_team)}</p>",
        "<h2>Course so far</h2>",
        f"<p>{_e(_course_line(report))}</p>",
    ]
    if report.infusions:
        course_classes = ("when", "when", "when", "num", "num")
        out.extend(_html_table(COURSE_HEADER, _course_rows(report), course_classes))
        out.append(f'<p class="small">{_e(RECOVERY_MEANING)}</p>')
    else:
        out.append("<p>No infusions in this period.</p>")
    for title, header, rows, classes, empty in _html_sections(report):
        if rows:
            out.append(f"<h2>{_e(title)}</h2>")
            out.extend(_html_table(header, rows, classes))
        else:  # a section with nothing to show takes one line: its title, then why
            out.append(f'<div class="none"><h2>{_e(title)}</h2><p>{_e(empty)}</p></div>')
        if header is SCORES_HEADER and report.answer_sheets:  # the answers follow the totals
            out.extend(_html_answer_sheets(report))
    out.append(f'<p class="small disclaimer closing">{_e(DISCLAIMER)}</p>')
    out.extend(["</body>", "</html>", ""])
    return "\n".join(out)


def _html_answer_sheets(report: Report) -> list[str]:
    """The latest PHQ-9 and GAD-7 side by side, answer by answer; item 9 in bold and ⚠."""
    out = [f"<h2>{_e(ANSWERS_TITLE)}</h2>", '<div class="sheets">']
    for sheet in report.answer_sheets:
        out.extend(['<div class="sheet">', f'<p class="caption">{_e(_sheet_caption(sheet))}</p>'])
        if sheet.item9 is not None:
            out.append(f'<p class="item9">{_e(item9_line(sheet.item9))}</p>')
        out.append("<table>")
        out.append(
            "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in ANSWERS_HEADER) + "</tr></thead>"
        )
        out.append("<tbody>")
        for item in sheet.items:
            number, name, answer, score = (_e(cell) for cell in _item_row(item))
            flagged = ' class="flagged"' if item.flagged else ""
            out.append(
                f'<tr{flagged}><td class="when">{number}</td><td>{name}</td>'
                f'<td>{answer}</td><td class="num">{score}</td></tr>'
            )
        out.extend(["</tbody>", "</table>", "</div>"])
    out.append("</div>")
    return out


Section = tuple[str, tuple[str, ...], list[tuple[str, ...]], tuple[str, ...], str]


def _html_sections(report: Report) -> list[Section]:
    """(title, header, rows, cell classes, what to say when empty) for each table."""
    return [
        (
            f"Alerts raised ({len(report.alerts)})",
            ("When", "Level", "Alert", "Resolved"),
            [(a.at_text, LEVEL_WORDS[a.level], a.message, a.outcome) for a in report.alerts],
            ("when", "when", "text", "text outcome"),
            "No alerts that called for contacting the care team.",
        ),
        (
            _side_effects_title(report),
            ("Side effect", "Check-ins"),
            [(s.label, f"{s.count} of {report.checkins_shown}") for s in report.side_effects],
            ("text", "num"),
            "None reported.",
        ),
        (
            f"PHQ-9 and GAD-7 ({len(report.scores)})",
            SCORES_HEADER,
            [_score_row(s) for s in report.scores],
            ("text", "when", "num", "text", "num", "text"),
            "No questionnaires taken in this period.",
        ),
        (
            f"Blood pressure and pulse ({len(report.readings)})",
            READINGS_HEADER,
            [_reading_row(r) for r in report.readings],
            ("when", "num", "num", "text"),
            NO_READINGS,
        ),
        (
            f"Notes ({len(report.notes)})",
            ("When", "For the doctor", "Note"),
            [(n.at_text, "yes" if n.for_doctor else "", n.text) for n in report.notes],
            ("when", "when", "text"),
            "No notes.",
        ),
    ]
