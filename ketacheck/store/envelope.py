"""The encrypted file format: a versioned header, then independently sealed blocks.

Every file ketacheck encrypts (the journal, its backups, drafts, the summary, an
``export --encrypt``) has this shape::

    ketacheck-encrypted\\n           the magic line, so a file says what it is
    4 bytes, big-endian             the header's length
    header                          JSON: format, version, cipher, block size, the file's
                                    id, the data key's id, the plain length, and the data
                                    key wrapped for the recovery key (and, for an export,
                                    for the passphrase too)
    block 0, block 1, ...           each ``block_size`` bytes of the plain text (the last
                                    one shorter), sealed with AES-256-GCM, tag appended

Each file gets a fresh random id, and its blocks are sealed with a key of its own derived
from the data key and that id (HKDF-SHA256), so a block's nonce can simply be its index.
Each block's associated data binds the header (by its SHA-256), the block's index and
whether it is the last one: a block moved, swapped from another file, or a file cut at a
block boundary all fail their check. Because every block stands alone, a file cut short
or with a damaged byte still gives back every block that is intact
(:func:`intact_blocks`), which is what restore salvages records from.

The cryptography package is loaded on first use, so a journal that is not encrypted never
pays for it.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any, NamedTuple

# Defined with the store's errors, so that reading a plain file never loads this module.
from ketacheck.store.errors import EnvelopeError as EnvelopeError

MAGIC = b"ketacheck-encrypted\n"
FORMAT = "ketacheck-encrypted"
VERSION = 1
CIPHER = "AES-256-GCM"
#: How much plain text each block seals, at least and at most. Smaller blocks lose less
#: to a cut or a damaged byte; each block costs about 1.5 microseconds more to seal. A
#: file is cut into at most :data:`MAX_BLOCKS` blocks of a power-of-two size, so a
#: journal of a few kilobytes loses at most 1 KiB to a cut, and one of 5 MB (10,000
#: check-ins) is sealed in about 2 ms.
MIN_BLOCK = 1024
MAX_BLOCK = 1024 * 1024
MAX_BLOCKS = 1024
TAG_SIZE = 16
KEY_SIZE = 32
#: A header is a few hundred bytes; a bigger one is not ours to parse.
MAX_HEADER = 64 * 1024
_LENGTH_BYTES = 4
_BLOCK_KEY_INFO = b"ketacheck block key v1"
_BLOCK_AAD = b"ketacheck block v1"


class Header(NamedTuple):
    """The parsed header of an encrypted file.

    Attributes:
        fields: The header as stored (JSON).
        key_id: Which data key sealed the file.
        file_id: This file's random id (16 bytes).
        block_size: How much plain text each block holds.
        length: The plain text's length.
        digest: SHA-256 of the header's bytes, bound into every block.
        body_offset: Where block 0 starts.
    """

    fields: dict[str, Any]
    key_id: str
    file_id: bytes
    block_size: int
    length: int
    digest: bytes
    body_offset: int

    @property
    def block_count(self) -> int:
        """How many blocks the whole file has (an empty text still has one)."""
        return max(1, -(-self.length // self.block_size))

    def block_span(self, index: int) -> tuple[int, int]:
        """Where block ``index`` lies in the file: (start, end)."""
        start = self.body_offset + index * (self.block_size + TAG_SIZE)
        if index < self.block_count - 1:
            return start, start + self.block_size + TAG_SIZE
        last = self.length - index * self.block_size
        return start, start + last + TAG_SIZE

    @property
    def file_size(self) -> int:
        """How long the whole file should be."""
        return self.block_span(self.block_count - 1)[1]


def is_sealed(payload: bytes) -> bool:
    """Whether ``payload`` is an encrypted ketacheck file (by its magic line)."""
    return payload[: len(MAGIC)] == MAGIC


def _aead(key: bytes) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def hkdf(secret: bytes, salt: bytes, info: bytes, length: int = KEY_SIZE) -> bytes:
    """HKDF-SHA256 (RFC 5869) of a high-entropy ``secret``."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)


def _block_aad(digest: bytes, index: int, last: bool) -> bytes:
    return _BLOCK_AAD + digest + index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def block_size_for(length: int) -> int:
    """The block size for ``length`` bytes of plain text (see :data:`MAX_BLOCKS`)."""
    size = MIN_BLOCK
    while size < MAX_BLOCK and size * MAX_BLOCKS < length:
        size *= 2
    return size


def seal(data_key: bytes, key_id: str, payload: bytes, keys: dict[str, Any]) -> bytearray:
    """Encrypt ``payload`` into the envelope format.

    Args:
        data_key: The 32-byte data key.
        key_id: The data key's id, named in the header.
        payload: The plain bytes.
        keys: The data key's wrappings to carry in the header (``{"recovery": ...}``).
    """
    file_id = os.urandom(16)
    block_size = block_size_for(len(payload))
    fields = {
        "format": FORMAT,
        "version": VERSION,
        "cipher": CIPHER,
        "block_size": block_size,
        "file_id": file_id.hex(),
        "key_id": key_id,
        "length": len(payload),
        "keys": keys,
    }
    header = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("ascii")
    digest = hashlib.sha256(header).digest()
    aead = _aead(hkdf(data_key, file_id, _BLOCK_KEY_INFO))
    count = max(1, -(-len(payload) // block_size))
    start = len(MAGIC) + _LENGTH_BYTES + len(header)
    # The whole file is laid out once and each block sealed straight into its place: a
    # journal of years is not copied again to join the pieces.
    sealed = bytearray(start + len(payload) + count * TAG_SIZE)
    sealed[:start] = MAGIC + len(header).to_bytes(_LENGTH_BYTES, "big") + header
    into, source = memoryview(sealed), memoryview(payload)
    for index in range(count):
        block = source[index * block_size : (index + 1) * block_size]
        end = start + len(block) + TAG_SIZE
        aad = _block_aad(digest, index, index == count - 1)
        if hasattr(aead, "encrypt_into"):  # cryptography 47 and later
            aead.encrypt_into(_nonce(index), block, aad, into[start:end])
        else:
            into[start:end] = aead.encrypt(_nonce(index), block, aad)
        start = end
    return sealed


def read_header(payload: bytes) -> Header:
    """The header of an encrypted file.

    Raises:
        EnvelopeError: it is not one, or its header is cut short or malformed.
    """
    if not is_sealed(payload):
        raise EnvelopeError("it is not an encrypted ketacheck file")
    start = len(MAGIC) + _LENGTH_BYTES
    size = int.from_bytes(payload[len(MAGIC) : start], "big")
    if len(payload) < start or size > MAX_HEADER or len(payload) < start + size:
        raise EnvelopeError("it was cut short before its first block")
    raw = payload[start : start + size]
    try:
        fields = json.loads(raw)
    except ValueError:
        raise EnvelopeError("its header is damaged") from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise EnvelopeError("its header is damaged")
    if fields.get("version") != VERSION or fields.get("cipher") != CIPHER:
        raise EnvelopeError(
            f"it was encrypted by a newer ketacheck (format {fields.get('version')!r}); "
            "please update ketacheck"
        )
    try:
        block_size = fields["block_size"]
        length = fields["length"]
        file_id = bytes.fromhex(fields["file_id"])
        key_id = fields["key_id"]
        if not (
            type(block_size) is int
            and MIN_BLOCK <= block_size <= MAX_BLOCK
            and type(length) is int
            and length >= 0
            and len(file_id) == 16
            and isinstance(key_id, str)
        ):
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise EnvelopeError("its header is damaged") from None
    digest = hashlib.sha256(raw).digest()
    return Header(fields, key_id, file_id, block_size, length, digest, start + size)


def _block_opener(data_key: bytes, header: Header) -> Any:
    return _aead(hkdf(data_key, header.file_id, _BLOCK_KEY_INFO))


def open_sealed(data_key: bytes, payload: bytes) -> bytes:
    """Decrypt a whole encrypted file; every block must be present and intact.

    Raises:
        EnvelopeError: the file is cut short, or a block fails its check (the file was
            changed or damaged, or this is not its key).
    """
    from cryptography.exceptions import InvalidTag

    header = read_header(payload)
    if len(payload) < header.file_size:
        raise EnvelopeError("it was cut short")
    if len(payload) > header.file_size:
        raise EnvelopeError("it has bytes after its end that don't belong to it")
    aead = _block_opener(data_key, header)
    last = header.block_count - 1
    view = memoryview(payload)
    parts = []
    for index in range(header.block_count):
        start, end = header.block_span(index)
        try:
            parts.append(
                aead.decrypt(
                    _nonce(index), view[start:end], _block_aad(header.digest, index, index == last)
                )
            )
        except InvalidTag:
            raise EnvelopeError(
                f"part {index + 1} of {header.block_count} failed its check: the file was "
                "changed or damaged since ketacheck wrote it"
            ) from None
    return b"".join(parts)


class IntactBlocks(NamedTuple):
    """What an encrypted file still holds.

    Attributes:
        runs: The intact blocks' plain text, joined where they follow each other, each
            with the index of its first block. The first run starts at block 0 when that
            block is intact.
        lost_blocks: How many blocks are missing or failed their check.
        block_count: How many blocks the whole file had.
        lost_bytes: About how much plain text was lost with them.
    """

    runs: list[tuple[int, bytes]]
    lost_blocks: int
    block_count: int
    lost_bytes: int


def intact_blocks(data_key: bytes, payload: bytes) -> IntactBlocks:
    """Every block of a damaged or cut-short file that still passes its check.

    Raises:
        EnvelopeError: the header itself can't be read (nothing can be recovered).
    """
    from cryptography.exceptions import InvalidTag

    header = read_header(payload)
    aead = _block_opener(data_key, header)
    last = header.block_count - 1
    view = memoryview(payload)
    runs: list[tuple[int, bytes]] = []
    lost = lost_bytes = 0
    previous = -2
    for index in range(header.block_count):
        start, end = header.block_span(index)
        plain = None
        if end <= len(payload):
            try:
                aad = _block_aad(header.digest, index, index == last)
                plain = aead.decrypt(_nonce(index), view[start:end], aad)
            except InvalidTag:
                plain = None
        if plain is None:
            lost += 1
            lost_bytes += end - start - TAG_SIZE
        elif previous == index - 1 and runs:
            runs[-1] = (runs[-1][0], runs[-1][1] + plain)
        else:
            runs.append((index, plain))
        if plain is not None:
            previous = index
    return IntactBlocks(runs, lost, header.block_count, lost_bytes)
