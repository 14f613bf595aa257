"""The journal's JSON, table by table, so that a save encodes only what changed.

TinyDB rewrites the whole file on every change, and encoding ten years of check-ins
(about 9 MB) took a save more time than writing them. Almost every save adds one
record to one table and leaves the rest as they were, so :class:`JournalBytes` keeps the
bytes it last wrote for each table, with the very table object they were made from:

* a table that is still that object is written from its bytes again;
* a table that was told to be that object with new records after its own (see
  :meth:`JournalBytes.grown`, which :meth:`JournalFile._insert` calls) is written from
  its bytes and the new records, encoded alone;
* any other table is encoded whole, as before.

What it writes is byte for byte ``orjson.dumps(tables)``: the tests check that on every
save they make. Its trust in a table rests on the table object never being changed in
place once written; nothing in ketacheck or TinyDB does (a change makes a new table), and
the storage drops every kept byte whenever a change fails or the file is read afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Bytes as they are written: a run of the file, often a view into a table's old bytes.
Chunk = bytes | memoryview
#: orjson's ``dumps``, passed in: orjson is loaded with the first save, not as the app starts.
Dumps = Callable[[Any], bytes]

#: Past this many runs, a table's runs are joined into one (a copy, once in a while).
_MAX_RUNS = 64


class _Kept:
    """The bytes of one table as written: its entries' runs, without the braces."""

    __slots__ = ("runs", "table")

    def __init__(self, table: dict[str, Any], runs: list[Chunk]) -> None:
        self.table = table
        self.runs = runs


class _Grown:
    """A table that is ``base`` with the records under ``keys`` added after its own."""

    __slots__ = ("base", "keys", "table")

    def __init__(self, base: dict[str, Any], table: dict[str, Any], keys: list[str]) -> None:
        self.base = base
        self.table = table
        self.keys = keys


class JournalBytes:
    """What the journal's file was last written from, to write the next change quickly."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}
        self._grown: dict[str, _Grown] = {}

    def grown(
        self, name: str, base: dict[str, Any], table: dict[str, Any], keys: list[str]
    ) -> None:
        """Note that table ``name`` is now ``table``: ``base`` with ``keys`` added at its end.

        Two additions in one change make one; anything else that changes the table in
        between makes the note useless, and the table is encoded whole.
        """
        earlier = self._grown.get(name)
        if earlier is not None and earlier.table is base:
            self._grown[name] = _Grown(earlier.base, table, [*earlier.keys, *keys])
        else:
            self._grown[name] = _Grown(base, table, keys)

    def encode(self, tables: dict[str, dict[str, Any]]) -> tuple[list[Chunk], JournalBytes]:
        """The runs of bytes that make ``tables``' JSON, and what to keep once they are
        written (:meth:`kept_from`); this object itself is unchanged until then."""
        import orjson

        chunks: list[Chunk] = [b"{"]
        after = JournalBytes()
        for name, table in tables.items():
            runs = self._runs(name, table, orjson.dumps)
            after._kept[name] = _Kept(table, runs)
            if len(chunks) > 1:
                chunks.append(b",")
            chunks += (orjson.dumps(name), b":{")
            for index, run in enumerate(runs):
                if index:
                    chunks.append(b",")
                chunks.append(run)
            chunks.append(b"}")
        chunks.append(b"}")
        return chunks, after

    def kept_from(self, written: JournalBytes) -> None:
        """Keep what :meth:`encode` returned, now that its bytes are on disk."""
        self._kept = written._kept
        self._grown = {}

    def forget(self) -> None:
        """Keep nothing: the next save encodes every table."""
        self._kept = {}
        self._grown = {}

    def _runs(self, name: str, table: dict[str, Any], dumps: Dumps) -> list[Chunk]:
        kept = self._kept.get(name)
        if kept is not None and kept.table is table:
            return kept.runs
        grown = self._grown.get(name)
        if (
            kept is not None
            and grown is not None
            and grown.table is table
            and grown.base is kept.table
            and len(table) == len(kept.table) + len(grown.keys)
        ):
            added = dumps({key: table[key] for key in grown.keys})
            runs = [*kept.runs, memoryview(added)[1:-1]] if len(added) > 2 else kept.runs
            return runs if len(runs) <= _MAX_RUNS else [b",".join(runs)]
        whole = dumps(table)
        return [memoryview(whole)[1:-1]] if len(whole) > 2 else []
