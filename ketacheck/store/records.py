"""The journal's tables of records, and the one check every stored record passes.

The journal reads with these, and restore checks each record of a backup with the very
same ones, so a backup that could not be opened as a journal is never brought back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ketacheck.core.alert_records import AlertRecord
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.store.convert import convert

__all__ = [
    "ALERTS",
    "CHECKINS",
    "INFUSIONS",
    "QUESTIONNAIRES",
    "RECORD_TABLES",
    "SETTINGS",
    "convert",
]

INFUSIONS = "infusions"
CHECKINS = "checkins"
QUESTIONNAIRES = "questionnaires"
ALERTS = "alerts"
SETTINGS = "settings"

#: Every table of records: what a record is called in messages, and how it is checked.
RECORD_TABLES: dict[str, tuple[str, Callable[[dict[str, Any]], object]]] = {
    INFUSIONS: ("infusion", Infusion.from_dict),
    CHECKINS: ("check-in", CheckIn.from_dict),
    QUESTIONNAIRES: ("questionnaire", QuestionnaireResult.from_dict),
    ALERTS: ("alert", AlertRecord.from_dict),
    SETTINGS: ("settings", Settings.from_dict),
}
