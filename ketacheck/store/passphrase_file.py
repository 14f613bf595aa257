"""Reading a passphrase from a file (``--passphrase-file``, ``KETACHECK_PASSPHRASE_FILE``),
for scripts and tests that have no one to type it."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "KETACHECK_PASSPHRASE_FILE"
#: A passphrase file is a line of text, not a book.
MAX_BYTES = 4096


class PassphraseFileError(ValueError):
    """The file can't give a passphrase; ``str()`` says why, naming the file."""


def read_passphrase(path: Path) -> str:
    """The passphrase in ``path``: its text, without the line ending.

    Raises:
        PassphraseFileError: the file is missing, empty, too big or not text.
    """
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PassphraseFileError(f"can't read {path} ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise PassphraseFileError(f"{path} is too big to hold a passphrase")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PassphraseFileError(f"{path} is not text") from None
    text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        raise PassphraseFileError(f"{path} is empty")
    return text


def env_passphrase_path() -> Path | None:
    """The file ``KETACHECK_PASSPHRASE_FILE`` names, if it is set."""
    named = os.environ.get(ENV_VAR)
    return Path(named).expanduser() if named else None
