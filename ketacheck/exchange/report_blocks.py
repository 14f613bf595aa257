"""The pieces a report is laid out in, which both renderers (Markdown and HTML) draw:
paragraphs, tables, notes, answer sheets, titled sections, and page one with its detail."""

from __future__ import annotations

from dataclasses import dataclass, field

from ketacheck.exchange.report import NoteEntry
from ketacheck.exchange.report_answers import AnswerSheet


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph; ``small`` for an explanation under a table."""

    text: str
    small: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table: a header, rows of cells, and a class per column (``when``, ``num``,
    ``text``); ``flagged`` rows are printed in bold. ``ours`` when no cell holds text
    the patient or a file typed (only dates, numbers and ketacheck's own words), so the
    cells need no escaping as Markdown (a table of years of days is quick to write)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    classes: tuple[str, ...]
    flagged: frozenset[int] = frozenset()
    ours: bool = False


@dataclass(frozen=True, slots=True)
class Notes:
    """Notes, each with its time and whether it is for the doctor."""

    notes: tuple[NoteEntry, ...]
    cut_at: int | None = None


@dataclass(frozen=True, slots=True)
class Sheets:
    """The latest PHQ-9 and GAD-7, answer by answer."""

    sheets: tuple[AnswerSheet, ...]


Block = Para | Table | Notes | Sheets


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of the report; with no blocks, ``empty`` says why in one line."""

    title: str
    blocks: tuple[Block, ...] = ()
    empty: str = ""


@dataclass(frozen=True, slots=True)
class Layout:
    """The report as page one and, for a longer record, the detail after it."""

    page1: tuple[Section, ...]
    detail: tuple[Section, ...] = field(default=())
