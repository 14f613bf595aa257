"""Read an export file back in: every record is checked before anything is saved."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import orjson
from msgspec import Struct, field

from ketacheck.core.alert_records import AlertRecord
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import Settings
from ketacheck.exchange.export import FORMAT_NAME, FORMAT_VERSION, READABLE_VERSIONS

#: Ten years of daily check-ins export to well under 10 MB; this leaves room for notes.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
#: A real export holds a few JSON objects and lists per few hundred bytes. A file made of
#: nothing but brackets would cost Python far more memory than its size (an empty list is
#: 56 bytes, from 2 bytes of JSON), so it is refused before it is parsed.
MIN_BYTES_PER_CONTAINER = 24


class ImportFileError(ValueError):
    """The file can't be imported; ``str()`` names the record and field at fault."""


class ImportBundle(Struct, frozen=True):
    """Everything a valid export file holds."""

    settings: Settings | None
    infusions: list[Infusion]
    checkins: list[CheckIn]
    questionnaires: list[QuestionnaireResult] = field(default_factory=list)
    alerts: list[AlertRecord] = field(default_factory=list)
    version: int = FORMAT_VERSION

    @property
    def record_count(self) -> int:
        """How many records the file holds."""
        return len(self.infusions) + len(self.checkins) + len(self.questionnaires)


def _records(document: dict[str, Any], key: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise ImportFileError(f"'{key}' must be a list")
    return value


def _each(items: list[Any], key: str, parse: Any) -> list[Any]:
    parsed = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        label = f"{key}[{index}]"
        if not isinstance(item, dict):
            raise ImportFileError(f"{label}: must be an object")
        if isinstance(item.get("id"), str):
            label += f" (id {item['id']})"
        try:
            record = parse(item)
        except ValidationError as exc:
            raise ImportFileError(f"{label}: {exc}") from None
        if record.id in seen:
            raise ImportFileError(f"{label}: the id appears twice in the file")
        seen.add(record.id)
        parsed.append(record)
    return parsed


def read_export_file(path: Path) -> bytes:
    """The bytes of an export file, refusing what cannot be one before reading it.

    A FIFO, a device such as ``/dev/zero`` or a file over the size cap is refused without
    reading a byte past the cap (opening is non-blocking, so a FIFO with no writer
    cannot hang the app).

    Raises:
        ImportFileError: not a regular file, or too large.
        OSError: it can't be opened or read.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise ImportFileError("it is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ImportFileError("it is not a regular file (a device or a pipe?)")
        if info.st_size > MAX_IMPORT_BYTES:
            raise ImportFileError(_TOO_LARGE)
        payload = file.read(MAX_IMPORT_BYTES + 1)
    if len(payload) > MAX_IMPORT_BYTES:
        raise ImportFileError(_TOO_LARGE)
    return payload


_TOO_LARGE = (
    f"it is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, too large to be a ketacheck export"
)


_UTF8_BOM = b"\xef\xbb\xbf"
_NOT_AN_EXPORT = "it isn't a ketacheck export"


def unreadable(payload: bytes, position: int) -> str:
    """Why ``payload`` can't be read as an export, in plain words (no parser terms).

    ``position`` is the byte where reading went wrong; the line and column are counted
    from it, so the patient (or whoever helps them) can look there.
    """
    if not payload.strip():
        return f"the file is empty, so {_NOT_AN_EXPORT}"
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return f"it isn't a text file, so {_NOT_AN_EXPORT}"
    first_line = text.lstrip().partition("\n")[0]
    if not first_line.startswith(("{", "[")) and first_line.count(",") >= 2:
        return (
            "it looks like a spreadsheet (CSV) file; only a ketacheck export in JSON "
            "(a file ending in .json) can be imported"
        )
    before = payload[:position].decode("utf-8", errors="replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    if first_line.startswith("{") and position >= len(payload.rstrip()):
        return (
            f"the file stops part-way through (at line {line}), so it isn't a whole "
            "ketacheck export. It may have been copied or saved only in part"
        )
    return (
        f"{_NOT_AN_EXPORT} that can be read: the text goes wrong at line {line}, column "
        f"{column}. It may have been changed or damaged since it was exported"
    )


def parse_export(payload: bytes) -> ImportBundle:
    """Check a whole export file and return its records.

    Raises:
        ImportFileError: for anything wrong, naming the record and field.
    """
    if len(payload) > MAX_IMPORT_BYTES:
        raise ImportFileError(_TOO_LARGE)
    containers = payload.count(b"{") + payload.count(b"[")
    if containers > 1_000 and containers * MIN_BYTES_PER_CONTAINER > len(payload):
        raise ImportFileError("it holds far more lists and objects than a ketacheck export")
    payload = payload.removeprefix(_UTF8_BOM)  # some editors put one at the start
    try:
        document = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise ImportFileError(unreadable(payload, exc.pos)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportFileError('not a ketacheck export (no "format": "ketacheck-export")')
    version = document.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:  # true == 1 in Python
        *first, last = (str(v) for v in READABLE_VERSIONS)
        readable = f"{', '.join(first)} and {last}" if first else last
        raise ImportFileError(
            f"export format version {version!r} is not one this ketacheck reads "
            f"(it reads versions {readable})"
        )
    settings = None
    if document.get("settings") is not None:
        if not isinstance(document["settings"], dict):
            raise ImportFileError("settings: must be an object")
        try:
            settings = Settings.from_dict(document["settings"])
        except ValidationError as exc:
            raise ImportFileError(f"settings: {exc}") from None
    return ImportBundle(
        settings=settings,
        infusions=_each(_records(document, "infusions"), "infusions", Infusion.from_dict),
        checkins=_each(_records(document, "checkins"), "checkins", CheckIn.from_dict),
        questionnaires=_each(
            _records(document, "questionnaires"), "questionnaires", QuestionnaireResult.from_dict
        ),
        alerts=_each(_records(document, "alerts"), "alerts", AlertRecord.from_dict),
        version=version,
    )
