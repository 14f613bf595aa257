"""The pieces a report is laid out in, which both renderers (Markdown and HTML) draw:
paragraphs, tables, notes, answer sheets, titled sections, and page one with its detail."""

from __future__ import annotations

from msgspec import Struct, field

from ketacheck.exchange.report import NoteEntry
from ketacheck.exchange.report_answers import AnswerSheet


class Para(Struct, frozen=True):
    """A paragraph; ``small`` for an explanation under a table."""

    text: str
    small: bool = False


class Table(Struct, frozen=True):
    """A table: a header, rows of cells, and a class per column (``when``, ``num``,
    ``text``); ``flagged`` rows are printed in bold. ``ours`` when no cell holds text
    the patient or a file typed (only dates, numbers and ketacheck's own words), so the
    cells need no escaping as Markdown (a table of years of days is quick to write)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    classes: tuple[str, ...]
    flagged: frozenset[int] = frozenset()
    ours: bool = False


class Notes(Struct, frozen=True):
    """Notes, each with its time and whether it is for the doctor."""

    notes: tuple[NoteEntry, ...]
    cut_at: int | None = None


class Sheets(Struct, frozen=True):
    """The latest PHQ-9 and GAD-7, answer by answer."""

    sheets: tuple[AnswerSheet, ...]


Block = Para | Table | Notes | Sheets


class Section(Struct, frozen=True):
    """A titled part of the report; with no blocks, ``empty`` says why in one line."""

    title: str
    blocks: tuple[Block, ...] = ()
    empty: str = ""


class Layout(Struct, frozen=True):
    """The report as page one and, for a longer record, the detail after it."""

    page1: tuple[Section, ...]
    detail: tuple[Section, ...] = field(default=())
