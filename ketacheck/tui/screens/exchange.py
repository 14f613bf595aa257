"""The export and import dialogs: the patient's whole record out to a file, or back in.

Both call the use cases the CLI calls (ketacheck.usecases.exchange: the same rendering,
the same all-or-nothing import), so a file made here and one made by
``ketacheck export`` are the same. Files are read and written in a thread, and every
failure is shown inside the dialog in plain words.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static
from textual.worker import Worker, WorkerState

from ketacheck.exchange.importer import (
    ImportBundle,
    ImportFileError,
)
from ketacheck.store.errors import StoreError
from ketacheck.store.paths import inside_data_folder
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.usecases.exchange import (
    ExportFormat,
    default_output_path,
    import_bundle,
    read_import,
    render_export,
    write_output,
)

if TYPE_CHECKING:
    from ketacheck.store.journal import Journal
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


@dataclass(frozen=True)
class Outcome:
    """What a file operation came to, in the words the dialog shows.

    Attributes:
        ok: Whether it worked.
        message: One or two plain sentences for the patient (Rich markup escaped).
    """

    ok: bool
    message: str


def plain_os_error(exc: OSError, path: Path, *, writing: bool) -> str:
    """An operating-system error as a sentence a patient can act on."""
    where = escape(str(path))
    folder = escape(str(path.parent))
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "The disk is full, so nothing was saved. Free some space or choose another disk."
    if exc.errno == errno.EROFS:
        return "That disk can only be read, not written to. Choose another folder."
    if isinstance(exc, PermissionError):
        if writing:
            return (
                f"ketacheck isn't allowed to write in {folder}. "
                "Choose a folder of your own, such as your home folder."
            )
        return f"ketacheck isn't allowed to read {where}."
    if isinstance(exc, IsADirectoryError):
        return f"{where} is a folder, not a file."
    if isinstance(exc, NotADirectoryError):
        return f"Part of {where} is a file, not a folder. Check the path."
    if isinstance(exc, FileNotFoundError):
        if writing:
            return (
                f"The folder {folder} doesn't exist. Check the spelling or choose another folder."
            )
        return f"There is no file at {where}. Check the name and the folder."
    reason = escape(exc.strerror or type(exc).__name__)
    action = "save" if writing else "read"
    return f"Couldn't {action} {where} ({reason})."


def typed_path(text: str) -> Path | None:
    """The path the patient typed (``~`` allowed), or None if they typed nothing."""
    text = text.strip()
    return Path(text).expanduser().absolute() if text else None


#: Said when the patient points an export at ketacheck's own folder (the journal, say).
DATA_FOLDER_REFUSAL = (
    "{path} is in ketacheck's own data folder, where only ketacheck writes. Please choose "
    "a file outside it; nothing was written."
)


def write_export(
    journal: Journal,
    path: Path,
    export_format: ExportFormat,
    now: datetime,
    tz: tzinfo | None = None,
) -> Outcome:
    """Build the export from the journal and replace ``path`` with it atomically.

    Runs in a worker thread; never raises for the problems a patient can meet.
    """
    if inside_data_folder(path, journal.data_dir):
        return Outcome(False, DATA_FOLDER_REFUSAL.format(path=escape(str(path))))
    try:
        rendered = render_export(journal.contents(), export_format, now, None, tz)
        write_output(path, rendered.payload, journal.data_dir)
    except StoreError as exc:
        return Outcome(False, escape(f"Couldn't read your journal: {exc}"))
    except OSError as exc:
        return Outcome(False, plain_os_error(exc, path, writing=True))
    return Outcome(True, f"Exported {rendered.what} to\n{escape(str(path))}")


class ExportScreen(ModalScreen[None]):
    """Save the whole record as JSON, or the check-ins as CSV."""

    app: KetacheckApp

    BINDINGS = [
        Binding("j", "choose('json')", "JSON", id="export-json"),
        Binding("c", "choose('csv')", "CSV", id="export-csv"),
        Binding("escape", "close", "Close", id="export-close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.export_format: ExportFormat = "json"
        self._suggested: Path | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="exchange-dialog"):
            yield Static(EXPORT_INTRO, classes="exchange-intro")
            with RadioSet(id="export-format", compact=True):
                yield RadioButton("JSON: everything  (j)", value=True, id="export-format-json")
                yield RadioButton("CSV: check-ins only  (c)", id="export-format-csv")
            yield Label("Save to (type another path if you like)", classes="exchange-label")
            yield Input(id="export-path")
            yield Static(id="export-message", classes="exchange-message")
            with Horizontal(classes="exchange-buttons"):
                yield Button("Export  (Enter)", id="export-go", variant="primary")
                yield Button("Close  (Esc)", id="export-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self._suggest_path()
        self.query_one("#export-go", Button).focus()

    def _suggest_path(self) -> None:
        """Put a dated default in the path box unless the patient typed their own."""
        box = self.query_one("#export-path", Input)
        if self._suggested is not None and box.value.strip() != str(self._suggested):
            return
        self._suggested = default_output_path(
            Path.home(), self.app.today(), self.export_format, "ketacheck-export"
        )
        box.value = str(self._suggested)

    def action_choose(self, export_format: ExportFormat) -> None:
        """Pick JSON or CSV (the radio buttons follow)."""
        self.query_one(f"#export-format-{export_format}", RadioButton).value = True

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.export_format = "csv" if event.pressed.id == "export-format-csv" else "json"
        self._suggest_path()

    def _say(self, message: str, ok: bool | None = None) -> None:
        widget = self.query_one("#export-message", Static)
        widget.update(message)
        widget.set_class(ok is False, "-problem")
        widget.set_class(ok is True, "-done")

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def action_export(self) -> None:
        """Export to the path in the box, asking first if that would replace a file."""
        if self._busy:
            return
        path = typed_path(self.query_one("#export-path", Input).value)
        if path is None:
            self._say("Please type where to save the file.", ok=False)
            return
        if path.is_dir():
            self._say(
                f"{escape(str(path))} is a folder. Add a file name at the end, "
                f"such as ketacheck-export.{self.export_format}",
                ok=False,
            )
            return
        if inside_data_folder(path, self.app.data_dir):
            self._say(DATA_FOLDER_REFUSAL.format(path=escape(str(path))), ok=False)
            return
        if path.exists():
            question = f"{escape(str(path))} already exists.\nReplace it with this export?"

            def answered(replace: bool | None) -> None:
                if replace:
                    self._start_export(path)
                else:
                    self._say("Nothing was written. Type another path, or press Enter again.")

            self.app.push_screen(ConfirmScreen(question, yes="Replace it"), answered)
            return
        self._start_export(path)

    def _start_export(self, path: Path) -> None:
        self._busy = True
        self._say("Saving…")
        self._export_in_thread(path, self.export_format, self.app.clock())

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_in_thread(self, path: Path, export_format: ExportFormat, now: datetime) -> Outcome:
        return write_export(self.app.journal, path, export_format, now, self.app.tz)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "export":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Outcome):
            self._busy = False
            self._say(event.worker.result.message, ok=event.worker.result.ok)
        elif event.state == WorkerState.ERROR:
            self._busy = False
            self._say(escape(f"The export failed: {event.worker.error}"), ok=False)

    @on(Button.Pressed, "#export-cancel")
    def action_close(self) -> None:
        """Back to where the patient was."""
        self.dismiss(None)


def read_import_file(path: Path) -> ImportBundle | Outcome:
    """Read and check a whole export file; runs in a worker thread."""
    try:
        return read_import(path)
    except OSError as exc:
        return Outcome(False, plain_os_error(exc, path, writing=False))
    except ImportFileError as exc:
        return Outcome(
            False,
            f"Can't import {escape(str(path))}: {escape(str(exc))}.\nNothing was imported.",
        )


class ImportScreen(ModalScreen[None]):
    """Add the records of an export file; importing the same file twice adds nothing."""

    app: KetacheckApp

    BINDINGS = [Binding("escape", "close", "Close", id="import-close")]

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

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
    def action_import(self) -> None:
        """Read, check, then add the file's records in one change."""
        if self._busy:
            return
        path = typed_path(self.query_one("#import-path", Input).value)
        if path is None:
            self._say("Please type the path of a ketacheck export file.", ok=False)
            return
        self._busy = True
        self._say("Reading the file…")
        self._read_in_thread(path)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _read_in_thread(self, path: Path) -> ImportBundle | Outcome:
        return read_import_file(path)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "import":
            return
        if event.state == WorkerState.ERROR:
            self._busy = False
            self._say(escape(f"The import failed: {event.worker.error}"), ok=False)
            return
        if event.state != WorkerState.SUCCESS:
            return
        result = event.worker.result
        if isinstance(result, Outcome):
            self._busy = False
            self._say(result.message, ok=result.ok)
        elif isinstance(result, ImportBundle):
            self._save(result)

    @work(exclusive=True, group="import-save")
    async def _save(self, bundle: ImportBundle) -> None:
        """Add the checked records, all or nothing, and say what happened."""
        journal = self.app.journal
        self._say("Adding the records…")
        try:
            imported = await self.app.persist(lambda: import_bundle(journal, bundle))
        except StoreError as exc:
            if self.is_attached:
                self._busy = False
                self._say(escape(f"Nothing was imported: {exc}"), ok=False)
            return
        summary = escape(imported.message)
        if not self.is_attached:  # the dialog was closed while the records were added
            self.app.notify(summary, title="Import")
            return
        self._busy = False
        self._say(summary, ok=True)

    @on(Button.Pressed, "#import-cancel")
    def action_close(self) -> None:
        """Back to where the patient was."""
        self.dismiss(None)
