"""What a summary file must be to be trusted, and reading one (see :mod:`ketacheck.store.summary`).

Apart from the code that builds a summary, so that ``ketacheck status`` reads one without
loading the journal's rules and tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ketacheck.store.codec import decode
from ketacheck.store.errors import StoreError
from ketacheck.store.fileio import Identity, check_data_folder, identity_of, read_nofollow
from ketacheck.store.integrity import summary_is_sealed
from ketacheck.store.paths import JOURNAL_NAME, SUMMARY_NAME

#: A summary of format 6 or older listed every infusion and questionnaire and every
#: occurrence of an open alert; format 7 was sealed over a second encoding of its
#: content, not its bytes: neither is read as this one, only rebuilt.
SUMMARY_FORMAT = 8

#: Parses JSON text; raises ValueError (or a subclass) if it can't.
Loads = Callable[[bytes], Any]


def current_summary(data_dir: Path) -> dict[str, Any] | None:
    """The summary in ``data_dir`` if it was made from the journal now beside it.

    Raises:
        FileNotFoundError: there is no journal yet.
        StoreError: the data folder is not safe to read (see :func:`check_data_folder`).
    """
    check_data_folder(data_dir)
    try:
        identity = identity_of(os.lstat(data_dir / JOURNAL_NAME))
    except FileNotFoundError:
        raise
    except OSError:
        return None  # the journal itself is read, and what is wrong reported, the long way
    return read_summary(data_dir / SUMMARY_NAME, identity)


def read_summary(
    path: Path, identity: Identity | None, loads: Loads | None = None
) -> dict[str, Any] | None:
    """The stored summary if it was made from the journal with ``identity``."""
    if identity is None:
        return None
    summary = read_sealed_summary(path, loads)
    if summary is None or summary.get("journal_identity") != list(identity):
        return None
    return summary


def read_sealed_summary(path: Path, loads: Loads | None = None) -> dict[str, Any] | None:
    """The stored summary if ketacheck wrote it as it is, whichever journal it was made from.

    :func:`read_summary` is what start-up trusts; this is for showing the open alerts
    and the crisis line while the journal itself can't be read. ``loads`` parses it
    (a ValueError if it can't): the standard library's by default, the quickest to load
    for `ketacheck status`, which loads no msgspec; the journal, which has loaded msgspec
    for its record types, gives msgspec's.
    """
    if loads is None:
        import json

        loads = json.loads
    try:
        payload = decode(path, read_nofollow(path))
        # Edited by hand, merged by a sync tool or copied in: the journal is read instead.
        if not summary_is_sealed(payload):
            return None
        summary = loads(payload)
    except (OSError, ValueError, StoreError):
        return None
    if (
        not isinstance(summary, dict)
        or summary.get("format") != SUMMARY_FORMAT
        or not all(isinstance(summary.get(key), kind) for key, kind in _SHAPE.items())
    ):
        return None
    return summary


#: The fields a summary must have, and their types, before it is trusted at all.
_SHAPE: dict[str, type | tuple[type, ...]] = {
    "schema_version": int,
    "settings": dict,
    "infusions": list,
    "earlier_infusions": int,
    "course_start": (str, type(None)),
    "recent_checkins": list,
    "questionnaires": list,
    "earlier_questionnaires": int,
    "open_alerts": list,
    "checkin_count": int,
    "baseline_total": (int, float),
    "baseline_count": int,
    "baseline_mood": (int, float, type(None)),
}
