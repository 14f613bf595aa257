"""The one seam where bytes go to and come from disk: sealed when encryption is on.

Every writer of a file that can hold answers (the journal, its backups, the summary,
drafts, restore) passes its bytes through :func:`encode` on the way out, and every reader
through :func:`decode` on the way in. Whether a folder is encrypted is decided by
``keys.json`` alone (read again whenever it changes, so a process never writes plain text
into a folder another process has just encrypted). Reading goes by what each file is: an
encrypted file names its key by id, a plain one is used as it is, so a folder caught
half-way through being converted still reads whole.

The data key is given to this process once, when the patient unlocks
(:func:`remember_key`), and lives only in its memory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ketacheck.store.errors import EnvelopeError, JournalLockedError, StoreError
from ketacheck.store.paths import KEYS_NAME

if TYPE_CHECKING:
    from ketacheck.store.keyfile import DataKey

__all__ = [
    "EnvelopeError",
    "decode",
    "encode",
    "encode_runs",
    "folder_mode",
    "forget_keys",
    "key_for",
    "remember_key",
]

OFF = "off"
TURNING_OFF = "turning-off"
#: ``keys.json`` is there but can't be read: writes stay sealed (never plain by mistake).
DAMAGED = "damaged"

_by_id: dict[str, bytes] = {}
_by_folder: dict[str, DataKey] = {}
_modes: dict[str, tuple[tuple[int, int, int], str]] = {}


def _folder(data_dir: Path) -> str:
    return os.path.abspath(data_dir)


def remember_key(data_dir: Path, data_key: DataKey) -> None:
    """Give this process the data key of the journal in ``data_dir``."""
    _by_id[data_key.key_id] = data_key.key
    _by_folder[_folder(data_dir)] = data_key


def add_reading_key(data_key: DataKey) -> None:
    """Let this process read files sealed with ``data_key`` (an encrypted export)."""
    _by_id[data_key.key_id] = data_key.key


def forget_keys() -> None:
    """Drop every key this process was given (tests; and after ``decrypt``)."""
    _by_id.clear()
    _by_folder.clear()
    _modes.clear()


def key_for(data_dir: Path) -> DataKey | None:
    """The data key this process was given for ``data_dir``, if any."""
    return _by_folder.get(_folder(data_dir))


def key_by_id(key_id: str) -> bytes | None:
    """A data key this process holds, by its id."""
    return _by_id.get(key_id)


def folder_mode(data_dir: Path) -> str:
    """``off``, ``on``, ``turning-on``, ``turning-off`` or ``damaged``, from ``keys.json``.

    One ``lstat`` when the file has not changed since it was last read.
    """
    path = data_dir / KEYS_NAME
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return OFF
    except OSError:
        return DAMAGED
    identity = (info.st_ino, info.st_mtime_ns, info.st_size)
    cached = _modes.get(_folder(data_dir))
    if cached is not None and cached[0] == identity:
        return cached[1]
    from ketacheck.store.fileio import read_nofollow
    from ketacheck.store.keyfile import parse_keyfile  # only once a folder is encrypted

    try:
        mode = parse_keyfile(read_nofollow(path)).state
    except (OSError, ValueError, StoreError):
        mode = DAMAGED
    _modes[_folder(data_dir)] = (identity, mode)
    return mode


def writes_sealed(data_dir: Path) -> bool:
    """Whether what is written into ``data_dir`` now must be encrypted."""
    return folder_mode(data_dir) not in (OFF, TURNING_OFF)


def encode(data_dir: Path, payload: bytes) -> bytes | bytearray:
    """``payload`` as it must be written into ``data_dir``: sealed when encryption is on.

    Raises:
        JournalLockedError: encryption is on and this process was not given the key.
    """
    if not writes_sealed(data_dir):
        return payload
    data_key = key_for(data_dir)
    if data_key is None:
        raise JournalLockedError(data_dir)
    from ketacheck.store.envelope import seal

    return seal(data_key.key, data_key.key_id, payload, {"recovery": data_key.recovery})


def encode_runs(
    data_dir: Path, runs: list[bytes | memoryview]
) -> list[bytes | memoryview] | bytes | bytearray:
    """As :func:`encode`, for bytes given in runs: written as they are when the folder is
    plain; joined and sealed when encryption is on (the whole file is one sealed text).

    Raises:
        JournalLockedError: encryption is on and this process was not given the key.
    """
    if not writes_sealed(data_dir):
        return runs
    return encode(data_dir, b"".join(runs))


def decode(path: Path, payload: bytes) -> bytes:
    """The plain bytes of a file read from ``path`` (plain files are returned as they are).

    Raises:
        JournalLockedError: the file is encrypted and this process lacks its key.
        EnvelopeError: it is encrypted and cut short, changed or damaged.
    """
    # Every plain file ketacheck writes is JSON, which starts with "{": only anything
    # else needs the envelope's code (and its libraries) to be told apart.
    if payload[:1] == b"{":
        return payload
    from ketacheck.store.envelope import is_sealed, open_sealed, read_header

    if not is_sealed(payload):
        return payload
    header = read_header(payload)
    key = _by_id.get(header.key_id)
    if key is None:
        raise JournalLockedError(path.parent, path)
    return open_sealed(key, payload)
