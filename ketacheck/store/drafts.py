"""Half-finished check-ins, kept in small files beside the journal so quitting loses nothing.

A draft is saved at every step; it is tiny, so saving it never waits on the journal.
Drafts are never read or written through a symbolic link.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import Any

import orjson

from ketacheck.store.codec import decode, encode
from ketacheck.store.errors import JournalLockedError, StoreError, UnsafePathError
from ketacheck.store.fileio import atomic_write, ensure_private_dir, read_nofollow
from ketacheck.store.paths import DRAFT_DIR_NAME

__all__ = ["DRAFT_DIR_NAME", "clear_draft", "load_draft", "save_draft", "set_aside_draft"]


def _path(data_dir: Path, kind: str) -> Path:
    return data_dir / DRAFT_DIR_NAME / f"{kind}.json"


def save_draft(data_dir: Path, kind: str, draft: dict[str, Any]) -> None:
    """Keep ``draft`` for ``kind`` (for example ``"checkin"``), replacing any older one.

    Raises:
        UnsafePathError: the drafts folder is a symbolic link.
        OSError: the draft couldn't be written (the disk is full; or encryption was
            turned on by another ketacheck, and this one has not been given the key).
    """
    ensure_private_dir(data_dir / DRAFT_DIR_NAME)
    try:
        payload = encode(data_dir, orjson.dumps(draft))
    except JournalLockedError as exc:  # encrypted by another ketacheck since this one began
        raise PermissionError(errno.EACCES, str(exc)) from None
    atomic_write(_path(data_dir, kind), payload)


def load_draft(data_dir: Path, kind: str) -> dict[str, Any] | None:
    """The kept draft, or None if there is none (or it can't be read).

    Raises:
        UnsafePathError: the draft is a symbolic link (it is not followed).
    """
    path = _path(data_dir, kind)
    try:
        draft = orjson.loads(decode(path, read_nofollow(path)))
    except FileNotFoundError:
        return None
    except StoreError as exc:
        if isinstance(exc, UnsafePathError):
            raise
        return None
    except (OSError, ValueError):  # orjson's JSONDecodeError and a damaged seal are both
        return None
    return draft if isinstance(draft, dict) else None


def clear_draft(data_dir: Path, kind: str) -> None:
    """Forget the draft once its record is saved (or the patient discards it)."""
    with contextlib.suppress(FileNotFoundError):
        _path(data_dir, kind).unlink()


def set_aside_draft(data_dir: Path, kind: str) -> Path | None:
    """Move a draft that can't be used out of the way, keeping it; returns its new name.

    The newest set-aside draft of a kind replaces an older one: it is kept for a person
    who wants to look at it, not as a record.
    """
    source = _path(data_dir, kind)
    target = source.with_name(f"{kind}.set-aside.json")
    try:
        os.replace(source, target)
    except FileNotFoundError:
        return None
    return target
