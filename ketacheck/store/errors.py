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


class UnsafePathError(StoreError):
    """A file or folder of the journal's is a symbolic link: ketacheck never follows one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} is a symbolic link, and ketacheck never follows links in its data "
            "folder; nothing was read or changed. Put the real file (or folder) there instead."
        )


class UnsafeFolderError(StoreError):
    """The data folder belongs to another user, or other users can write to it."""

    def __init__(self, path: Path, reason: str, fix: str) -> None:
        self.path = path
        super().__init__(f"the data folder {path} {reason}, so ketacheck won't use it. {fix}")


class JournalMissingError(StoreError):
    """There is no journal, but one was set aside beside it: this is not a first start."""

    def __init__(self, path: Path, set_aside: Path) -> None:
        self.path = path
        self.set_aside = set_aside
        super().__init__(
            f"the journal at {path} is missing, but an earlier one was set aside beside it "
            f"({set_aside.name}), so ketacheck won't start an empty journal in its place. "
            "Run 'ketacheck restore' to bring back the newest good backup."
        )


class LockTimeoutError(StoreError):
    """Another ketacheck held the journal's lock for too long; nothing was saved."""

    def __init__(self, holder: int | None, seconds: float) -> None:
        self.holder = holder
        who = f"another ketacheck (pid {holder})" if holder else "another ketacheck"
        kill = f" (kill {holder})" if holder else ""
        super().__init__(
            f"{who} was still saving after {seconds:g} seconds, so nothing was saved. If it "
            f"is suspended or stuck, bring it back (fg) or close it{kill}, then try again."
        )


class RestoreRefusedError(StoreError):
    """``restore`` was asked to replace a journal that opens fine, without ``--force``.

    This is bad usage (exit 2), not a failure: nothing was changed.
    """


class BadBackupError(StoreError):
    """The file given to restore from is not a journal whose every record is valid.

    Bad input (exit 2): nothing was changed.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"can't restore from {path}: {reason}. Nothing was changed.")


class LockUnavailableError(StoreError):
    """The lock file can't be opened or created (a read-only disk...): nothing can be saved."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(
            f"can't save in {path.parent} ({reason}); nothing was saved. Reading still works."
        )


class JournalLockedError(StoreError):
    """The journal (or a file of it) is encrypted, and this process has not been given
    the passphrase. Nothing was read or changed."""

    def __init__(self, data_dir: Path, path: Path | None = None) -> None:
        self.data_dir = data_dir
        self.path = path
        what = (
            f"{path} is encrypted"
            if path is not None
            else f"the journal in {data_dir} is encrypted"
        )
        super().__init__(
            f"{what}, and ketacheck has not been given its passphrase, so nothing was read "
            "or changed. Run the command in a terminal to type it, or set "
            "KETACHECK_PASSPHRASE_FILE to a file that holds it."
        )


class WrongSecretError(StoreError):
    """A passphrase or recovery key that does not open the journal. Nothing was changed."""


class EnvelopeError(ValueError):
    """An encrypted file that can't be opened; ``str()`` says why, in plain words.

    Not a :class:`StoreError`: the code that opens a file turns it into the error that
    names the file (see :func:`ketacheck.store.storage.parse_journal`).
    """
