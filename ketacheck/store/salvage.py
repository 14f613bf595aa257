"""Giving back what a damaged journal still holds: every record that is complete in it.

A journal cut short (a sync tool, a full disk elsewhere, a bad sector) or with a damaged
byte is not valid JSON any more, but most of it still is. The text is walked the way
TinyDB wrote it: ``{"table": {"id": {record}, ...}, ...}``. Each record is taken only
when its closing brace is there, so nothing half-written is ever kept. Where the walk
hits damage, it picks up again at the next ``"id": {`` whose record carries that very
id, and tells the table by which record type accepts it.

An encrypted journal is first opened block by block (:func:`~ketacheck.store.envelope.
intact_blocks`): every block that passes its check gives its text, a block that fails
or is missing is a gap, and the walk picks up after it as above. Every record found is
then checked exactly as the journal checks its own (:mod:`ketacheck.store.records`).
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketacheck.store.records import RECORD_TABLES, SETTINGS

_decoder = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")
#: A record's start in the middle of the text: ``"its-id": {``.
_RECORD_START = re.compile(r'"((?:[^"\\\n]|\\.){1,200})"[ \t\n\r]*:[ \t\n\r]*\{')
#: A byte that was not UTF-8, kept in the text as a lone surrogate (``surrogateescape``).
_NOT_TEXT = re.compile("[\udc80-\udcff]")
#: The tables a record found after a gap may belong to (settings can't be told by shape).
_BY_SHAPE = [name for name in RECORD_TABLES if name != SETTINGS]


@dataclass
class Salvage:
    """What was found in a damaged journal.

    Attributes:
        tables: The complete records found, by table (raw, not yet checked).
        cut_in: The tables in which a record was cut or damaged, so it was left out.
        lost_bytes: Roughly how much of the file held nothing that could be used.
        lost_blocks: For an encrypted journal, how many blocks were missing or failed
            their check, of ``block_count``.
        block_count: For an encrypted journal, how many blocks it had.
        rejected: Records that were complete but failed their check, each named.
    """

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    cut_in: list[str] = field(default_factory=list)
    lost_bytes: int = 0
    lost_blocks: int = 0
    block_count: int = 0
    rejected: list[str] = field(default_factory=list)

    def count(self, table: str) -> int:
        """How many records of ``table`` were found."""
        return len(self.tables.get(table, {}))

    @property
    def records(self) -> int:
        """How many records were found in all (settings and the schema note aside)."""
        return sum(len(docs) for name, docs in self.tables.items() if name in _BY_SHAPE)

    @property
    def anything(self) -> bool:
        """Whether any record (or the settings) was found."""
        return bool(self.records or self.tables.get(SETTINGS))

    def describe_losses(self) -> list[str]:
        """What could not be recovered, each said in a few words."""
        lost = []
        for table in self.cut_in:
            kind = RECORD_TABLES[table][0] if table in RECORD_TABLES else "record"
            article = "an" if kind[:1] in "aeiou" else "a"
            lost.append(f"{article} {kind} that was cut off or damaged")
        if self.lost_blocks:
            lost.append(
                f"{self.lost_blocks} of the {self.block_count} encrypted parts of the file, "
                f"which were missing or failed their check (about {_size(self.lost_bytes)})"
            )
        elif self.lost_bytes and not self.cut_in:
            lost.append(f"about {_size(self.lost_bytes)} at the end that held no whole record")
        shown = self.rejected[:5]
        lost.extend(f"{reason} (it failed its check)" for reason in shown)
        if len(self.rejected) > len(shown):
            lost.append(f"{len(self.rejected) - len(shown)} more records that failed their check")
        return lost


def _size(count: int) -> str:
    return f"{count} bytes" if count < 2048 else f"{count // 1024} KB"


def _space(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _string(text: str, pos: int) -> tuple[str, int]:
    value, end = _decoder.raw_decode(text, pos)
    if not isinstance(value, str):
        raise ValueError("not a name")
    return value, end


def _record(text: str, pos: int) -> tuple[Any, int]:
    """The JSON value at ``pos`` and where it ends; a value holding a byte that was not
    UTF-8 is damaged, and refused like one cut short."""
    value, end = _decoder.raw_decode(text, pos)
    if _NOT_TEXT.search(text, pos, end):
        raise ValueError("a byte that is not text")
    return value, end


def _expect(text: str, pos: int, char: str) -> int:
    pos = _space(text, pos)
    if text[pos : pos + 1] != char:
        raise ValueError(f"expected {char!r}")
    return pos + 1


def walk(text: str, found: Salvage) -> int:
    """Walk a journal's text from its start, keeping every complete record.

    Returns:
        Where the walk stopped: the end of the text when it was whole, else the start of
        the record (or name) it could not read.
    """
    pos = _expect(text, 0, "{")
    resume, inside = pos, ""
    try:
        while True:
            pos = _space(text, pos)
            if text.startswith("}", pos):
                return len(text)
            table, pos = _string(text, pos)
            pos = _expect(text, _expect(text, pos, ":"), "{")
            docs = found.tables.setdefault(table, {})
            resume, inside = pos, table
            while not text.startswith("}", pos := _space(text, pos)):
                key, pos = _string(text, pos)
                pos = _expect(text, pos, ":")
                doc, pos = _record(text, _space(text, pos))
                if isinstance(doc, dict):
                    docs[key] = doc
                resume = pos
                if text.startswith(",", pos := _space(text, pos)):
                    pos += 1
            resume, inside = pos + 1, ""
            if text.startswith(",", pos := _space(text, pos + 1)):
                pos += 1
    except ValueError:
        if inside and _space(text, resume) < len(text):
            found.cut_in.append(inside)
        return resume


def pick_up(text: str, found: Salvage) -> int:
    """Find whole records in text that starts somewhere in the middle of a journal.

    Returns:
        Where the last record found ends (0 if none was).
    """
    pos = last_end = 0
    while (match := _RECORD_START.search(text, pos)) is not None:
        start = match.end() - 1
        try:
            key = json.loads(f'"{match.group(1)}"')
            doc, end = _record(text, start)
        except ValueError:
            pos = match.start() + 1
            continue
        table = _table_of(key, doc)
        if table is None:
            pos = match.start() + 1
            continue
        found.tables.setdefault(table, {})[key] = doc
        pos = last_end = end
    return last_end


def _table_of(key: str, doc: object) -> str | None:
    """Which table a record found after a gap belongs to: the one whose type accepts it."""
    if not isinstance(doc, dict) or doc.get("id") != key:
        return None
    for table in _BY_SHAPE:
        try:
            RECORD_TABLES[table][1](doc)
        except Exception:  # every way a record can fail its check
            continue
        return table
    return None


def _text(payload: bytes) -> str:
    """The text of a damaged file: a byte that is not UTF-8 (a cut splitting a character,
    a damaged byte) is kept as a marker that spoils only the record it is in."""
    return payload.decode("utf-8", errors="surrogateescape")


def salvage_plain(payload: bytes) -> Salvage:
    """Every complete record in a damaged plain journal."""
    found = Salvage()
    text = _text(payload)
    try:
        stopped = walk(text, found)
    except ValueError:
        stopped = 0
    rest = text[stopped:]
    picked = pick_up(rest, found)
    found.lost_bytes = len(payload) - len(
        text[: stopped + picked].encode("utf-8", "surrogateescape")
    )
    return found


def salvage_sealed(data_key: bytes, payload: bytes) -> Salvage:
    """Every complete record in the intact blocks of a damaged encrypted journal.

    Raises:
        EnvelopeError: the header can't be read, so no block can be found.
    """
    from ketacheck.store.envelope import intact_blocks

    blocks = intact_blocks(data_key, payload)
    found = Salvage(lost_blocks=blocks.lost_blocks, block_count=blocks.block_count)
    found.lost_bytes = blocks.lost_bytes
    for first, plain in blocks.runs:
        text = _text(plain)
        if first == 0:
            try:
                stopped = walk(text, found)
            except ValueError:
                stopped = 0
            pick_up(text[stopped:], found)
        else:
            pick_up(text, found)
    return found


def check_records(found: Salvage, path: Path) -> None:
    """Drop every record that fails the journal's own check, naming it in ``rejected``."""
    from ketacheck.store.errors import JournalUnreadableError
    from ketacheck.store.records import convert

    for table, (kind, parse) in RECORD_TABLES.items():
        docs = found.tables.get(table, {})
        for key in list(docs):
            try:
                convert(kind, docs[key], parse, path)
            except JournalUnreadableError as exc:
                found.rejected.append(exc.reason)
                del docs[key]


def salvage_journal(path: Path) -> Salvage | None:
    """Every complete, valid record of the damaged journal at ``path``, brought up to
    today's schema; None if there is no file, or it was written by a newer ketacheck.

    Raises:
        JournalLockedError: it is encrypted and this process was not given the key.
    """
    from ketacheck.store import codec
    from ketacheck.store.envelope import EnvelopeError, is_sealed, read_header
    from ketacheck.store.errors import JournalLockedError
    from ketacheck.store.fileio import read_nofollow

    try:
        payload = read_nofollow(path)
    except OSError:
        return None
    if not is_sealed(payload):
        found = salvage_plain(payload)
    else:
        try:
            header = read_header(payload)
        except EnvelopeError:
            return Salvage(lost_bytes=len(payload))
        key = codec.key_by_id(header.key_id)
        if key is None:
            raise JournalLockedError(path.parent, path)
        found = salvage_sealed(key, payload)
    if not _upgrade(found):
        return None
    check_records(found, path)
    return found


def _upgrade(found: Salvage) -> bool:
    """Bring the records found up to today's schema; False if they are from a newer one.

    A journal whose schema note was lost with the damage is taken to be of today's
    schema (ketacheck upgrades every journal the first time it opens it).
    """
    from ketacheck.store.migrations import (
        CURRENT_SCHEMA_VERSION,
        META_TABLE,
        migrate,
        schema_version,
        with_version,
    )

    version = schema_version(found.tables)
    if META_TABLE not in found.tables or not found.tables[META_TABLE]:
        version = CURRENT_SCHEMA_VERSION
    if version > CURRENT_SCHEMA_VERSION:
        return False
    tables = with_version(found.tables, version)
    if version < CURRENT_SCHEMA_VERSION:
        # Should a step fail, each record is still checked on its own below.
        with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
            tables = migrate(tables)
    tables.pop(META_TABLE, None)
    found.tables = tables
    return True


def merge(base: dict[str, dict[str, Any]], found: Salvage) -> dict[str, dict[str, Any]]:
    """``base`` (a good backup's tables) with every record ``found`` laid over it.

    A record in both is taken from the damaged journal, which is the newer of the two.
    """
    merged = {name: dict(docs) for name, docs in base.items()}
    for table in RECORD_TABLES:
        if found.tables.get(table):
            merged.setdefault(table, {}).update(found.tables[table])
    return merged
