"""The clinician summary as text: Markdown that reads as plain text, or one HTML page.

Both lay out the same :class:`~ketacheck.exchange.report_layout.Layout`: page one, then
(for a longer record) the detail, which starts a new printed page. Everything the patient
typed is shown as exactly what they typed: never as Markdown structure, HTML or a
terminal control sequence.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ketacheck.core.words import printable
from ketacheck.exchange.report import DISCLAIMER, TITLE, NoteEntry, Report
from ketacheck.exchange.report_answers import ITEM9_MARK, AnswerSheet, ItemAnswer, item9_line
from ketacheck.exchange.report_blocks import Block, Notes, Para, Section, Sheets, Table
from ketacheck.exchange.report_css import CSS, LETTER_PAGE, PAGE_FOOT
from ketacheck.exchange.report_layout import DETAIL_TITLE, layout


def _scope(report: Report) -> str:
    if report.since is None:
        return "everything logged"
    return f"entries from {report.since.isoformat()} on"


ANSWERS_HEADER = ("#", "Item", "Answer", "Score")


def _sheet_caption(sheet: AnswerSheet) -> str:
    """``PHQ-9, Sun 22 Nov 2026 15:00: 5 of 27 (mild). Difficulty: Somewhat difficult.``"""
    return (
        f"Latest {sheet.name}, {sheet.at_text}: {sheet.total} of {sheet.max_total} "
        f"({sheet.band}). Difficulty: {sheet.difficulty}."
    )


def _item_row(item: ItemAnswer) -> tuple[str, ...]:
    number = f"{ITEM9_MARK} {item.number}" if item.flagged else str(item.number)
    return (number, item.name, item.answer, str(item.score))


def _note_text(note: NoteEntry, cut_at: int | None) -> str:
    text = note.text
    if cut_at is not None and len(text) > cut_at:
        text = text[:cut_at].rstrip() + "…"
    return text


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


def _md_cell(text: str) -> str:
    """A table cell's text: nothing in it may end the cell or become Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(text, newlines=False))


def _md_table(
    header: tuple[str, ...], rows: Iterable[tuple[str, ...]], ours: bool = False
) -> list[str]:
    """The table with every column as wide as its widest cell, so it reads as plain text.

    Args:
        ours: No cell holds typed text (see ``Table.ours``): only the header is escaped.
    """
    body = list(rows) if ours else [tuple(_md_cell(c) for c in row) for row in rows]
    cells = [tuple(_md_cell(c) for c in header), *body]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    template = "| " + " | ".join(f"{{:<{w}}}" for w in widths) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    lines = [template.format(*row) for row in cells]
    return [lines[0], rule, *lines[1:]]


def _md_block(block: Block) -> list[str]:
    match block:
        case Para(text=text):
            return [_md_text(text, ""), ""]
        case Table(header=header, rows=rows, ours=ours):
            return [*_md_table(header, rows, ours), ""]
        case Notes(notes=notes, cut_at=cut_at):
            lines = []
            for note in notes:
                mark = "For the doctor · " if note.for_doctor else ""
                lines.append(f"- {mark}{note.at_text}  {_md_text(_note_text(note, cut_at), '  ')}")
            return [*lines, ""]
        case Sheets(sheets=sheets):
            out: list[str] = []
            for sheet in sheets:
                out.append(_md_plain(_sheet_caption(sheet)) + "  ")
                if sheet.item9 is not None:
                    out.append(_md_plain(item9_line(sheet.item9)))
                out.append("")
                out.extend([*_md_table(ANSWERS_HEADER, [_item_row(i) for i in sheet.items]), ""])
            return out
    raise TypeError(block)


def _md_section(section: Section) -> list[str]:
    out = [f"## {_md_plain(section.title)}", ""]
    if not section.blocks:
        return [*out, _md_plain(section.empty), ""]
    for block in section.blocks:
        out.extend(_md_block(block))
    return out


def render_markdown(report: Report) -> str:
    """The summary as Markdown that also reads well as plain text."""
    parts = layout(report)
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
    ]
    for section in parts.page1:
        out.extend(_md_section(section))
    if parts.detail:
        out.extend(["---", "", f"# {DETAIL_TITLE}", ""])
        for section in parts.detail:
            out.extend(_md_section(section))
    out.extend(["---", DISCLAIMER, ""])
    return "\n".join(out)


def _e(text: str) -> str:
    return html.escape(printable(text), quote=True)


def _html_table(table: Table) -> list[str]:
    out = [
        "<table>",
        "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in table.header) + "</tr></thead>",
        "<tbody>",
    ]
    for number, row in enumerate(table.rows):
        cells = "".join(
            f'<td class="{cls}">{_e(cell)}</td>' if cls else f"<td>{_e(cell)}</td>"
            for cell, cls in zip(row, table.classes, strict=True)
        )
        flagged = ' class="flagged"' if number in table.flagged else ""
        out.append(f"<tr{flagged}>{cells}</tr>")
    out.extend(["</tbody>", "</table>"])
    return out


def _html_sheets(sheets: tuple[AnswerSheet, ...]) -> list[str]:
    """The latest PHQ-9 and GAD-7 side by side, answer by answer; item 9 in bold and ⚠."""
    out = ['<div class="sheets">']
    for sheet in sheets:
        out.extend(['<div class="sheet">', f'<p class="caption">{_e(_sheet_caption(sheet))}</p>'])
        if sheet.item9 is not None:
            out.append(f'<p class="item9">{_e(item9_line(sheet.item9))}</p>')
        items = tuple(_item_row(i) for i in sheet.items)
        flagged = frozenset(n for n, i in enumerate(sheet.items) if i.flagged)
        out.extend(_html_table(Table(ANSWERS_HEADER, items, ("when", "", "", "num"), flagged)))
        out.append("</div>")
    out.append("</div>")
    return out


def _html_block(block: Block) -> list[str]:
    match block:
        case Para(text=text, small=small):
            return [f'<p class="small">{_e(text)}</p>' if small else f"<p>{_e(text)}</p>"]
        case Table():
            return _html_table(block)
        case Notes(notes=notes, cut_at=cut_at):
            out = ['<ul class="notes">']
            for note in notes:
                mark = "<b>For the doctor</b> · " if note.for_doctor else ""
                text = _e(_note_text(note, cut_at))
                out.append(f'<li>{mark}<span class="when">{_e(note.at_text)}</span> {text}</li>')
            return [*out, "</ul>"]
        case Sheets(sheets=sheets):
            return _html_sheets(sheets)
    raise TypeError(block)


def _html_section(section: Section) -> list[str]:
    if not section.blocks:  # a section with nothing to show takes one line: title, then why
        return [f'<div class="none"><h2>{_e(section.title)}</h2><p>{_e(section.empty)}</p></div>']
    out = [f"<h2>{_e(section.title)}</h2>"]
    for block in section.blocks:
        out.extend(_html_block(block))
    return out


def render_html(report: Report) -> str:
    """The summary as one self-contained, print-friendly HTML page."""
    parts = layout(report)
    title = f"<h1>{_e(TITLE)}</h1>"
    if report.for_whom:  # on the title's line, so a name makes the page no longer
        title = f'<div class="head">{title}<p class="patient">{_e(report.for_whom)}</p></div>'
    paper = LETTER_PAGE if report.paper == "letter" else ""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_e(TITLE)}</title>",
        f"<style>\n{CSS}\n{PAGE_FOOT}\n{paper}\n</style>",
        "</head>",
        "<body>",
        title,
        f'<p class="disclaimer">{_e(DISCLAIMER)}</p>',
        f'<p class="meta">Made: {_e(report.made_text)} · Covers: {_e(_scope(report))}'
        f" · Care team: {_e(report.care_team)}</p>",
    ]
    for section in parts.page1:
        out.extend(_html_section(section))
    if parts.detail:
        out.extend(['<section class="detail">', f"<h1>{_e(DETAIL_TITLE)}</h1>"])
        for section in parts.detail:
            out.extend(_html_section(section))
        out.append("</section>")
    out.append(f'<p class="small disclaimer closing">{_e(DISCLAIMER)}</p>')
    out.extend(["</body>", "</html>", ""])
    return "\n".join(out)
