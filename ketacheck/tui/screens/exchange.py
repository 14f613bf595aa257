"""The export and import dialogs: the patient's whole record out to a file, or back in.

Both call the use cases the CLI calls (ketacheck.usecases.exchange: the same rendering,
the same all-or-nothing import), so a file made here and one made by
``ketacheck export`` are the same. Files are read and written in a thread, and every
failure is shown inside the dialog in plain words.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ketacheck.core.contents import JournalContents
from ketacheck.exchange.importer import ImportBundle, ImportFileError
from ketacheck.store.errors import StoreError
from ketacheck.tui.screens.dialog import Dialog
from ketacheck.tui.screens.save_file import (
    Outcome,
    SaveFileScreen,
    plain_os_error,
    typed_path,
)
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.toggles import Choice
from ketacheck.usecases.exchange import (
    EXPORT_FILES,
    ExportFormat,
    Rendered,
    import_bundle,
    read_import,
    render_export,
)

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


EXPORT_INTRO = (
    "[b]Export your record[/b]\n"
    "JSON holds everything, for your clinic or as a backup; CSV holds your check-ins, "
    "for a spreadsheet. The file is not encrypted, so keep it somewhere private."
)

IMPORT_INTRO = (
    "[b]Import an export file[/b]\n"
    "Adds the infusions and check-ins of a ketacheck JSON export. Records you already "
    "have are left as they are, and nothing is added unless the whole file is good."
)


class ExportScreen(SaveFileScreen):
    """Save the whole record as JSON, or the check-ins as CSV."""

    KIND = "export"
    STEM = "ketacheck-export"
    INTRO = EXPORT_INTRO
    GO = "Export"
    DONE = "Exported"
    FILE_KIND = "export"
    OFFERED = ("json", "csv", "fhir")

    BINDINGS = [
        Binding("j", "choose('json')", "JSON", id="export-json"),
        Binding("c", "choose('csv')", "CSV", id="export-csv"),
        Binding("f", "choose('fhir')", "FHIR", id="export-fhir"),
        Binding("escape", "close", "Close", id="export-close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.export_format: ExportFormat = "json"

    @property
    def extension(self) -> str:
        return EXPORT_FILES[self.export_format][0]

    @property
    def stem(self) -> str:
        return EXPORT_FILES[self.export_format][1]

    @property
    def chosen_format(self) -> str:
        return self.export_format

    def select_format(self, name: str) -> None:
        self.query_one(f"#export-format-{name}", RadioButton).value = True

    def compose_choices(self) -> ComposeResult:
        with RadioSet(id="export-format", compact=True):
            yield Choice("JSON: everything  (j)", value=True, id="export-format-json")
            yield Choice("CSV: check-ins only  (c)", id="export-format-csv")
            yield Choice("FHIR (for your clinic's records)  (f)", id="export-format-fhir")

    def render_file(self, contents: JournalContents, now: datetime) -> Rendered:
        return render_export(contents, self.export_format, now, None, self.app.tz)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the path box a letter is part of the path: "c" types a c, it doesn't pick CSV.
        return not (action == "choose" and isinstance(self.focused, Input))

    def action_choose(self, export_format: ExportFormat) -> None:
        """Pick JSON, CSV or FHIR (the radio buttons follow)."""
        self.select_format(export_format)

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        formats: dict[str | None, ExportFormat] = {
            "export-format-csv": "csv",
            "export-format-fhir": "fhir",
        }
        self.export_format = formats.get(event.pressed.id, "json")
        self.suggest_path()


def read_import_file(path: Path) -> ImportBundle | Outcome:
    """Read and check a whole export file; runs in a thread."""
    try:
        return read_import(path)
    except OSError as exc:
        return Outcome(False, plain_os_error(exc, path, writing=False))
    except ImportFileError as exc:
        return Outcome(
            False,
            f"Can't import {escape(str(path))}: {escape(str(exc))}.\nNothing was imported.",
        )


class ImportScreen(Dialog[None]):
    """Add the records of an export file; importing the same file twice adds nothing."""

    app: KetacheckApp

    BINDINGS = [Binding("escape", "close", "Close", id="import-close")]

    def __init__(self) -> None:
        super().__init__()
        self._busy = False
        self._adding = False

    def compose(self) -> ComposeResult:
        with Vertical(id="import", classes="exchange-dialog"):
            yield Static(IMPORT_INTRO, classes="exchange-intro")
            yield Label("The file to import", classes="exchange-label")
            example = f"~/ketacheck-export-{self.app.today().isoformat()}.json"
            yield Input(placeholder=f"e.g. {example}", id="import-path")
            yield Static(id="import-message", classes="exchange-message")
            with Horizontal(classes="exchange-buttons"):
                yield Button("Import  (Enter)", id="import-go", variant="primary")
                yield Button("Close  (Esc)", id="import-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def _say(self, message: str, ok: bool | None = None) -> None:
        widget = self.query_one("#import-message", Static)
        widget.update(message)
        widget.set_class(ok is False, "-problem")
        widget.set_class(ok is True, "-done")

    @on(Button.Pressed, "#import-go")
    @on(Input.Submitted, "#import-path")
    def _go(self) -> None:
        self.action_import()

    @work(group="import")
    async def action_import(self) -> None:
        """Read and check the file, then add its records in one change, all or nothing."""
        if self._busy:
            return
        self._busy = True
        try:
            await self._import()
        finally:
            self._busy = False

    async def _import(self) -> None:
        path = typed_path(self.query_one("#import-path", Input).value)
        if path is None:
            self._say("Please type the path of a ketacheck export file.", ok=False)
            return
        self._say("Reading the file…")
        bundle = await asyncio.to_thread(read_import_file, path)
        if isinstance(bundle, Outcome):
            self._say(bundle.message, ok=bundle.ok)
            return
        journal = self.app.journal
        self._say("Adding the records…")
        self._adding = True
        try:
            imported = await self.app.persist(
                lambda: import_bundle(journal, bundle, now=self.app.clock())
            )
        except StoreError as exc:
            self._say(escape(f"Nothing was imported: {exc}"), ok=False)
            return
        finally:
            self._adding = False
        self._say(escape(imported.message), ok=True)

    @on(Button.Pressed, "#import-cancel")
    def action_close(self) -> None:
        """Back to where the patient was, once the records being added are in."""
        if self._adding:
            return  # a moment at most; closing now would hide what the import did
        self.dismiss(None)
