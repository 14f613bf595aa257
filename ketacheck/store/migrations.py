"""Journal schema versions and the steps between them.

A journal without a ``meta`` table is version 0 (the pre-release format, which called
``fluids_glasses`` simply ``fluids``). Each step takes the raw tables of one version and
returns those of the next; :func:`migrate` runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ketacheck.core.alert_records import AlertRecord
from ketacheck.core.alert_words import CHECKIN_SOURCE, QUESTIONNAIRE_SOURCE
from ketacheck.core.clock import parse_stored_time, utc_now
from ketacheck.core.concerns import upgrade_legacy
from ketacheck.core.occurrences import Occurrence
from ketacheck.core.records import Alert, CheckIn

CURRENT_SCHEMA_VERSION = 5
META_TABLE = "meta"

Tables = dict[str, dict[str, Any]]


def schema_version(tables: Tables) -> int:
    """The schema version recorded in the journal (0 when none is)."""
    for doc in tables.get(META_TABLE, {}).values():
        version = doc.get("schema_version")
        if isinstance(version, int) and not isinstance(version, bool):
            return version
    return 0


def _v0_to_v1(tables: Tables) -> Tables:
    checkins = {}
    for doc_id, doc in tables.get("checkins", {}).items():
        doc = dict(doc)
        if "fluids" in doc and "fluids_glasses" not in doc:
            doc["fluids_glasses"] = doc.pop("fluids")
        checkins[doc_id] = doc
    upgraded = dict(tables)
    upgraded["checkins"] = checkins
    return upgraded


def _v1_to_v2(tables: Tables) -> Tables:
    # Version 2 adds the questionnaires table (PHQ-9, GAD-7); nothing old changes.
    upgraded = dict(tables)
    upgraded.setdefault("questionnaires", {})
    return upgraded


def _v2_to_v3(tables: Tables) -> Tables:
    # Version 3 keeps every alert at call-today or above as a record of its own. The
    # alerts older check-ins and questionnaires raised come back open: before version 3
    # a later check-in hid them, which is exactly what the patient must not miss.
    kept: dict[str, Any] = dict(tables.get("alerts", {}))
    for table, source_kind, stamp in (
        ("checkins", CHECKIN_SOURCE, "at"),
        ("questionnaires", QUESTIONNAIRE_SOURCE, "at"),
    ):
        for doc in tables.get(table, {}).values():
            try:
                raised_at = parse_stored_time(stamp, doc.get(stamp))
                alerts = [Alert.from_dict(a) for a in doc.get("alerts") or []]
                first = Occurrence(raised_at, doc["id"])
                records = [
                    AlertRecord.raised(alert, source_kind, first)
                    for alert in alerts
                    if alert.level != "tip"
                ]
            except (ValueError, KeyError, TypeError, AttributeError):
                # A damaged record is reported, by name, when the journal is read.
                continue
            for record in records:
                kept.setdefault(record.id, _v3_alert(record.to_dict()))
    upgraded = dict(tables)
    upgraded["alerts"] = kept
    return upgraded


#: The fields of a version 3 alert record (versions 4 and later add to them).
_V3_ALERT_FIELDS = (
    "id",
    "level",
    "code",
    "message",
    "raised_at",
    "source_kind",
    "source_id",
    "resolved_at",
    "resolution",
    "resolved_in",
)


def _v3_alert(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: doc[key] for key in _V3_ALERT_FIELDS}


def _parsed(docs: Any, parse: Callable[[Any], Any]) -> list[Any]:
    """The records of a table that can be read; a damaged one is named later, on reading."""
    found = []
    for doc in docs:
        try:
            found.append(parse(doc))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return found


def _v3_to_v4(tables: Tables) -> Tables:
    # Version 4 keeps one alert per concern after each infusion, with every occurrence
    # (see ketacheck.core.concerns): the copies a repeated answer opened become one.
    raw_alerts = tables.get("alerts", {})
    records = _parsed(raw_alerts.values(), AlertRecord.from_dict)
    readable = {r.id for r in records}
    checkins = {c.id: c for c in _parsed(tables.get("checkins", {}).values(), CheckIn.from_dict)}
    questionnaires = {
        str(doc.get("id")): doc.get("infusion_id")
        for doc in tables.get("questionnaires", {}).values()
        if isinstance(doc, dict) and isinstance(doc.get("infusion_id"), str | None)
    }
    starts = {}
    for doc in tables.get("infusions", {}).values():
        try:
            starts[str(doc["id"])] = parse_stored_time("started_at", doc["started_at"])
        except (ValueError, KeyError, TypeError):
            continue
    settled = upgrade_legacy(records, checkins, questionnaires, starts, utc_now())
    kept = {key: doc for key, doc in raw_alerts.items() if key not in readable}
    kept.update((r.id, r.to_dict()) for r in settled)
    upgraded = dict(tables)
    upgraded["alerts"] = kept
    return upgraded


def _v4_to_v5(tables: Tables) -> Tables:
    # Version 5 may hold null ("not asked") for was-sick, the electrolyte drink and the
    # side effects. Every older answer was stored as asked and stays as it is: the step
    # only says so, so that an older ketacheck refuses a journal it could misread.
    return tables


STEPS: dict[int, Callable[[Tables], Tables]] = {
    0: _v0_to_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
}


def with_version(tables: Tables, version: int) -> Tables:
    """``tables`` with its meta table saying ``version``."""
    stamped = dict(tables)
    stamped[META_TABLE] = {"1": {"schema_version": version}}
    return stamped


def migrate(tables: Tables) -> Tables:
    """Bring ``tables`` up to :data:`CURRENT_SCHEMA_VERSION`, one step at a time."""
    version = schema_version(tables)
    while version < CURRENT_SCHEMA_VERSION:
        tables = STEPS[version](tables)
        version += 1
    return with_version(tables, version)
