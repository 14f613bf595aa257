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

from ketacheck.core.alerts import BASELINE_EARLY_DAYS, baseline_mean
from ketacheck.core.clock import parse_stored_time, to_iso
from ketacheck.store.fileio import atomic_write
from ketacheck.store.migrations import schema_version
from ketacheck.store.storage import Identity, Tables

RECENT_CHECKINS = 50
SUMMARY_FORMAT = 3


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
    windows = _baseline_windows(infusions)
    before: list[int] = []
    early: list[int] = []
    if windows is not None:
        for doc, at in zip(docs, stamps, strict=True):
            if type(doc.get("mood")) is int:
                bucket = before if at < windows[0] else early if at < windows[1] else None
                if bucket is not None:
                    bucket.append(doc["mood"])
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
        "baseline_total": sum(before),
        "baseline_count": len(before),
        "early_total": sum(early),
        "early_count": len(early),
        "baseline_mood": baseline_mean((sum(before), len(before)), (sum(early), len(early))),
    }


def _baseline_windows(infusions: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The ends (as stored UTC strings) of the before-course and first-days stretches."""
    if not infusions:
        return None
    try:
        first = parse_stored_time("started_at", infusions[0].get("started_at"))
    except ValueError:
        return None
    return to_iso(first), to_iso(first + BASELINE_EARLY_DAYS)


def summary_with_checkin(
    summary: dict[str, Any], doc: dict[str, Any], identity: Identity
) -> dict[str, Any]:
    """The summary after adding one check-in, without looking at the other check-ins.

    Saving a check-in is the common case; this keeps it independent of journal size.
    """
    recent = [*summary["recent_checkins"], doc]
    recent.sort(key=lambda d: str(d.get("at")))
    total, count = summary["baseline_total"], summary["baseline_count"]
    early_total, early_count = summary["early_total"], summary["early_count"]
    windows = _baseline_windows(summary["infusions"])
    at = str(doc["at"])
    if windows is not None and at < windows[0]:
        total, count = total + doc["mood"], count + 1
    elif windows is not None and at < windows[1]:
        early_total, early_count = early_total + doc["mood"], early_count + 1
    return {
        **summary,
        "journal_identity": list(identity),
        "recent_checkins": recent[-RECENT_CHECKINS:],
        "checkin_count": summary["checkin_count"] + 1,
        "baseline_total": total,
        "baseline_count": count,
        "early_total": early_total,
        "early_count": early_count,
        "baseline_mood": baseline_mean((total, count), (early_total, early_count)),
    }


def write_summary(path: Path, summary: dict[str, Any]) -> None:
    """Save the summary; a failure only means the next start parses the journal."""
    with contextlib.suppress(OSError):
        import orjson

        atomic_write(path, orjson.dumps(summary), durable=False)


def read_summary(path: Path, identity: Identity | None) -> dict[str, Any] | None:
    """The stored summary if it was made from the journal with ``identity``."""
    if identity is None:
        return None
    try:
        # The standard library is quicker to load than orjson for one small file, and
        # this is on the path of `ketacheck status`.
        summary = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if (
        not isinstance(summary, dict)
        or summary.get("format") != SUMMARY_FORMAT
        or summary.get("journal_identity") != list(identity)
        or not all(isinstance(summary.get(key), kind) for key, kind in _SHAPE.items())
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
    "checkin_count": int,
    "baseline_total": (int, float),
    "baseline_count": int,
    "early_total": (int, float),
    "early_count": int,
    "baseline_mood": (int, float, type(None)),
}
