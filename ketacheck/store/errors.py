"""Errors the store raises, each with the one line a patient is shown."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A problem with the journal on disk; ``str()`` is the line to show."""


class JournalUnreadableError(StoreError):
    """The journal exists but can't be read or understood. It is never overwritten."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"the journal at {path} can't be read ({reason}). It has been left exactly as "
            "it was. Run 'ketacheck restore' to bring back the newest good backup."
        )


class JournalTooNewError(StoreError):
    """The journal was written by a newer ketacheck than this one."""

    def __init__(self, path: Path, version: int) -> None:
        self.path = path
        super().__init__(
            f"the journal at {path} was saved by a newer ketacheck (format {version}). "
            "Please update ketacheck; the journal has not been changed."
        )


class JournalWriteError(StoreError):
    """A save failed (disk full, no permission...). Nothing was changed."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"couldn't save to {path} ({reason}); nothing was changed")


class RecordNotFoundError(StoreError):
    """An edit or delete named a record that isn't in the journal."""
