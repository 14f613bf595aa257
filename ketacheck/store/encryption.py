"""Turning encryption on and off, changing the passphrase, and coming back with the
recovery key, so that no moment of any of them can lock the patient out.

Each is built from atomic steps, and every state between two steps opens:

* **On**: ``keys.json`` is written first, saying ``turning-on``; from then on every
  write is sealed. Each file is then sealed in place (a temporary file, fsynced, renamed
  over it), and ``keys.json`` finally says ``on``. A kill leaves some files sealed and
  some plain: readers take each file as it is, and the next command that has the key
  finishes the job.
* **Off**: ``keys.json`` says ``turning-off`` (new writes are plain), each file is made
  plain in place, and ``keys.json`` is deleted last. Until then the passphrase still
  opens every sealed file.
* **Passphrase change** and **recovery** rewrite ``keys.json`` alone, in one rename: the
  data key, and so every file, stays as it is.

All of it runs under the journal's lock, so no save lands half-way through.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ketacheck.store import codec
from ketacheck.store.envelope import EnvelopeError, is_sealed, read_header, seal
from ketacheck.store.errors import StoreError, WrongSecretError
from ketacheck.store.fileio import (
    atomic_write,
    ensure_data_folder,
    fsync_dir,
    read_nofollow,
    remove_stale_temporaries,
)
from ketacheck.store.keyfile import (
    ON,
    TURNING_OFF,
    TURNING_ON,
    DataKey,
    KeyFile,
    KeyFileError,
    keyfile_path,
    read_keyfile,
    unwrap_recovery,
    wrap_for_passphrase,
    write_keyfile,
)
from ketacheck.store.locking import InterProcessLock
from ketacheck.store.paths import (
    BACKUP_DIR_NAME,
    DRAFT_DIR_NAME,
    JOURNAL_NAME,
    LOCK_NAME,
    PLAIN_NAME,
    SUMMARY_NAME,
)


class ConversionReport:
    """What a conversion did: how many files it changed, and which it had to leave."""

    __slots__ = ("changed", "left")

    def __init__(self) -> None:
        self.changed = 0
        self.left: list[Path] = []


def own_files(data_dir: Path) -> Iterator[Path]:
    """Every file of ketacheck's in ``data_dir`` that can hold answers.

    The journal, the summary, journals kept aside (``journal.json.v3-before-upgrade``,
    ``journal.json.unreadable-...``, ``journal.json.before-restore-...``), the backups
    and the drafts (set-aside ones too). Never a symbolic link, never a temporary file.
    """
    candidates = [data_dir / JOURNAL_NAME, data_dir / SUMMARY_NAME]
    candidates += sorted(data_dir.glob(f"{JOURNAL_NAME}.*"))
    for folder, pattern in ((BACKUP_DIR_NAME, "journal-*.json"), (DRAFT_DIR_NAME, "*.json")):
        candidates += sorted((data_dir / folder).glob(pattern))
    for path in candidates:
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(path).st_mode):
                yield path


def _convert(path: Path, data_key: DataKey, sealed: bool, report: ConversionReport) -> None:
    payload = read_nofollow(path)
    if is_sealed(payload) == sealed:
        if sealed:
            with contextlib.suppress(EnvelopeError):
                if read_header(payload).key_id != data_key.key_id:
                    report.left.append(path)  # sealed with a key from an earlier time
        return
    new: bytes | bytearray
    if sealed:
        new = seal(data_key.key, data_key.key_id, payload, {"recovery": data_key.recovery})
    else:
        try:
            new = codec.decode(path, payload)
        except (EnvelopeError, StoreError):
            report.left.append(path)  # damaged, or another key: kept as it is
            return
    atomic_write(path, new)
    report.changed += 1


def _remove_temporaries(data_dir: Path) -> None:
    """A save killed half-way leaves a temporary file: it may hold plain answers."""
    for folder in (data_dir, data_dir / BACKUP_DIR_NAME, data_dir / DRAFT_DIR_NAME):
        if folder.is_dir() and not folder.is_symlink():
            remove_stale_temporaries(folder)


def convert_all(data_dir: Path, data_key: DataKey, sealed: bool) -> ConversionReport:
    """Seal (or unseal) every file of ketacheck's in ``data_dir``. Call it under the lock."""
    report = ConversionReport()
    for path in own_files(data_dir):
        _convert(path, data_key, sealed, report)
    _remove_temporaries(data_dir)
    return report


def _lock(data_dir: Path) -> InterProcessLock:
    return InterProcessLock(data_dir / LOCK_NAME)


def turn_on(data_dir: Path, data_key: DataKey, keyfile: KeyFile) -> ConversionReport:
    """Encrypt every file in ``data_dir`` with ``data_key``; ``keyfile`` is its new
    ``keys.json`` (the patient has seen and confirmed the recovery key by now).

    Raises:
        StoreError: encryption is already on, or a file couldn't be written.
    """
    ensure_data_folder(data_dir)
    with _lock(data_dir).held():
        if os.path.lexists(keyfile_path(data_dir)):
            raise StoreError("encryption is already on; nothing was changed")
        write_keyfile(data_dir, keyfile.with_state(TURNING_ON))
        codec.remember_key(data_dir, data_key)
        return _finish(data_dir, data_key, keyfile.with_state(TURNING_ON))


def finish(data_dir: Path, data_key: DataKey) -> ConversionReport | None:
    """Finish turning encryption on or off, if a kill stopped it half-way; None if there
    was nothing to finish."""
    with _lock(data_dir).held():
        keyfile = read_keyfile(data_dir)
        if keyfile is None or keyfile.state == ON:
            return None
        return _finish(data_dir, data_key, keyfile)


def _finish(data_dir: Path, data_key: DataKey, keyfile: KeyFile) -> ConversionReport:
    if keyfile.state == TURNING_ON:
        report = convert_all(data_dir, data_key, sealed=True)
        write_keyfile(data_dir, keyfile.with_state(ON))
        return report
    report = convert_all(data_dir, data_key, sealed=False)
    with contextlib.suppress(FileNotFoundError):
        (data_dir / PLAIN_NAME).unlink()
    if not report.left:
        keyfile_path(data_dir).unlink()
        fsync_dir(data_dir)
    return report


def turn_off(data_dir: Path, data_key: DataKey) -> ConversionReport:
    """Decrypt every file in ``data_dir``; ``keys.json`` goes last.

    Files sealed with another key, or damaged, are left as they are and named in the
    report, and then ``keys.json`` stays too, so the passphrase still opens them.
    """
    with _lock(data_dir).held():
        keyfile = read_keyfile(data_dir)
        if keyfile is None:
            raise StoreError("encryption is already off; nothing was changed")
        if keyfile.state != TURNING_OFF:
            keyfile = keyfile.with_state(TURNING_OFF)
            write_keyfile(data_dir, keyfile)
        return _finish(data_dir, data_key, keyfile)


def change_passphrase(data_dir: Path, data_key: DataKey, new_passphrase: str) -> None:
    """Wrap the data key for ``new_passphrase``: one atomic rewrite of ``keys.json``.

    Raises:
        StoreError: encryption is off, or ``keys.json`` can't be read or written.
    """
    with _lock(data_dir).held():
        keyfile = _keyfile_or_fail(data_dir)
        wrap = wrap_for_passphrase(data_key, new_passphrase)
        write_keyfile(
            data_dir,
            KeyFile(keyfile.key_id, wrap, keyfile.recovery, keyfile.state, keyfile.remember),
        )


def _keyfile_or_fail(data_dir: Path) -> KeyFile:
    try:
        keyfile = read_keyfile(data_dir)
    except KeyFileError as exc:
        raise StoreError(f"{keyfile_path(data_dir)} can't be read ({exc})") from None
    if keyfile is None:
        raise StoreError("encryption is off, so there is no passphrase to change")
    return keyfile


def recovery_source(data_dir: Path) -> tuple[str, dict[str, object], KeyFile | None]:
    """Where the recovery wrapping comes from: ``keys.json``, else any sealed file's header.

    Returns:
        The key id, the recovery wrapping, and ``keys.json`` if it could be read.

    Raises:
        StoreError: nothing in the folder is encrypted.
    """
    keyfile = None
    with contextlib.suppress(KeyFileError):
        keyfile = read_keyfile(data_dir)
    if keyfile is not None:
        return keyfile.key_id, keyfile.recovery, keyfile
    for path in own_files(data_dir):
        with contextlib.suppress(OSError, EnvelopeError):
            header = read_header(read_nofollow(path))
            wrap = header.fields.get("keys", {}).get("recovery")
            if isinstance(wrap, dict):
                return header.key_id, wrap, None
    raise StoreError(f"nothing in {data_dir} is encrypted, so there is nothing to recover")


def recover(data_dir: Path, recovery_key: str, new_passphrase: str) -> DataKey:
    """Reach the data key with the recovery key, and wrap it for ``new_passphrase``.

    Works even when ``keys.json`` is lost or damaged: every sealed file carries the
    recovery wrapping.

    Raises:
        WrongSecretError: the recovery key does not open it (nothing was changed).
        StoreError: nothing is encrypted here, or ``keys.json`` can't be written.
    """
    with _lock(data_dir).held():
        key_id, wrap, keyfile = recovery_source(data_dir)
        try:
            data_key = unwrap_recovery(dict(wrap), recovery_key, key_id)
        except KeyFileError as exc:
            raise StoreError(f"the recovery wrapping can't be read ({exc})") from None
        if data_key is None:
            raise WrongSecretError(
                "that recovery key doesn't open this journal; nothing was changed"
            )
        passphrase = wrap_for_passphrase(data_key, new_passphrase)
        state = keyfile.state if keyfile is not None else ON
        remember = keyfile.remember if keyfile is not None else False
        write_keyfile(data_dir, KeyFile(key_id, passphrase, data_key.recovery, state, remember))
    codec.remember_key(data_dir, data_key)
    return data_key
