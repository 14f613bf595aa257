"""The data key and the two ways to reach it: the passphrase and the recovery key.

One random data key encrypts every file (see :mod:`ketacheck.store.envelope`). It is
never stored as it is, only wrapped (encrypted with AES-256-GCM) twice:

* by a key derived from the passphrase with Argon2id (memory-hard, so guessing
  passphrases is slow); its parameters are stored with the wrapping, so they can be
  raised later without breaking older files;
* by a key derived from the recovery key with HKDF-SHA256 (the recovery key is random,
  140 bits, so it needs no slow derivation).

``keys.json`` in the data folder holds both wrappings. Changing the passphrase rewrites
only that small file, in one atomic rename. The recovery wrapping never changes, and
every encrypted file carries a copy of it in its header, so the recovery key opens every
file even if ``keys.json`` itself is lost.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

from ketacheck.store.envelope import CIPHER, KEY_SIZE, hkdf
from ketacheck.store.fileio import atomic_write, read_nofollow
from ketacheck.store.paths import KEYS_NAME

KEYS_FORMAT = "ketacheck-keys"
KEYS_VERSION = 1
#: Argon2id cost: 64 MiB of memory, 3 passes, 4 lanes (RFC 9106's second recommended
#: setting), about 0.15-0.3 s on the 2-core test machine. Stored with each wrapping.
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_PARALLELISM = 4
#: A stored setting outside these is not ours (and could make opening take forever).
_ARGON2_LIMITS = {"time_cost": (1, 20), "memory_cost": (8, 2 * 1024 * 1024), "parallelism": (1, 16)}
MIN_PASSPHRASE = 8
#: The recovery key's letters: digits and capitals without I, L, O and U, so nothing
#: written down by hand reads as something else (Crockford's base 32).
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS = 7
RECOVERY_GROUP_SIZE = 4
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_KEY_ID_INFO = b"ketacheck key id v1"
_RECOVERY_INFO = b"ketacheck recovery wrap v1"
_WRAP_AAD = b"ketacheck key wrap v1|"
#: Which states a folder can be in while ``keys.json`` exists.
ON, TURNING_ON, TURNING_OFF = "on", "turning-on", "turning-off"


class KeyFileError(ValueError):
    """``keys.json`` (or a wrapping in a header) can't be read; ``str()`` says why."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, size: int | None = None) -> bytes:
    if not isinstance(value, str):
        raise KeyFileError("a wrapped key is damaged")
    try:
        data = base64.b64decode(value, validate=True)
    except ValueError:
        raise KeyFileError("a wrapped key is damaged") from None
    if size is not None and len(data) != size:
        raise KeyFileError("a wrapped key is damaged")
    return data


def key_id_of(data_key: bytes) -> str:
    """The data key's public id: derived from it, so a key can be checked against it."""
    return hkdf(data_key, b"", _KEY_ID_INFO, 16).hex()


# The key file's types are named tuples, not msgspec Structs: an encrypted journal's
# ``status`` reads them, and msgspec would cost it about 13 ms of imports
# (``typing_extensions``, ``inspect``) that plain ``status`` never loads.
class DataKey(NamedTuple):
    """The unwrapped data key, its id, and its recovery wrapping (copied into headers)."""

    key: bytes
    key_id: str
    recovery: dict[str, Any]

    # The key itself is never shown: not in a log, a traceback or a pretty-printed value.
    def __repr__(self) -> str:
        return f"DataKey(key_id={self.key_id!r}, recovery=...)"

    def __rich_repr__(self) -> list[tuple[str, Any]]:
        return [("key_id", self.key_id)]


def normalize_passphrase(passphrase: str) -> bytes:
    """The bytes a passphrase stands for: the same on every system (Unicode NFC)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def new_recovery_key() -> str:
    """A fresh recovery key: ``7KQ2-...``, seven groups of four letters and digits."""
    import secrets

    letters = "".join(
        secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_SIZE)
    )
    size = RECOVERY_GROUP_SIZE
    return "-".join(letters[i : i + size] for i in range(0, len(letters), size))


def parse_recovery_key(text: str) -> str | None:
    """The recovery key as typed (any case, spaces or dashes) in its written form; None if
    it can't be one (wrong length or a letter it never uses)."""
    letters = "".join(ch for ch in text.upper() if ch != "-" and not ch.isspace())
    letters = letters.translate(_MISREAD)
    if len(letters) != RECOVERY_GROUPS * RECOVERY_GROUP_SIZE or any(
        ch not in RECOVERY_ALPHABET for ch in letters
    ):
        return None
    size = RECOVERY_GROUP_SIZE
    return "-".join(letters[i : i + size] for i in range(0, len(letters), size))


def _wrap(kek: bytes, data_key: bytes, kind: str, key_id: str) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    aad = _WRAP_AAD + kind.encode() + b"|" + key_id.encode()
    return nonce, AESGCM(kek).encrypt(nonce, data_key, aad)


def _unwrap(kek: bytes, wrap: dict[str, Any], kind: str, key_id: str) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = _unb64(wrap.get("nonce"), 12)
    wrapped = _unb64(wrap.get("wrapped"), KEY_SIZE + 16)
    aad = _WRAP_AAD + kind.encode() + b"|" + key_id.encode()
    try:
        data_key = AESGCM(kek).decrypt(nonce, wrapped, aad)
    except InvalidTag:
        return None
    return data_key if key_id_of(data_key) == key_id else None


def _argon2(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        normalize_passphrase(passphrase),
        salt,
        time_cost=params["time_cost"],
        memory_cost=params["memory_cost"],
        parallelism=params["parallelism"],
        hash_len=KEY_SIZE,
        type=Type.ID,
    )


def _argon2_params(wrap: dict[str, Any]) -> dict[str, int]:
    if wrap.get("kdf") != "argon2id":
        raise KeyFileError(
            f"it names a passphrase method this ketacheck doesn't know ({wrap.get('kdf')!r})"
        )
    params = {}
    for name, (low, high) in _ARGON2_LIMITS.items():
        value = wrap.get(name)
        if type(value) is not int or not low <= value <= high:
            raise KeyFileError("its passphrase settings are damaged")
        params[name] = value
    return params


def wrap_for_passphrase(data_key: DataKey, passphrase: str) -> dict[str, Any]:
    """The data key wrapped by ``passphrase`` (Argon2id with today's settings)."""
    params = {
        "time_cost": ARGON2_TIME_COST,
        "memory_cost": ARGON2_MEMORY_KIB,
        "parallelism": ARGON2_PARALLELISM,
    }
    salt = os.urandom(16)
    nonce, wrapped = _wrap(
        _argon2(passphrase, salt, params), data_key.key, "passphrase", data_key.key_id
    )
    return {
        "kdf": "argon2id",
        "argon2_version": 19,
        **params,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped": _b64(wrapped),
    }


def unwrap_passphrase(wrap: dict[str, Any], passphrase: str, key_id: str) -> DataKey | None:
    """The data key if ``passphrase`` opens ``wrap``; None if it doesn't.

    Raises:
        KeyFileError: the wrapping is damaged.
    """
    params = _argon2_params(wrap)
    salt = _unb64(wrap.get("salt"))
    if not 8 <= len(salt) <= 64:
        raise KeyFileError("its passphrase settings are damaged")
    key = _unwrap(_argon2(passphrase, salt, params), wrap, "passphrase", key_id)
    return None if key is None else DataKey(key, key_id, {})


def _recovery_kek(recovery_key: str, salt: bytes) -> bytes:
    return hkdf(recovery_key.encode("ascii"), salt, _RECOVERY_INFO)


def unwrap_recovery(wrap: dict[str, Any], recovery_key: str, key_id: str) -> DataKey | None:
    """The data key if ``recovery_key`` (in its written form) opens ``wrap``; else None.

    Raises:
        KeyFileError: the wrapping is damaged.
    """
    if not isinstance(wrap, dict) or wrap.get("kdf") != "hkdf-sha256":
        raise KeyFileError("its recovery wrapping is damaged")
    salt = _unb64(wrap.get("salt"), 16)
    key = _unwrap(_recovery_kek(recovery_key, salt), wrap, "recovery", key_id)
    return None if key is None else DataKey(key, key_id, wrap)


def new_data_key() -> tuple[DataKey, str]:
    """A fresh data key, wrapped for a fresh recovery key; and that recovery key."""
    key = os.urandom(KEY_SIZE)
    key_id = key_id_of(key)
    recovery_key = new_recovery_key()
    salt = os.urandom(16)
    nonce, wrapped = _wrap(_recovery_kek(recovery_key, salt), key, "recovery", key_id)
    wrap = {
        "kdf": "hkdf-sha256",
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped": _b64(wrapped),
    }
    return DataKey(key, key_id, wrap), recovery_key


class KeyFile(NamedTuple):
    """What ``keys.json`` holds.

    Attributes:
        key_id: The data key's id.
        passphrase: The data key wrapped by the passphrase (Argon2id settings with it).
        recovery: The data key wrapped by the recovery key.
        state: ``on``; or ``turning-on`` / ``turning-off`` while every file is being
            converted (a command that finds it so finishes the job).
        remember: Whether the patient asked for the key to be kept in the system's
            keyring (``--remember``); losing that entry costs nothing.
    """

    key_id: str
    passphrase: dict[str, Any]
    recovery: dict[str, Any]
    state: str = ON
    remember: bool = False

    def with_state(self, state: str) -> KeyFile:
        """A copy in ``state``."""
        return self._replace(state=state)

    def to_dict(self) -> dict[str, Any]:
        """The file's JSON."""
        return {
            "format": KEYS_FORMAT,
            "version": KEYS_VERSION,
            "cipher": CIPHER,
            "key_id": self.key_id,
            "state": self.state,
            "remember": self.remember,
            "passphrase": self.passphrase,
            "recovery": self.recovery,
        }


def keyfile_path(data_dir: Path) -> Path:
    """Where ``keys.json`` lives."""
    return data_dir / KEYS_NAME


def parse_keyfile(payload: bytes) -> KeyFile:
    """Read ``keys.json``'s bytes.

    Raises:
        KeyFileError: it is damaged, or was written by a newer ketacheck.
    """
    try:
        data = json.loads(payload)
    except ValueError:
        raise KeyFileError("it is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != KEYS_FORMAT:
        raise KeyFileError("it is not a ketacheck key file")
    if data.get("version") != KEYS_VERSION:
        raise KeyFileError(f"it was written by a newer ketacheck (version {data.get('version')!r})")
    key_id, state = data.get("key_id"), data.get("state")
    passphrase, recovery = data.get("passphrase"), data.get("recovery")
    if (
        not isinstance(key_id, str)
        or state not in (ON, TURNING_ON, TURNING_OFF)
        or not isinstance(passphrase, dict)
        or not isinstance(recovery, dict)
    ):
        raise KeyFileError("it is damaged")
    return KeyFile(key_id, passphrase, recovery, state, data.get("remember") is True)


def read_keyfile(data_dir: Path) -> KeyFile | None:
    """``keys.json``, or None when there is none (encryption is off).

    Raises:
        KeyFileError: it is there but damaged.
        UnsafePathError: it is a symbolic link.
    """
    try:
        payload = read_nofollow(keyfile_path(data_dir))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyFileError(exc.strerror or "it can't be read") from None
    return parse_keyfile(payload)


def write_keyfile(data_dir: Path, keyfile: KeyFile) -> None:
    """Replace ``keys.json`` in one atomic, durable rename: old or new, never half."""
    payload = json.dumps(keyfile.to_dict(), indent=1, sort_keys=True).encode("ascii")
    atomic_write(keyfile_path(data_dir), payload)
