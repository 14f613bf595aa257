"""Telling a summary ketacheck wrote from one that was edited, merged or copied in.

``summary.json`` is a cache of what ``status`` and the home screen show. It is trusted
only when both hold:

* it names the identity (device, inode, size, mtime) of the journal file now on disk, so
  it was made from this very file; and
* its seal, a CRC-32 of the very bytes before it in the file, still matches, so nothing
  in it (a care-team number, an alert) was changed after ketacheck wrote it.

The seal is the file's last field, ``"seal":"crc32:0123abcd"``, and covers every byte
before it: a reader checks the bytes as they are on disk, with no second, canonical
encoding of what it parsed (which cost a save and every ``status`` a few tenths of a
millisecond), and the file is still one JSON object, the summary and its seal.

Anything else costs a full read of the journal, never a wrong answer. Why not a hash of
the journal's bytes: it would cost a full read of the journal on every ``status`` and a
hash on every save, and an unkeyed hash (or a key kept in the same folder) stops no one
who can rewrite the folder, who could rewrite the journal itself just as well. What the
seal does stop is every edit, sync conflict or stale copy that was not made by ketacheck;
for that a CRC-32 serves as well as a cryptographic hash, and costs ``status`` no loading
of OpenSSL (a few milliseconds of a command that should take a few tens).
"""

from __future__ import annotations

import zlib
from typing import Any

SEAL_KEY = "seal"
#: Version 3 seals the file's own bytes (version 2, a canonical re-encoding; version 1,
#: with SHA-256): a summary sealed by an older ketacheck is not trusted, only made again.
_DOMAIN = b"ketacheck summary seal, version 3\n"
_SEAL_START = b',"' + SEAL_KEY.encode() + b'":"crc32:'
_SEAL_END = b'"}'
#: The seal field's length: its start, eight hex digits, and the closing brace.
_SEAL_LENGTH = len(_SEAL_START) + 8 + len(_SEAL_END)


def _crc(head: bytes) -> bytes:
    return b"%08x" % zlib.crc32(_DOMAIN + head)


def seal_summary(summary: dict[str, Any]) -> bytes:
    """The bytes of ``summary.json`` for ``summary``: its JSON, its seal the last field.

    Raises:
        TypeError: ``summary`` holds something JSON can't say (orjson refuses it).
        ValueError: ``summary`` is empty (a summary never is).
    """
    import orjson  # only a save writes a summary; `ketacheck status` never loads it

    body = orjson.dumps({key: value for key, value in summary.items() if key != SEAL_KEY})
    if body == b"{}":
        raise ValueError("an empty summary")
    head = body[:-1]
    return head + _SEAL_START + _crc(head) + _SEAL_END


def summary_is_sealed(payload: bytes) -> bool:
    """Whether ``payload`` is exactly as ketacheck sealed it (see :func:`seal_summary`)."""
    if len(payload) <= _SEAL_LENGTH:
        return False
    head, seal = payload[:-_SEAL_LENGTH], payload[-_SEAL_LENGTH:]
    return (
        seal.startswith(_SEAL_START)
        and seal.endswith(_SEAL_END)
        and seal[len(_SEAL_START) : -len(_SEAL_END)] == _crc(head)
    )
