"""A small summary kept beside the journal so ``status`` and the home screen start fast.

It holds what those show, and no more, so that reading it takes the same time after ten
years of entries as after one week: the settings; the latest few infusions and how many
came before them ("Infusion 14 of 6"); the check-ins of the last two days (and at least
the newest few); the latest PHQ-9 and GAD-7; each open alert with its first and latest
occurrence and how often it was seen; the mood baseline. With it, the identity of the
journal file it was made from: it is trusted only while that identity still matches the
journal on disk; otherwise the journal is parsed as usual. Losing or garbling it costs
time, never data, so it is written without fsync.

What it leaves out of the past is said by two counts (``earlier_infusions``,
``earlier_questionnaires``): an overview made from it answers for any moment after the
oldest record it kept of those (see :attr:`~ketacheck.store.overview.Overview.complete_from`).
"""

from __future__ import annotations

import contextlib
import heapq
from datetime import timedelta
from pathlib import Path
from typing import Any

from ketacheck.core.alerts import baseline_mean
from ketacheck.core.clock import parse_stored_time, to_iso
from ketacheck.store.codec import encode
from ketacheck.store.errors import StoreError
from ketacheck.store.fileio import Identity, atomic_write
from ketacheck.store.integrity import seal_summary
from ketacheck.store.migrations import schema_version
from ketacheck.store.storage import Tables
from ketacheck.store.summary_format import SUMMARY_FORMAT

#: Infusions kept: the latest that started, the one before it (its check-in reminders
#: run until the next one starts) and one logged ahead of time.
KEPT_INFUSIONS = 3
#: Check-ins kept: every one from the two days before the newest (Home counts today's),
#: but never fewer than the newest few (History shows them at once) nor more than a cap.
RECENT_HOURS = 48
RECENT_AT_LEAST = 20
RECENT_AT_MOST = 100
#: Occurrences an open alert keeps in the summary: the first and the latest.
_KEPT_OCCURRENCES = 2


def build_summary(tables: Tables, identity: Identity, *, keep_all: bool = False) -> dict[str, Any]:
    """Summarize raw journal tables (stored dicts, not yet validated).

    With ``keep_all`` every infusion and questionnaire is kept: for a clock set before
    the records a summary keeps (see :meth:`Overview.covers`).

    This runs after most saves (a check-in's updates it instead), so it avoids sorting
    every check-in: the timestamps (UTC ISO strings, which sort as text) are gathered
    once and the newest found with ``heapq`` on plain strings.
    """
    infusions = sorted(tables.get("infusions", {}).values(), key=lambda d: str(d.get("started_at")))
    kept = infusions if keep_all else infusions[-KEPT_INFUSIONS:]
    questionnaires = _latest_of_each_kind(tables.get("questionnaires", {}).values(), keep_all)
    docs = list(tables.get("checkins", {}).values())
    stamps = [str(d.get("at")) for d in docs]
    course_start = _course_start(infusions)
    before: list[int] = []
    if course_start is not None:
        before = [
            doc["mood"]
            for doc, at in zip(docs, stamps, strict=True)
            if at < course_start and type(doc.get("mood")) is int
        ]
    settings: dict[str, Any] = next(iter(tables.get("settings", {}).values()), {})
    return {
        "format": SUMMARY_FORMAT,
        "schema_version": schema_version(tables),
        "journal_identity": list(identity),
        "settings": settings,
        "infusions": kept,
        "earlier_infusions": len(infusions) - len(kept),
        "course_start": course_start,
        "recent_checkins": _recent(docs, stamps),
        "checkin_count": len(docs),
        "questionnaires": questionnaires,
        "earlier_questionnaires": len(tables.get("questionnaires", {})) - len(questionnaires),
        "open_alerts": [
            _trimmed(doc)
            for doc in tables.get("alerts", {}).values()
            if doc.get("resolved_at") is None
        ],
        "baseline_total": sum(before),
        "baseline_count": len(before),
        "baseline_mood": _baseline(course_start, (sum(before), len(before)), settings),
    }


def _recent(docs: list[dict[str, Any]], stamps: list[str]) -> list[dict[str, Any]]:
    """The check-ins the summary keeps (see :data:`RECENT_HOURS`), oldest first."""
    if not docs:
        return []
    newest = heapq.nlargest(RECENT_AT_MOST, zip(stamps, range(len(docs)), strict=True))
    try:
        since = to_iso(parse_stored_time("at", newest[0][0]) - timedelta(hours=RECENT_HOURS))
    except ValueError:
        since = newest[0][0]
    kept = [
        docs[index]
        for count, (at, index) in enumerate(newest)
        if count < RECENT_AT_LEAST or at >= since
    ]
    kept.reverse()
    return kept


def _latest_of_each_kind(docs: Any, keep_all: bool) -> list[dict[str, Any]]:
    """The newest questionnaire result of each kind (every one with ``keep_all``), oldest
    first."""
    ordered = sorted(docs, key=lambda d: str(d.get("at")))
    if keep_all:
        return ordered
    latest = {str(doc.get("kind")): doc for doc in ordered}
    return sorted(latest.values(), key=lambda d: str(d.get("at")))


def _trimmed(alert: dict[str, Any]) -> dict[str, Any]:
    """An open alert as the summary keeps it: its first and latest occurrence, and how
    many times it was seen in all (status and Home show no more)."""
    occurrences = alert.get("occurrences")
    if not isinstance(occurrences, list) or len(occurrences) <= _KEPT_OCCURRENCES:
        return alert
    seen = alert.get("seen")
    listed = len(occurrences)
    return {
        **alert,
        "occurrences": [occurrences[0], occurrences[-1]],
        "seen": seen if type(seen) is int and seen > listed else listed,
    }


def baseline_of_tables(tables: Tables) -> float | None:
    """The mood baseline of raw journal tables, as :func:`build_summary` finds it."""
    infusions = sorted(tables.get("infusions", {}).values(), key=lambda d: str(d.get("started_at")))
    course_start = _course_start(infusions)
    before = [
        doc["mood"]
        for doc in tables.get("checkins", {}).values()
        if course_start is not None
        and str(doc.get("at")) < course_start
        and type(doc.get("mood")) is int
    ]
    settings: dict[str, Any] = next(iter(tables.get("settings", {}).values()), {})
    return _baseline(course_start, (sum(before), len(before)), settings)


def _course_start(infusions: list[dict[str, Any]]) -> str | None:
    """When the first infusion started, as a stored UTC string (they sort as text)."""
    if not infusions:
        return None
    try:
        return to_iso(parse_stored_time("started_at", infusions[0].get("started_at")))
    except ValueError:
        return None


def _baseline(
    course_start: str | None, before: tuple[int, int], settings: dict[str, Any]
) -> float | None:
    """As :func:`ketacheck.core.alerts.mood_baseline`, from the summary's own numbers."""
    if course_start is None:
        return None
    stated = settings.get("baseline_mood")
    return baseline_mean(before, stated if type(stated) is int else None)


def summary_with_checkin(
    summary: dict[str, Any],
    doc: dict[str, Any],
    identity: Identity,
    new_alerts: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The summary after adding one check-in (and the alerts it opened) alone.

    Saving a check-in is the common case; this keeps it independent of journal size.
    """
    recent = [*summary["recent_checkins"], doc]
    recent.sort(key=lambda d: str(d.get("at")))
    total, count = summary["baseline_total"], summary["baseline_count"]
    course_start = summary["course_start"]
    if course_start is not None and str(doc["at"]) < course_start:
        total, count = total + doc["mood"], count + 1
    return {
        **summary,
        "journal_identity": list(identity),
        "recent_checkins": _recent(recent, [str(d.get("at")) for d in recent]),
        "checkin_count": summary["checkin_count"] + 1,
        "open_alerts": _open_after(summary["open_alerts"], new_alerts or []),
        "baseline_total": total,
        "baseline_count": count,
        "baseline_mood": _baseline(course_start, (total, count), summary["settings"]),
    }


def summary_with_alerts(
    summary: dict[str, Any], identity: Identity, changed: list[dict[str, Any]]
) -> dict[str, Any]:
    """The summary after a change that only opened, updated or closed alerts."""
    return {
        **summary,
        "journal_identity": list(identity),
        "open_alerts": _open_after(summary["open_alerts"], changed),
    }


def _open_after(
    open_alerts: list[dict[str, Any]], changed: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The open alerts once ``changed`` (new, updated or closed ones) are stored."""
    ids = {doc["id"] for doc in changed}
    return [
        *(doc for doc in open_alerts if doc.get("id") not in ids),
        *(_trimmed(doc) for doc in changed if doc.get("resolved_at") is None),
    ]


def write_summary(path: Path, summary: dict[str, Any]) -> None:
    """Save the summary; a failure only means the next start parses the journal."""
    # TypeError: orjson refuses text it can't encode (a lone surrogate from an import).
    # StoreError: encryption was turned on by another process that holds the key.
    with contextlib.suppress(OSError, TypeError, ValueError, StoreError):
        atomic_write(path, encode(path.parent, seal_summary(summary)), durable=False)
