"""Handing the record over and bringing one in: export, the clinician report, import.

Each use case reads the journal once, renders with the patient's zone, writes atomically
and returns what happened, for the CLI and the app to say in their own way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Literal

from msgspec import Struct

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


class Rendered(Struct, frozen=True):
    """A file's bytes, and a phrase for what it holds ("2 infusions and 9 check-ins").

    A big file (a FHIR Bundle of years) comes as ``stream`` instead of ``body``: it makes
    the bytes a chunk at a time while they are written, so the whole file is never in
    memory.
    """

    body: bytes
    what: str
    stream: Callable[[], Iterator[bytes]] | None = None

    def chunks(self) -> Iterator[bytes]:
        """The file's bytes, in the order they are written."""
        if self.stream is None:
            yield self.body
        else:
            yield from self.stream()

    @property
    def payload(self) -> bytes:
        """The file's bytes in one piece (a streamed file is made whole now)."""
        return self.body if self.stream is None else b"".join(self.stream())


class Imported(Struct, frozen=True):
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
    from ketacheck.exchange.fhir import fhir_chunks

    kept = contents.since(since, tz)
    infusions, checkins = (
        plural(len(kept.infusions), "infusion"),
        plural(len(kept.checkins), "check-in"),
    )
    what = f"{infusions} and {checkins}"
    if kept.questionnaires:
        what += f" ({plural(len(kept.questionnaires), 'questionnaire')})"
    return Rendered(b"", f"{what} as FHIR", stream=lambda: fhir_chunks(contents, now, since, tz))


def render_report(
    contents: JournalContents,
    report_format: ReportFormat,
    now: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
    paper: str | None = None,
    locale_region: str | None = None,
) -> Rendered:
    """The one-page clinician summary as Markdown, a self-contained HTML page, or that page
    printed to PDF on ``paper`` (``a4`` or ``letter``; None: by the country in Settings,
    else by ``locale_region``, the region of this computer's locale).

    Raises:
        PdfUnavailable: a PDF was asked for and WeasyPrint or its libraries are missing
            (:func:`pdf_problem` tells beforehand).
    """
    from ketacheck.exchange.report import build_report, paper_for
    from ketacheck.exchange.report_text import render_html, render_markdown

    paper = paper or paper_for(contents.settings.effective_country, locale_region)
    summary = build_report(contents, now, since, tz, paper)
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


class ExportNotChecked(Exception):
    """An export could not be checked, or did not pass: the message says which, and why."""


def check_export(path: Path, export_format: ExportFormat) -> str:
    """Check a written export file; what it was checked against, in a few words.

    JSON is checked against the JSON Schema shipped in the package (``jsonschema``), FHIR
    against FHIR's R4B Bundle model (``fhir.resources``): both optional, as the extra
    ``ketacheck[validate]``. A big Bundle takes memory to check: it is read whole.

    Raises:
        ExportNotChecked: the format has no check (CSV), a library is missing, or the
            file does not pass (the first problem named).
    """
    import orjson

    if export_format == "csv":
        raise ExportNotChecked("a CSV file has no schema to check it against")
    try:
        document = orjson.loads(path.read_bytes())
        if export_format == "fhir":
            from fhir.resources.R4B.bundle import Bundle

            Bundle.model_validate(document)
            return "FHIR R4B's Bundle model"
        import jsonschema  # type: ignore[import-untyped,unused-ignore]

        from ketacheck.exchange.export import schema_path

        schema = orjson.loads(schema_path().read_bytes())
        jsonschema.validate(document, schema)
        return f"ketacheck's schema ({schema_path().name})"
    except ImportError as missing:
        raise ExportNotChecked(
            f"checking needs {missing.name or 'a library'} (pip install 'ketacheck[validate]')"
        ) from None
    except Exception as problem:  # a library's own failure: named in one line, kept short
        first = str(problem).strip().splitlines()[0] if str(problem).strip() else "invalid"
        raise ExportNotChecked(f"it does not pass: {first[:300]}") from None


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


def write_output(path: Path, payload: bytes | Iterable[bytes], data_dir: Path) -> None:
    """Replace ``path`` with ``payload`` (bytes, or chunks of them written as they come)
    atomically, never inside ketacheck's data folder.

    Raises:
        ValidationError: ``path`` is in the data folder (the journal, a backup...).
        OSError: it couldn't be written; the error names ``path``, not a temporary file.
    """
    refuse_data_folder(path, data_dir)
    try:
        atomic_write(path, payload)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def read_import(path: Path, passphrase: Callable[[], str] | None = None) -> ImportBundle:
    """Read and check a whole export file (see :func:`read_export_file`, :func:`parse_export`).

    An encrypted export (``export --encrypt``) is opened with the journal's own key when
    it was sealed with it, else with the passphrase ``passphrase`` asks for.

    Raises:
        ImportFileError: it is not an export ketacheck can import, naming what is wrong
            (an encrypted one that its passphrase, or the lack of one, doesn't open).
        OSError: it can't be read.
    """
    from ketacheck.usecases.sealed_import import open_if_sealed

    return parse_export(open_if_sealed(read_export_file(path), passphrase))


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
        + ". Please check them in Settings (or with 'ketacheck settings') against what "
        "your clinic told you."
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
