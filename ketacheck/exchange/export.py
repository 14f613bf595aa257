"""Export the journal as versioned JSON (see ``export-v5.schema.json``) or as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

import orjson

from ketacheck import __version__
from ketacheck.core.answers import plain_text
from ketacheck.core.clock import hours_between, to_iso
from ketacheck.core.contents import JournalContents
from ketacheck.core.questions import stored_order

FORMAT_NAME = "ketacheck-export"
FORMAT_VERSION = 5
#: Versions ``import`` reads: version 1 files have no questionnaires, versions 1 and 2 no
#: alert records (their records' alerts are opened on import, as on upgrade), version 3
#: one alert record per record that raised it (made one per concern on import), and
#: versions 1 to 4 always say yes or no for "was sick", "electrolyte drink" and the side
#: effects (kept as they say: an old "no" stays "no"); version 5 says null when not asked.
READABLE_VERSIONS = (1, 2, 3, 4, 5)
#: The first version whose alert records list their occurrences.
OCCURRENCES_VERSION = 4
SCHEMA_FILE = "export-v5.schema.json"

#: A column per check-in answer, in the stored record's order (an answer added later
#: comes last), between when it was and the alerts and ids.
CSV_ANSWERS = stored_order()
CSV_COLUMNS = (
    "at",
    "hours_since_infusion",
    *(question.field for question in CSV_ANSWERS),
    "alerts",
    "infusion_id",
    "id",
)


def schema_path() -> Path:
    """The JSON Schema that every export validates against."""
    return Path(__file__).with_name(SCHEMA_FILE)


def export_document(
    contents: JournalContents,
    now: datetime,
    since: date | None = None,
    tz: tzinfo | None = None,
) -> dict[str, Any]:
    """The whole record as one export object (format version 5).

    Args:
        since: Keep only records on or after this local date (in ``tz``).
    """
    kept = contents.since(since, tz)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": to_iso(now),
        "app_version": __version__,
        "settings": kept.settings.to_dict(),
        "infusions": [i.to_dict() for i in kept.infusions],
        "checkins": [c.to_dict() for c in kept.checkins],
        "questionnaires": [r.to_dict() for r in kept.questionnaires],
        "alerts": [a.to_dict() for a in kept.alerts],
    }


def export_json(document: dict[str, Any]) -> bytes:
    """The export as pretty, UTF-8 JSON ending in a newline."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def _cell(value: str) -> str:
    # The writer ends rows with "\n" and so only quotes cells holding "\n": a bare "\r"
    # would split the row for CSV readers. Every line break becomes "\n".
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    # A leading =, +, - or @ (or a tab or line break before one) would make a
    # spreadsheet run the cell as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\n") else value


def checkins_csv(
    contents: JournalContents,
    since: date | None = None,
    tz: tzinfo | None = None,
) -> str:
    """Check-ins as CSV: a header row, then one row per check-in, oldest first.

    Hours since the infusion count from any infusion, even one before ``since``.
    """
    ended = {inf.id: inf.ended_at for inf in contents.infusions}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for checkin in contents.since(since, tz).checkins:
        end = ended.get(checkin.infusion_id or "")
        hours = "" if end is None else f"{hours_between(end, checkin.at):.1f}"
        writer.writerow(
            (
                to_iso(checkin.at),
                hours,
                *(_cell(plain_text(q, getattr(checkin, q.field))) for q in CSV_ANSWERS),
                # Codes and ids are hex or plain words from ketacheck, but an imported
                # file may carry any text there.
                _cell("; ".join(alert.code for alert in checkin.alerts)),
                _cell(checkin.infusion_id or ""),
                _cell(checkin.id),
            )
        )
    return out.getvalue()
