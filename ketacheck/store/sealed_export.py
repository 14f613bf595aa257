"""Encrypted exports (``export --encrypt``): the journal's own envelope, carried away.

An encrypted export is an envelope like every encrypted file in the data folder, but it
must open on its own, far from ``keys.json``, so its header carries the data key wrapped
for the passphrase as well as for the recovery key:

* with encryption on, it is sealed with the journal's data key, and opens with the
  journal's passphrase (as it was when the export was made) or its recovery key;
* with encryption off, a fresh key is made for it alone and wrapped for the passphrase
  the patient chose for the file.
"""

from __future__ import annotations

from pathlib import Path

from ketacheck.store import codec
from ketacheck.store.envelope import is_sealed, open_sealed, read_header, seal
from ketacheck.store.errors import JournalLockedError, StoreError, WrongSecretError
from ketacheck.store.keyfile import (
    DataKey,
    KeyFileError,
    key_id_of,
    read_keyfile,
    unwrap_passphrase,
    wrap_for_passphrase,
)

__all__ = ["export_opens_without_passphrase", "is_sealed", "open_export", "seal_export"]


def seal_export(data_dir: Path, payload: bytes, passphrase: str | None = None) -> bytes | bytearray:
    """``payload`` sealed for taking away.

    Args:
        data_dir: The data folder (its key is used when encryption is on).
        payload: The export's plain bytes.
        passphrase: With encryption off, the passphrase the file will open with.

    Raises:
        JournalLockedError: encryption is on and this process has not been given the key.
        StoreError: encryption is off and no passphrase was given.
    """
    keyfile = read_keyfile(data_dir)
    if keyfile is not None:
        data_key = codec.key_for(data_dir)
        if data_key is None:
            raise JournalLockedError(data_dir)
        keys = {"passphrase": keyfile.passphrase, "recovery": keyfile.recovery}
        return seal(data_key.key, data_key.key_id, payload, keys)
    if passphrase is None:
        raise StoreError("an encrypted export needs a passphrase; nothing was written")
    import os

    key = os.urandom(32)
    fresh = DataKey(key, key_id_of(key), {})
    keys = {"passphrase": wrap_for_passphrase(fresh, passphrase)}
    return seal(fresh.key, fresh.key_id, payload, keys)


def export_opens_without_passphrase(payload: bytes) -> bool:
    """Whether this process already holds the key of the sealed ``payload``."""
    try:
        return codec.key_by_id(read_header(payload).key_id) is not None
    except ValueError:
        return False


def open_export(payload: bytes, passphrase: str | None) -> bytes:
    """The plain bytes of a sealed export.

    Raises:
        WrongSecretError: the passphrase does not open it (or none was given and this
            process has no key for it).
        EnvelopeError: the file is cut short, changed or damaged.
    """
    header = read_header(payload)
    key = codec.key_by_id(header.key_id)
    if key is None:
        wrap = header.fields.get("keys", {}).get("passphrase")
        if passphrase is None or not isinstance(wrap, dict):
            raise WrongSecretError("this file is encrypted and needs its passphrase")
        try:
            found = unwrap_passphrase(wrap, passphrase, header.key_id)
        except KeyFileError as exc:
            raise StoreError(f"the file's key can't be read ({exc})") from None
        if found is None:
            raise WrongSecretError("that passphrase doesn't open this file; nothing was imported")
        key = found.key
    return open_sealed(key, payload)
