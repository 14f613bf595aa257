"""What the CLI and the app share when they write an export or report an import."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, tzinfo
from typing import Literal

from ketacheck.core.alert_records import AlertRecord
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
    alerts: list[AlertRecord] | None = None,
) -> tuple[bytes, str]:
    """The export's bytes and a phrase saying what it holds ("2 infusions and 9 check-ins")."""
    if export_format == "csv":
        text = checkins_csv(checkins, infusions, since, tz)
        # Count records, not lines: a note may hold line breaks.
        rows = sum(1 for _ in csv.reader(io.StringIO(text))) - 1
        return text.encode(), plural(rows, "check-in")
    document = export_document(
        settings, infusions, checkins, now, since, tz, questionnaires, alerts
    )
    what = (
        f"{plural(len(document['infusions']), 'infusion')} and "
        f"{plural(len(document['checkins']), 'check-in')}"
    )
    if document["questionnaires"]:
        what += f" ({plural(len(document['questionnaires']), 'questionnaire')})"
    return export_json(document), what


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


def import_bundle(journal: Journal, bundle: ImportBundle, with_settings: bool = False) -> str:
    """Add a parsed export file's new records to ``journal``; the sentence to show.

    Every alert is first rewritten from the rules (see :mod:`ketacheck.exchange.trust`).
    The file's settings are taken only ``with_settings``, and then every safety setting
    they change is named.
    """
    from ketacheck.exchange.trust import check_alerts

    checked = check_alerts(
        bundle,
        journal.infusions(),
        journal.checkins(),
        journal.questionnaires(),
        journal.settings().baseline_mood,
    )
    trusted = checked.bundle
    taken = trusted.settings if with_settings else None
    before = journal.settings()
    added = journal.import_all(
        trusted.infusions,
        trusted.checkins,
        trusted.questionnaires,
        taken,
        alerts=trusted.alerts,
    )
    message = import_summary(bundle.record_count, *added)
    if taken is not None:
        old, new = before.to_dict(), taken.to_dict()
        changed = [words for key, words in SAFETY_SETTINGS.items() if old[key] != new[key]]
        message += " Took the file's settings"
        message += (
            "; these safety settings changed: " + ", ".join(changed) + ". Please check them "
            "in Settings against what your clinic told you."
            if changed
            else " (no safety setting changed)."
        )
    elif bundle.settings is not None and bundle.settings != before:
        message += " Your own settings were kept; the file's settings were not taken."
    if checked.refused:
        message += (
            f" Left out {plural(len(checked.refused), 'alert')} that the file claimed but its "
            "records don't raise: " + "; ".join(checked.refused) + "."
        )
    return message


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
