"""Which format a file's name asks for: one table for the command line and the app.

A name that ends in a format's extension gets that format (``export -o x.csv`` writes
CSV); a name whose extension says one format while another was chosen is refused before
anything is written, since a file called ``y.json`` that holds CSV misleads whoever opens
it. A name with no extension, or one ketacheck doesn't make (``notes.txt``), keeps the
chosen format, or the command's default.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import Literal

from msgspec import Struct

FileKind = Literal["export", "report", "calendar"]


class FileFormat(Struct, frozen=True):
    """One format ketacheck writes, and the extensions a file of it may have."""

    kind: FileKind
    """Which command makes it."""

    format: str
    """Its name for ``--format`` and in the app (``csv``)."""

    name: str
    """What a patient calls it ("a CSV file")."""

    extensions: tuple[str, ...]
    """The extensions its files may have, the one ketacheck gives them first."""

    @property
    def extension(self) -> str:
        """The extension of the files ketacheck names itself, without the dot."""
        return self.extensions[0].removeprefix(".")


#: Every format ketacheck writes. A FHIR bundle is JSON, so ``.json`` fits it too; a name
#: ending in ``.fhir.json`` says FHIR, and the longest extension that fits is the one read.
FILE_FORMATS = (
    FileFormat("export", "json", "a JSON export", (".json",)),
    FileFormat("export", "csv", "a CSV file", (".csv",)),
    FileFormat("export", "fhir", "a FHIR bundle", (".json", ".fhir.json")),
    FileFormat("report", "md", "a Markdown report", (".md", ".markdown")),
    FileFormat("report", "html", "a web page", (".html", ".htm")),
    FileFormat("report", "pdf", "a PDF", (".pdf",)),
    FileFormat("calendar", "ics", "a calendar file", (".ics",)),
)

#: What each command writes when neither the name nor ``--format`` says.
DEFAULT_FORMATS: dict[FileKind, str] = {"export": "json", "report": "md", "calendar": "ics"}

#: Every extension that says a format, longest first, so ``.fhir.json`` wins over ``.json``.
_EXTENSIONS = sorted({e for f in FILE_FORMATS for e in f.extensions}, key=len, reverse=True)


def file_format(kind: FileKind, name: str) -> FileFormat:
    """The format ``name`` (``csv``) of the command ``kind``."""
    return next(f for f in FILE_FORMATS if f.kind == kind and f.format == name)


def named_extension(path: str | PurePath) -> str | None:
    """The extension of the file's name that says a format (``.fhir.json``), lower case,
    or None when it has none ketacheck knows (``notes.txt``, ``export``, ``-``)."""
    name = PurePath(path).name.lower()
    return next((e for e in _EXTENSIONS if name.endswith(e) and len(name) > len(e)), None)


def formats_named(path: str | PurePath) -> list[FileFormat]:
    """Every format (of any command) whose files may have ``path``'s extension."""
    extension = named_extension(path)
    return [f for f in FILE_FORMATS if extension in f.extensions]


class FormatMismatch(ValueError):
    """A file's name says one format while another was chosen, or one that is not made
    here; nothing is written. Each front end says so in its own words.

    Attributes:
        file_name: The file's name, without its folder.
        named: The format the name's extension says (the first, if several fit it).
        chosen: The format that was chosen, if one was.
        offered: The formats that may be written here.
    """

    def __init__(
        self,
        file_name: str,
        named: FileFormat,
        chosen: FileFormat | None,
        offered: Iterable[FileFormat],
    ) -> None:
        self.file_name = file_name
        self.named = named
        self.chosen = chosen
        self.offered = tuple(offered)
        super().__init__(f"{file_name} is named like {named.name}")

    def says(self, maker: str = "this") -> str:
        """The mismatch, without a full stop: "y.json is named like a JSON export, not a
        CSV file", or "x.pdf is named like a PDF, which export doesn't make" (``maker``
        names what is writing the file)."""
        if self.chosen is not None:
            return f"{self.file_name} is named like {self.named.name}, not {self.chosen.name}"
        return f"{self.file_name} is named like {self.named.name}, which {maker} doesn't make"

    def renamed(self, to: FileFormat) -> str:
        """The file's name with its extension swapped for ``to``'s (``y.csv``)."""
        extension = named_extension(self.file_name) or ""
        return self.file_name[: len(self.file_name) - len(extension)] + to.extensions[0]

    def extensions_offered(self) -> str:
        """The extensions that fit here, as a phrase: ".md, .html or .pdf"."""
        return _either(dict.fromkeys(f.extensions[0] for f in self.offered))


def _either(names: Iterable[str]) -> str:
    listed = list(names)
    return ", ".join(listed[:-1]) + f" or {listed[-1]}" if len(listed) > 1 else listed[0]


def format_for(
    kind: FileKind,
    path: str | PurePath | None,
    chosen: str | None = None,
    offered: Iterable[str] | None = None,
) -> FileFormat:
    """The format to write ``path`` in: the one its extension names, else ``chosen``, else
    the command's default.

    Args:
        kind: Which command writes it.
        path: The name given (None or ``-`` when there is none, or it is stdout).
        chosen: The format asked for (``--format``, or the app's choice), if any.
        offered: The formats that may be written here (the app's report dialog makes no
            Markdown); every format of ``kind`` when None.

    Raises:
        FormatMismatch: the name's extension says a format other than ``chosen``, or one
            not offered here. Nothing has been written.
    """
    choices = [
        f for f in FILE_FORMATS if f.kind == kind and (offered is None or f.format in offered)
    ]
    picked = file_format(kind, chosen) if chosen is not None else None
    named = formats_named(path) if path is not None else []
    if not named:
        return picked or file_format(kind, DEFAULT_FORMATS[kind])
    if picked is not None and picked in named:
        return picked
    fitting = [f for f in choices if f in named]
    if picked is None and fitting:
        return fitting[0]
    assert path is not None
    raise FormatMismatch(PurePath(path).name, named[0], picked, choices)
