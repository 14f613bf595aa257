"""Unlocking an encrypted journal for this process: with the passphrase, or with the data
key a system keyring kept (``--remember``).

Nothing here asks anyone anything: the command line and the app get the passphrase
their own way and hand it over.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ketacheck.store import codec
from ketacheck.store.errors import StoreError, WrongSecretError
from ketacheck.store.paths import JOURNAL_NAME, KEYS_NAME

if TYPE_CHECKING:
    from ketacheck.store.keyfile import KeyFile

#: The states :func:`lock_state` tells apart.
OFF = "off"
UNLOCKED = "unlocked"
LOCKED = "locked"
#: The journal is encrypted but ``keys.json`` is gone: only the recovery key opens it.
KEYS_MISSING = "keys-missing"


def lock_state(data_dir: Path) -> str:
    """Whether the journal in ``data_dir`` needs unlocking before it can be used.

    Costs an ``lstat`` (and, with no ``keys.json``, a look at the journal's first bytes).
    """
    if codec.folder_mode(data_dir) == codec.OFF:
        return KEYS_MISSING if journal_is_sealed(data_dir) else OFF
    return UNLOCKED if codec.key_for(data_dir) is not None else LOCKED


def journal_is_sealed(data_dir: Path) -> bool:
    """Whether the journal file starts as an encrypted file does."""
    from ketacheck.store.fileio import open_nofollow

    try:
        fd = open_nofollow(data_dir / JOURNAL_NAME)
    except (OSError, StoreError):
        return False
    try:
        start = os.read(fd, 64)
    except OSError:
        return False
    finally:
        os.close(fd)
    if start[:1] == b"{":  # a plain journal is JSON: no need to load the envelope's code
        return False
    from ketacheck.store.envelope import is_sealed

    return is_sealed(start)


def missing_keys_message(data_dir: Path) -> str:
    """What to say when the journal is encrypted but ``keys.json`` is gone."""
    return (
        f"your journal is encrypted, but its key file ({data_dir / KEYS_NAME}) is missing "
        "or damaged. Your recovery key still opens it: run 'ketacheck unlock --recovery' "
        "to choose a new passphrase. Nothing was changed."
    )


def _keyfile(data_dir: Path) -> KeyFile:
    from ketacheck.store.keyfile import KeyFileError, read_keyfile

    try:
        keyfile = read_keyfile(data_dir)
    except KeyFileError:
        raise StoreError(missing_keys_message(data_dir)) from None
    if keyfile is None:
        raise StoreError(missing_keys_message(data_dir))
    return keyfile


def unlock_with_passphrase(data_dir: Path, passphrase: str) -> None:
    """Unlock ``data_dir`` for this process (about the time Argon2id takes).

    Raises:
        WrongSecretError: the passphrase does not open it; nothing was changed.
        StoreError: ``keys.json`` is missing or damaged (the recovery key still works).
    """
    from ketacheck.store.keyfile import DataKey, KeyFileError, unwrap_passphrase

    keyfile = _keyfile(data_dir)
    try:
        found = unwrap_passphrase(keyfile.passphrase, passphrase, keyfile.key_id)
    except KeyFileError:
        raise StoreError(missing_keys_message(data_dir)) from None
    if found is None:
        raise WrongSecretError("that passphrase doesn't open your journal; nothing was changed")
    codec.remember_key(data_dir, DataKey(found.key, keyfile.key_id, keyfile.recovery))


def unlock_with_data_key(data_dir: Path, key: bytes) -> bool:
    """Unlock with a data key kept elsewhere (a system keyring); False if it is not this
    journal's key (a stale entry), in which case nothing happens."""
    from ketacheck.store.keyfile import DataKey, key_id_of

    keyfile = _keyfile(data_dir)
    if len(key) != 32 or key_id_of(key) != keyfile.key_id:
        return False
    codec.remember_key(data_dir, DataKey(key, keyfile.key_id, keyfile.recovery))
    return True


def wants_remembering(data_dir: Path) -> bool:
    """Whether the patient asked for the key to be kept in the system keyring."""
    from ketacheck.store.keyfile import KeyFileError, read_keyfile

    try:
        keyfile = read_keyfile(data_dir)
    except (KeyFileError, StoreError):
        return False
    return keyfile is not None and keyfile.remember


def unfinished(data_dir: Path) -> bool:
    """Whether turning encryption on or off was stopped half-way."""
    return codec.folder_mode(data_dir) in ("turning-on", "turning-off")
