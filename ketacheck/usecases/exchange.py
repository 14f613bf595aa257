"""Handing the record over and bringing one in: export, the clinician report, import.

Each use case reads the journal once, renders with the patient's zone, writes atomically
and returns what happened, for the CLI and the app to say in their own way.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Literal

from ketacheck.core.clock import ensure_utc, utc_now
from ketacheck.core.contents import JournalContents
from ketacheck.core.scales import ValidationError
from ketacheck.core.words import plural
from ketacheck.exchange.export import checkins_csv, export_document, export_json
from ketacheck.exchange.importer import ImportBundle, parse_export, read_export_file
from ketacheck.store.fileio import atomic_write
from ketacheck.store.journal import Journal
from ketacheck.store.paths import inside_data_folder
from ketacheck.usecases.file_formats import file_format

ExportFormat = Literal["json", "csv", "fhir"]
ReportFormat = Literal["md", "html", "pdf"]

#: Settings that decide what the patient is told in a crisis or may do and when: an
#: import that changes one says so, by name.
SAFETY_SETTINGS = {
    "crisis_line": "crisis line",
    "country": "country (which picks the crisis line)",
    "care_team_name": "care team",
    "care_team_phone": "care team's number",
    "restriction_hours": "restriction hours",
    "fasting_hours": "fasting hours",
}


@dataclass(frozen=True)
class Rendered:
    """A file's bytes, and a phrase for what it holds ("2 infusions and 9 check-ins")."""

    payload: bytes
    what: str


@dataclass(frozen=True)
class Imported:
    """What an import did, in one sentence, and whether the file's settings were left."""

    message: str
    settings_left: bool


def default_output_path(home: Path, today: date, extension: str, stem: str) -> Path:
    """A dated file in ``home`` that doesn't exist yet: ``{stem}-{today}.{extension}``."""
    base = home / f"{stem}-{today.isoformat()}"
    candidate = base.with_suffix(f".{extension}")
    counter = 2
    while candidate.exists():
        candidate = home / f"{base.name}-{counter}.{extension}"
        counter += 1
    return candidate


#: Each export format's file: its extension (from the one table of them) and the start
#: of its default name.
EXPORT_FILES: dict[ExportFormat, tuple[str, str]] = {
    "json": (file_format("export", "json").extension, "ketacheck-export"),
    "csv": (file_format("export", "csv").extension, "ketacheck-export"),
    "fhir": (file_format("export", "fhir").extension, "ketacheck-fhir"),
}


def render_export(
    contents: JournalContents,
    export_format: ExportFormat,
    now: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
) -> Rendered:
    """The export as JSON (the whole record), CSV (the check-ins) or a FHIR R4 Bundle."""
    if export_format == "fhir":
        return _render_fhir(contents, now, since, tz)
    if export_format == "csv":
        text = checkins_csv(contents, since, tz)
        # Count records, not lines: a note may hold line breaks.
        rows = sum(1 for _ in csv.reader(io.StringIO(text))) - 1
        return Rendered(text.encode(), plural(rows, "check-in"))
    document = export_document(contents, now, since, tz)
    what = (
        f"{plural(len(document['infusions']), 'infusion')} and "
        f"{plural(len(document['checkins']), 'check-in')}"
    )
    if document["questionnaires"]:
        what += f" ({plural(len(document['questionnaires']), 'questionnaire')})"
    return Rendered(export_json(document), what)


def _render_fhir(
    contents: JournalContents, now: datetime, since: date | None, tz: tzinfo | None
) -> Rendered:
    from ketacheck.exchange.fhir import fhir_document, fhir_json

    kept = contents.since(since, tz)
    infusions, checkins = (
        plural(len(kept.infusions), "infusion"),
        plural(len(kept.checkins), "check-in"),
    )
    what = f"{infusions} and {checkins}"
    if kept.questionnaires:
        what += f" ({plural(len(kept.questionnaires), 'questionnaire')})"
    return Rendered(fhir_json(fhir_document(contents, now, since, tz)), f"{what} as FHIR")


def render_report(
    contents: JournalContents,
    report_format: ReportFormat,
    now: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
) -> Rendered:
    """The one-page clinician summary as Markdown, a self-contained HTML page, or that page
    printed to PDF.

    Raises:
        PdfUnavailable: a PDF was asked for and WeasyPrint or its libraries are missing
            (:func:`pdf_problem` tells beforehand).
    """
    from ketacheck.exchange.report import build_report
    from ketacheck.exchange.report_text import render_html, render_markdown

    summary = build_report(contents, now, since, tz)
    what = (
        f"{plural(len(summary.infusions), 'infusion')} and "
        f"{plural(summary.checkins_shown, 'check-in')}"
    )
    if report_format == "pdf":
        from ketacheck.exchange.report_pdf import html_to_pdf

        return Rendered(html_to_pdf(render_html(summary)), what)
    text = render_html(summary) if report_format == "html" else render_markdown(summary)
    return Rendered(text.encode(), what)


def pdf_problem() -> str | None:
    """Why this computer can't make a PDF report (what is missing, what to install), or
    None when it can. Loads WeasyPrint, which takes about half a second the first time."""
    from ketacheck.exchange.report_pdf import pdf_problem as problem

    return problem()


def refuse_data_folder(path: Path, data_dir: Path) -> None:
    """Refuse ``path`` if it is in ketacheck's data folder (the journal, a backup...).

    Raises:
        ValidationError: it is.
    """
    if inside_data_folder(path, data_dir):
        raise ValidationError(
            "-o",
            f"{path} is in ketacheck's data folder ({data_dir}), where only ketacheck "
            "writes; choose a file outside it. Nothing was written",
        )


def write_output(path: Path, payload: bytes, data_dir: Path) -> None:
    """Replace ``path`` with ``payload`` atomically, never inside ketacheck's data folder.

    Raises:
        ValidationError: ``path`` is in the data folder (the journal, a backup...).
        OSError: it couldn't be written; the error names ``path``, not a temporary file.
    """
    refuse_data_folder(path, data_dir)
    try:
        atomic_write(path, payload)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def read_import(path: Path) -> ImportBundle:
    """Read and check a whole export file (see :func:`read_export_file`, :func:`parse_export`).

    Raises:
        ImportFileError: it is not an export ketacheck can import, naming what is wrong.
        OSError: it can't be read.
    """
    return parse_export(read_export_file(path))


def import_bundle(
    journal: Journal,
    bundle: ImportBundle,
    with_settings: bool = False,
    now: datetime | None = None,
) -> Imported:
    """Add a parsed export file's new records to ``journal``, all or nothing.

    Every alert is first rewritten from the rules (see :mod:`ketacheck.exchange.trust`).
    The file's settings are taken only ``with_settings``, and then every safety setting
    they change is named.
    """
    from ketacheck.exchange.trust import check_alerts

    now = ensure_utc(now or utc_now())
    before = journal.settings()
    checked = check_alerts(
        bundle,
        journal.infusions(),
        journal.checkins(),
        journal.questionnaires(),
        now,
        before.baseline_mood,
        before.clinic_bp,
    )
    trusted = checked.bundle
    taken = trusted.settings if with_settings else None
    added = journal.import_all(
        trusted.infusions,
        trusted.checkins,
        trusted.questionnaires,
        taken,
        alerts=trusted.alerts,
        now=now,
    )
    message = import_summary(bundle.record_count, *added)
    left = taken is None and bundle.settings is not None and bundle.settings != before
    if taken is not None:
        message += _settings_taken(before.to_dict(), taken.to_dict())
    elif left:
        message += " Your own settings were kept; the file's settings were not taken."
    if checked.refused:
        message += (
            f" Left out {plural(len(checked.refused), 'alert')} that the file claimed but its "
            "records don't raise: " + "; ".join(checked.refused) + "."
        )
    return Imported(message, left)


def _settings_taken(old: dict[str, object], new: dict[str, object]) -> str:
    changed = [words for key, words in SAFETY_SETTINGS.items() if old[key] != new[key]]
    if not changed:
        return " Took the file's settings (no safety setting changed)."
    return (
        " Took the file's settings; these safety settings changed: "
        + ", ".join(changed)
        + ". Please check them in Settings against what your clinic told you."
    )


def import_summary(
    offered: int, added_infusions: int, added_checkins: int, added_questionnaires: int = 0
) -> str:
    """``Imported 2 infusions and 9 check-ins.`` and how many were already there."""
    message = (
        f"Imported {plural(added_infusions, 'infusion')} and {plural(added_checkins, 'check-in')}"
    )
    if added_questionnaires:
        message += f" ({plural(added_questionnaires, 'questionnaire')})"
    message += "."
    already = offered - added_infusions - added_checkins - added_questionnaires
    if already == 1:
        message += " 1 record was already in your journal and was left as it was."
    elif already:
        message += f" {already} records were already in your journal and were left as they were."
    return message
