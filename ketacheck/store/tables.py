"""TinyDB's side of the journal: a table keyed by each record's own id.

Loaded on the first change, not on opening: opening the journal and drawing Home read the
summary, and TinyDB (with the stdlib ``json`` it brings) would add about 2 ms to the
app's first frame for nothing.
"""

from __future__ import annotations

from typing import Any, cast

from tinydb import Query
from tinydb.storages import Storage
from tinydb.table import Document, Table

from ketacheck.store.storage import SafeJSONStorage


class JournalTable(Table):
    """A TinyDB table keyed by each record's own stable id instead of a running number.

    No process has to scan the table for the next free number, two processes can never
    pick the same one, and TinyDB's per-save key conversion is a no-op for strings.
    A fresh one is made for each change, so nothing TinyDB caches per table can go stale
    when another process changes the file.
    """

    document_id_class = str  # type: ignore[assignment]

    def __init__(self, storage: SafeJSONStorage, name: str) -> None:
        # A TinyDB table only ever calls its storage's read() and write().
        super().__init__(cast(Storage, storage), name, cache_size=0)

    def replace_record(self, record_id: str, doc: dict[str, Any]) -> bool:
        """Update the record with this id from ``doc``; False if there is none."""
        return bool(self.update(doc, Query().id == record_id))

    def remove_record(self, record_id: str) -> bool:
        """Remove the record with this id; False if there is none."""
        return bool(self.remove(Query().id == record_id))

    def hold_only(self, doc_id: str, doc: dict[str, Any]) -> None:
        """Make ``doc``, under ``doc_id``, the table's one document."""
        self.truncate()
        self.insert(Document(doc, doc_id=doc_id))  # type: ignore[arg-type]
