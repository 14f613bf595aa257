"""A small summary kept beside the journal so ``status`` and the home screen start fast.

It holds what those need (settings, infusions, the latest check-ins, the mood baseline)
and the identity of the journal file it was made from. It is trusted only while that
identity still matches the journal on disk; otherwise the journal is parsed as usual.
Losing or garbling it costs time, never data, so it is written without fsync.
"""

from __future__ import annotations

import contextlib
import heapq
from pathlib import Path
from statistics import fmean
from typing import Any

import orjson

from ketacheck.store.fileio import atomic_write
from ketacheck.store.storage import Identity, Tables

RECENT_CHECKINS = 50
SUMMARY_FORMAT = 1


def build_summary(tables: Tables, identity: Identity) -> dict[str, Any]:
    """Summarize raw journal tables (stored dicts, not yet validated)."""
    infusions = sorted(tables.get("infusions", {}).values(), key=lambda d: str(d.get("started_at")))
    checkins = tables.get("checkins", {}).values()
    recent = heapq.nlargest(RECENT_CHECKINS, checkins, key=lambda d: str(d.get("at")))
    recent.reverse()
    first_start = str(infusions[0].get("started_at")) if infusions else None
    baseline_moods = (
        [
            d["mood"]
            for d in checkins
            if str(d.get("at")) < first_start and type(d.get("mood")) is int
        ]
        if first_start
        else []
    )
    settings = next(iter(tables.get("settings", {}).values()), {})
    return {
        "format": SUMMARY_FORMAT,
        "journal_identity": list(identity),
        "settings": settings,
        "infusions": infusions,
        "recent_checkins": recent,
        "checkin_count": len(checkins),
        "baseline_mood": fmean(baseline_moods) if baseline_moods else None,
    }


def write_summary(path: Path, summary: dict[str, Any]) -> None:
    """Save the summary; a failure only means the next start parses the journal."""
    with contextlib.suppress(OSError):
        atomic_write(path, orjson.dumps(summary), durable=False)


def read_summary(path: Path, identity: Identity | None) -> dict[str, Any] | None:
    """The stored summary if it was made from the journal with ``identity``."""
    if identity is None:
        return None
    try:
        summary = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if (
        not isinstance(summary, dict)
        or summary.get("format") != SUMMARY_FORMAT
        or summary.get("journal_identity") != list(identity)
    ):
        return None
    return summary
