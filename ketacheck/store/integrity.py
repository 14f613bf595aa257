"""Telling a summary ketacheck wrote from one that was edited, merged or copied in.

``summary.json`` is a cache of what ``status`` and the home screen show. It is trusted
only when both hold:

* it names the identity (device, inode, size, mtime) of the journal file now on disk, so
  it was made from this very file; and
* its seal, a CRC-32 of its own canonical content, still matches, so nothing in it (a
  care-team number, an alert) was changed after ketacheck wrote it.

Anything else costs a full read of the journal, never a wrong answer. Why not a hash of
the journal's bytes: it would cost a full read of the journal on every ``status`` and a
hash on every save, and an unkeyed hash (or a key kept in the same folder) stops no one
who can rewrite the folder, who could rewrite the journal itself just as well. What the
seal does stop is every edit, sync conflict or stale copy that was not made by ketacheck;
for that a CRC-32 serves as well as a cryptographic hash, and costs ``status`` no loading
of OpenSSL (a few milliseconds of a command that should take a few tens).
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from ketacheck.store.fileio import identity_of

SEAL_KEY = "seal"
#: Version 2 seals with a CRC-32 (version 1, SHA-256): a summary sealed by an older
#: ketacheck is not trusted, only made again.
_DOMAIN = b"ketacheck summary seal, version 2\n"


def _digest(summary: dict[str, Any]) -> str | None:
    body = {key: value for key, value in summary.items() if key != SEAL_KEY}
    try:
        # The standard library's encoder gives one canonical text for the dict ketacheck
        # built and for the same dict read back from the file (orjson wrote it).
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return None
    return f"crc32:{zlib.crc32(_DOMAIN + text.encode('ascii')):08x}"


def seal_summary(summary: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``summary`` with its seal, ready to be written to ``summary.json``.

    A summary that can't be sealed (it holds something JSON can't say exactly) gets no
    seal, and is simply never trusted.
    """
    sealed = {key: value for key, value in summary.items() if key != SEAL_KEY}
    digest = _digest(sealed)
    if digest is not None:
        sealed[SEAL_KEY] = digest
    return sealed


def summary_is_sealed(summary: dict[str, Any]) -> bool:
    """Whether ``summary`` is exactly as ketacheck sealed it."""
    seal = summary.get(SEAL_KEY)
    return isinstance(seal, str) and seal == _digest(summary)


def summary_matches_journal(summary: dict[str, Any], journal_path: Path) -> bool:
    """Whether ``summary`` was made by ketacheck from the journal file now at ``journal_path``.

    Costs one ``lstat`` and a hash of the summary itself (well under a millisecond for the
    50 check-ins it keeps), never a read of the journal.
    """
    try:
        identity = identity_of(os.lstat(journal_path))
    except OSError:
        return False
    return summary.get("journal_identity") == list(identity) and summary_is_sealed(summary)
