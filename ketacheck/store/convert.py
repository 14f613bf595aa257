"""The one check every stored record passes on its way out of a file.

Apart from :mod:`ketacheck.store.records` (which names every table) so that reading the
summary loads only the record types it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ketacheck.core.scales import ValidationError
from ketacheck.store.errors import JournalUnreadableError

T = TypeVar("T")


def convert(kind: str, doc: dict[str, Any], parse: Callable[[dict[str, Any]], T], path: Path) -> T:
    """Check one stored record with ``parse``.

    Raises:
        JournalUnreadableError: naming the file, the record and the field at fault.
    """
    if not isinstance(doc, dict):
        raise JournalUnreadableError(path, f"a {kind} is not a record")
    try:
        return parse(doc)
    except ValidationError as exc:
        record = doc.get("id", "?")
        raise JournalUnreadableError(path, f"{kind} {record}: {exc}") from None
