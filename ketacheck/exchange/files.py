"""What the CLI and the app share when they write an export or report an import."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, tzinfo
from typing import Literal

from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.core.words import plural
from ketacheck.exchange.export import checkins_csv, export_document, export_json
from ketacheck.exchange.importer import ImportBundle
from ketacheck.store.journal import Journal

ExportFormat = Literal["json", "csv"]


def render_export(
    settings: Settings,
    infusions: list[Infusion],
    checkins: list[CheckIn],
    export_format: ExportFormat,
    now: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
    questionnaires: list[QuestionnaireResult] | None = None,
) -> tuple[bytes, str]:
    """The export's bytes and a phrase saying what it holds ("2 infusions and 9 check-ins")."""
    if export_format == "csv":
        text = checkins_csv(checkins, infusions, since, tz)
        # Count records, not lines: a note may hold line breaks.
        rows = sum(1 for _ in csv.reader(io.StringIO(text))) - 1
        return text.encode(), plural(rows, "check-in")
    document = export_document(settings, infusions, checkins, now, since, tz, questionnaires)
    what = (
        f"{plural(len(document['infusions']), 'infusion')} and "
        f"{plural(len(document['checkins']), 'check-in')}"
    )
    if document["questionnaires"]:
        what += f" ({plural(len(document['questionnaires']), 'questionnaire')})"
    return export_json(document), what


def import_bundle(journal: Journal, bundle: ImportBundle) -> str:
    """Add a parsed export file's new records to ``journal``; the sentence to show."""
    added = journal.import_all(
        bundle.infusions, bundle.checkins, bundle.questionnaires, bundle.settings
    )
    return import_summary(bundle.record_count, *added)


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
