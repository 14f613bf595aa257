"""Unlocking an encrypted journal before the app starts: without asking when the system
keyring or ``KETACHECK_PASSPHRASE_FILE`` has the answer, else on the calm unlock screen."""

from __future__ import annotations

import contextlib
from pathlib import Path

from ketacheck.store import codec, unlock
from ketacheck.store.errors import StoreError


def unlock_for_app(data_dir: Path) -> bool:
    """Make the journal in ``data_dir`` readable for the app; False if the patient left.

    Raises:
        StoreError: the journal is encrypted but its key file is gone (the CLI says to
            use the recovery key).
    """
    state = unlock.lock_state(data_dir)
    if state == unlock.KEYS_MISSING:
        raise StoreError(unlock.missing_keys_message(data_dir))
    if state == unlock.LOCKED and not _unlock_quietly(data_dir):
        from ketacheck.tui.unlock import UnlockApp

        if not UnlockApp(data_dir).run():
            return False
    _finish_if_stopped(data_dir)
    return True


def _unlock_quietly(data_dir: Path) -> bool:
    """The keyring entry, then the passphrase file; False if neither opens it."""
    if unlock.wants_remembering(data_dir):
        from ketacheck.store.remembered import recall

        key = recall(data_dir)
        if key is not None and unlock.unlock_with_data_key(data_dir, key):
            return True
    from ketacheck.store.passphrase_file import (
        PassphraseFileError,
        env_passphrase_path,
        read_passphrase,
    )

    path = env_passphrase_path()
    if path is None:
        return False
    with contextlib.suppress(PassphraseFileError, StoreError):
        unlock.unlock_with_passphrase(data_dir, read_passphrase(path))
        return True
    return False


def _finish_if_stopped(data_dir: Path) -> None:
    data_key = codec.key_for(data_dir)
    if data_key is not None and unlock.unfinished(data_dir):
        from ketacheck.store.encryption import finish

        finish(data_dir, data_key)
