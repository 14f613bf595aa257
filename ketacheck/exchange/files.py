"""What the CLI and the app share when they write an export or report an import."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, tzinfo
from typing import Literal

from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.core.words import plural
from ketacheck.exchange.export import checkins_csv, export_document, export_json

ExportFormat = Literal["json", "csv"]


def render_export(
    settings: Settings,
    infusions: list[Infusion],
    checkins: list[CheckIn],
    export_format: ExportFormat,
    now: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
) -> tuple[bytes, str]:
    """The export's bytes and a phrase saying what it holds ("2 infusions and 9 check-ins")."""
    if export_format == "csv":
        text = checkins_csv(checkins, infusions, since, tz)
        # Count records, not lines: a note may hold line breaks.
        rows = sum(1 for _ in csv.reader(io.StringIO(text))) - 1
        return text.encode(), plural(rows, "check-in")
    document = export_document(settings, infusions, checkins, now, since, tz)
    what = (
        f"{plural(len(document['infusions']), 'infusion')} and "
        f"{plural(len(document['checkins']), 'check-in')}"
    )
    return export_json(document), what


def import_summary(offered: int, added_infusions: int, added_checkins: int) -> str:
    """``Imported 2 infusions and 9 check-ins.`` and how many were already there."""
    message = (
        f"Imported {plural(added_infusions, 'infusion')} and {plural(added_checkins, 'check-in')}."
    )
    already = offered - added_infusions - added_checkins
    if already == 1:
        message += " 1 record was already in your journal and was left as it was."
    elif already:
        message += f" {already} records were already in your journal and were left as they were."
    return message
