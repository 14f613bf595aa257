"""A small summary kept beside the journal so ``status`` and the home screen start fast.

It holds what those need (settings, infusions, the latest check-ins, the mood baseline)
and the identity of the journal file it was made from. It is trusted only while that
identity still matches the journal on disk; otherwise the journal is parsed as usual.
Losing or garbling it costs time, never data, so it is written without fsync.
"""

from __future__ import annotations

import contextlib
import heapq
import json
from pathlib import Path
from typing import Any

from ketacheck.core.alerts import baseline_mean
from ketacheck.core.clock import parse_stored_time, to_iso
from ketacheck.store.codec import decode, encode
from ketacheck.store.errors import StoreError
from ketacheck.store.fileio import atomic_write, read_nofollow
from ketacheck.store.integrity import seal_summary, summary_is_sealed
from ketacheck.store.migrations import schema_version
from ketacheck.store.storage import Identity, Tables

RECENT_CHECKINS = 50
SUMMARY_FORMAT = 6


def build_summary(tables: Tables, identity: Identity) -> dict[str, Any]:
    """Summarize raw journal tables (stored dicts, not yet validated).

    This runs after every save, so it avoids Python-level sorting of every check-in: the
    timestamps (UTC ISO strings, which sort as text) are gathered once and the newest are
    found with ``heapq`` on plain strings.
    """
    infusions = sorted(tables.get("infusions", {}).values(), key=lambda d: str(d.get("started_at")))
    docs = list(tables.get("checkins", {}).values())
    stamps = [str(d.get("at")) for d in docs]
    recent: list[dict[str, Any]] = []
    if docs:
        newest = heapq.nlargest(RECENT_CHECKINS, stamps)
        cutoff = newest[-1]
        recent = [doc for doc, at in zip(docs, stamps, strict=True) if at >= cutoff]
        recent.sort(key=lambda d: str(d.get("at")))
        recent = recent[-RECENT_CHECKINS:]
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
        "infusions": infusions,
        "recent_checkins": recent,
        "checkin_count": len(docs),
        "questionnaires": sorted(
            tables.get("questionnaires", {}).values(), key=lambda d: str(d.get("at"))
        ),
        "open_alerts": [
            doc for doc in tables.get("alerts", {}).values() if doc.get("resolved_at") is None
        ],
        "baseline_total": sum(before),
        "baseline_count": len(before),
        "baseline_mood": _baseline(course_start, (sum(before), len(before)), settings),
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
    course_start = _course_start(summary["infusions"])
    if course_start is not None and str(doc["at"]) < course_start:
        total, count = total + doc["mood"], count + 1
    return {
        **summary,
        "journal_identity": list(identity),
        "recent_checkins": recent[-RECENT_CHECKINS:],
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
        *(doc for doc in changed if doc.get("resolved_at") is None),
    ]


def write_summary(path: Path, summary: dict[str, Any]) -> None:
    """Save the summary; a failure only means the next start parses the journal."""
    # TypeError: orjson refuses text it can't encode (a lone surrogate from an import).
    # StoreError: encryption was turned on by another process that holds the key.
    with contextlib.suppress(OSError, TypeError, StoreError):
        import orjson

        payload = encode(path.parent, orjson.dumps(seal_summary(summary)))
        atomic_write(path, payload, durable=False)


def read_summary(path: Path, identity: Identity | None) -> dict[str, Any] | None:
    """The stored summary if it was made from the journal with ``identity``."""
    if identity is None:
        return None
    summary = read_sealed_summary(path)
    if summary is None or summary.get("journal_identity") != list(identity):
        return None
    return summary


def read_sealed_summary(path: Path) -> dict[str, Any] | None:
    """The stored summary if ketacheck wrote it as it is, whichever journal it was made from.

    :func:`read_summary` is what start-up trusts; this is for showing the open alerts
    and the crisis line while the journal itself can't be read.
    """
    try:
        # The standard library is quicker to load than orjson for one small file, and
        # this is on the path of `ketacheck status`.
        summary = json.loads(decode(path, read_nofollow(path)))
    except (OSError, ValueError, StoreError):
        return None
    if (
        not isinstance(summary, dict)
        or summary.get("format") != SUMMARY_FORMAT
        or not all(isinstance(summary.get(key), kind) for key, kind in _SHAPE.items())
        # Edited by hand, merged by a sync tool or copied in: the journal is read instead.
        or not summary_is_sealed(summary)
    ):
        return None
    return summary


#: The fields a summary must have, and their types, before it is trusted at all.
_SHAPE: dict[str, type | tuple[type, ...]] = {
    "schema_version": int,
    "settings": dict,
    "infusions": list,
    "recent_checkins": list,
    "questionnaires": list,
    "open_alerts": list,
    "checkin_count": int,
    "baseline_total": (int, float),
    "baseline_count": int,
    "baseline_mood": (int, float, type(None)),
}
