"""The optional keyring entry (``--remember``): the data key kept by the system's keyring
(GNOME Keyring, KWallet, macOS Keychain, Windows Credential Locker) so the patient is not
asked for the passphrase on every start.

Losing the entry never matters: the passphrase and the recovery key still open the
journal, and a stale or missing entry is simply passed over. The ``keyring`` package is
an optional extra (``pip install 'ketacheck[keyring]'``), loaded only for a journal whose
``keys.json`` says the patient asked for this.
"""

from __future__ import annotations

import base64
import importlib.util
import os
from pathlib import Path

from ketacheck.store.errors import StoreError
from ketacheck.store.keyfile import DataKey, read_keyfile, write_keyfile

SERVICE = "ketacheck"
INSTALL_HINT = "pip install 'ketacheck[keyring]'"


def _account(data_dir: Path) -> str:
    """One entry per data folder: its full path."""
    return os.path.abspath(data_dir)


def keyring_installed() -> bool:
    """Whether the optional ``keyring`` package is there (without loading it)."""
    return importlib.util.find_spec("keyring") is not None


def recall(data_dir: Path) -> bytes | None:
    """The data key the system keyring keeps for ``data_dir``; None for any problem."""
    if not keyring_installed():
        return None
    try:
        import keyring

        stored = keyring.get_password(SERVICE, _account(data_dir))
        return None if stored is None else base64.b64decode(stored, validate=True)
    except Exception:  # a locked, missing or broken keyring backend: ask instead
        return None


def remember(data_dir: Path, data_key: DataKey) -> None:
    """Keep the data key in the system keyring, and note in ``keys.json`` that it is there.

    Raises:
        StoreError: ``keyring`` is not installed, or the keyring refused.
    """
    if not keyring_installed():
        raise StoreError(f"remembering needs the keyring package: {INSTALL_HINT}")
    try:
        import keyring

        keyring.set_password(
            SERVICE, _account(data_dir), base64.b64encode(data_key.key).decode("ascii")
        )
    except Exception as exc:  # every backend has its own errors
        raise StoreError(
            f"the system keyring would not keep it ({type(exc).__name__}); you will be "
            "asked for your passphrase as before"
        ) from None
    _note(data_dir, True)


def forget(data_dir: Path) -> None:
    """Remove the keyring entry (if there is one) and the note in ``keys.json``."""
    if keyring_installed():
        try:
            import keyring

            keyring.delete_password(SERVICE, _account(data_dir))
        except Exception:  # nothing was kept, or the backend is gone: nothing to remove
            pass
    _note(data_dir, False)


def _note(data_dir: Path, remember_it: bool) -> None:
    keyfile = read_keyfile(data_dir)
    if keyfile is not None and keyfile.remember != remember_it:
        write_keyfile(data_dir, keyfile._replace(remember=remember_it))
