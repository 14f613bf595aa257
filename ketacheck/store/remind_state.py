"""What ``ketacheck remind`` has already announced, and when it last ran: ``remind.json``.

The file is small and disposable. One that is missing, damaged, too big, of the wrong
shape or a symbolic link reads as "no state" (the caller then looks back only a short
while), and the next save replaces it with a real file (a link is replaced, never
followed). Saves are atomic and private (0600). Two ``remind`` processes take
:func:`remind_lock` around read, decide and save, so they never announce the same thing.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from msgspec import Struct, field

from ketacheck.core.clock import ensure_utc, to_iso
from ketacheck.store.fileio import atomic_write, open_nofollow
from ketacheck.store.locking import InterProcessLock

STATE_NAME = "remind.json"
STATE_LOCK_NAME = "remind.lock"
STATE_VERSION = 1
#: A bigger file is not ours to trust (a pruned one holds a few kilobytes).
MAX_STATE_BYTES = 256 * 1024
#: At most this many remembered keys are kept (the newest); each is under this long.
MAX_KEYS = 1000
MAX_KEY_LENGTH = 200


class RemindState(Struct, frozen=True):
    """What was announced (each key with when) and when ``remind`` last ran (aware UTC)."""

    last_run: datetime | None = None
    announced: dict[str, datetime] = field(default_factory=dict)


def remind_lock(data_dir: Path) -> InterProcessLock:
    """The lock two ``remind`` processes share; it waits quietly (a scheduler has no one
    to tell), and gives up after the store's usual time-out."""
    return InterProcessLock(data_dir / STATE_LOCK_NAME, on_wait=lambda holder: None)


def read_state(data_dir: Path) -> RemindState | None:
    """The saved state, or None if there is none that can be trusted."""
    try:
        fd = open_nofollow(data_dir / STATE_NAME)
    except Exception:  # missing, unreadable, a symbolic link: all mean "no state"
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            payload = handle.read(MAX_STATE_BYTES + 1)
        except OSError:
            return None
    if len(payload) > MAX_STATE_BYTES:
        return None
    try:
        return _parse(json.loads(payload))
    except (ValueError, TypeError, AttributeError, RecursionError):
        return None


def _parse(data: object) -> RemindState | None:
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return None
    last_run = _moment(data.get("last_run"))
    announced_data = data.get("announced")
    if last_run is None or not isinstance(announced_data, dict):
        return None
    announced = {}
    for key, when in announced_data.items():
        moment = _moment(when)
        if isinstance(key, str) and 0 < len(key) <= MAX_KEY_LENGTH and moment is not None:
            announced[key] = moment
    return RemindState(last_run, announced)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
        return None if moment.utcoffset() is None else ensure_utc(moment)
    except (ValueError, OverflowError):  # not a time; or one at the very edge of the calendar
        return None


def write_state(data_dir: Path, state: RemindState) -> None:
    """Save ``state`` atomically, private to this user; at most :data:`MAX_KEYS` keys.

    Raises:
        OSError: the file can't be written (a full or read-only disk).
    """
    newest = sorted(state.announced.items(), key=lambda item: item[1], reverse=True)
    data = {
        "version": STATE_VERSION,
        "last_run": to_iso(state.last_run) if state.last_run else None,
        "announced": {key: to_iso(at) for key, at in newest[:MAX_KEYS]},
    }
    payload = json.dumps(data, indent=1, sort_keys=True).encode()
    path = data_dir / STATE_NAME
    # mkstemp makes the file 0600; the rename replaces a link at ``path``, never follows it.
    atomic_write(path, payload, durable=False)
