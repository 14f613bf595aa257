"""The journal's tables of records, and the one check every stored record passes.

The journal reads with these, and restore checks each record of a backup with the very
same ones, so a backup that could not be opened as a journal is never brought back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ketacheck.core.alert_records import AlertRecord
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import Settings
from ketacheck.store.errors import JournalUnreadableError

T = TypeVar("T")

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


def convert(kind: str, doc: dict[str, Any], parse: Callable[[dict[str, Any]], T], path: Path) -> T:
    """Check one stored record with ``parse``.

    Raises:
        JournalUnreadableError: naming the file, the record and the field at fault.
    """
    if not isinstance(doc, dict):
        raise JournalUnreadableError(path, f"a {kind} is not a record")
    try:
        return parse(doc)
    except ValidationError as exc:
        record = doc.get("id", "?")
        raise JournalUnreadableError(path, f"{kind} {record}: {exc}") from None
