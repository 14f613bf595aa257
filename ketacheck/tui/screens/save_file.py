"""A dialog that saves one file where the patient says: the export and the report.

The path box starts with a dated file in the home folder that doesn't exist yet; the
patient may type another. A file that is already there is replaced only after a clear
yes. The file is rendered and written in a thread, and what happened is said inside the
dialog in plain words, the path on one line of its own.
"""

from __future__ import annotations

import asyncio
import errno
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from msgspec import Struct
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from ketacheck.core.contents import JournalContents
from ketacheck.store.errors import StoreError
from ketacheck.store.paths import inside_data_folder
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.dialog import Dialog
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.usecases.exchange import Rendered, default_output_path, write_output
from ketacheck.usecases.file_formats import (
    DEFAULT_FORMATS,
    FileKind,
    FormatMismatch,
    format_for,
    formats_named,
)

if TYPE_CHECKING:
    from ketacheck.store.journal import Journal
    from ketacheck.tui.app import KetacheckApp


#: Said after saving a file out of an encrypted journal: the file itself is plain.
PLAIN_FILE_REMINDER = "It is not encrypted: keep it somewhere private."


def journal_encrypted(data_dir: Path) -> bool:
    """Whether the journal in ``data_dir`` is encrypted (one ``lstat``)."""
    from ketacheck.store.unlock import OFF, lock_state

    return lock_state(data_dir) != OFF


class Outcome(Struct, frozen=True):
    """What a file operation came to, in the words the dialog shows.

    Attributes:
        ok: Whether it worked.
        message: One or two plain sentences for the patient (Rich markup escaped).
        path: The file written, shown on a line of its own under the message.
    """

    ok: bool
    message: str
    path: Path | None = None


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


def one_line(path: Path, width: int) -> str:
    """``path`` in at most ``width`` cells, its middle folded to "…" if it must be.

    The end (the file's name) and the start (which disk and folder) are what a patient
    looks for; the whole path stays readable in the path box.
    """
    text = str(path)
    if len(text) <= width or width < 9:
        return text
    tail = min(len(path.name), width - 4)
    head = width - 1 - tail
    return f"{text[:head]}…{text[-tail:]}"


#: Said when the patient points a file at ketacheck's own folder (the journal, say).
DATA_FOLDER_REFUSAL = (
    "{path} is in ketacheck's own data folder, where only ketacheck writes. Please choose "
    "a file outside it; nothing was written."
)


def mismatch_words(exc: FormatMismatch) -> str:
    """A name that says another format than the one chosen, and how to put it right."""
    fix = f"Change the name to {exc.renamed(exc.chosen)}" if exc.chosen else "Change the name"
    if exc.named in exc.offered:
        fix += f", or choose {exc.named.format.upper()} above"
    return f"{exc.says('this dialog')}. {fix}. Nothing was written."


Render = Callable[[JournalContents], Rendered]
"""Makes a file's bytes from the journal's contents (the export, the report)."""


def write_rendered(journal: Journal, path: Path, render: Render, done: str) -> Outcome:
    """Render the file from the journal and replace ``path`` with it atomically.

    Runs in a thread; never raises for the problems a patient can meet. ``done`` starts
    the sentence said when it worked, such as "Exported".
    """
    if inside_data_folder(path, journal.data_dir):
        return Outcome(False, DATA_FOLDER_REFUSAL.format(path=escape(str(path))))
    try:
        rendered = render(journal.contents())
        write_output(path, rendered.chunks(), journal.data_dir)
    except StoreError as exc:
        return Outcome(False, escape(f"Couldn't read your journal: {exc}"))
    except OSError as exc:
        return Outcome(False, plain_os_error(exc, path, writing=True))
    return Outcome(True, f"{done} {escape(rendered.what)} to", path)


class SaveFileScreen(Dialog[None]):
    """A path box with a dated default, a Save button, and a line that says what happened.

    A subclass names its file (``STEM``, ``extension``), may add choices above the path
    box (``compose_choices``) and renders the file (``render_file``).
    """

    app: KetacheckApp

    KIND: ClassVar[str] = "save"
    """The dialog's id, and the start of its widgets' ids (``{KIND}-path``)."""

    STEM: ClassVar[str] = "ketacheck"
    """The start of the default file name: ``{STEM}-{today}.{extension}``."""

    INTRO: ClassVar[str] = ""
    """What the dialog is for, in Rich markup."""

    GO: ClassVar[str] = "Save"
    """The Save button's word."""

    DONE: ClassVar[str] = "Saved"
    """The first word of the sentence said when the file is written."""

    FILE_KIND: ClassVar[FileKind] = "export"
    """Which kind of file it writes (see ``usecases.file_formats``)."""

    OFFERED: ClassVar[tuple[str, ...]] = ()
    """The formats the dialog offers; a name that says another one is refused."""

    BINDINGS = [Binding("escape", "close", "Close", id="save-close")]

    def __init__(self) -> None:
        super().__init__()
        self._suggested: Path | None = None
        self._busy = False

    @property
    def extension(self) -> str:
        """The default file's extension, without the dot."""
        return "txt"

    @property
    def stem(self) -> str:
        """The start of the default file's name (``STEM`` unless a choice changes it)."""
        return self.STEM

    @property
    def chosen_format(self) -> str:
        """The format chosen in the dialog (its only one, if it offers no choice)."""
        return DEFAULT_FORMATS[self.FILE_KIND]

    def select_format(self, name: str) -> None:
        """Choose the format ``name`` in the dialog (one that offers no choice has none)."""

    def compose(self) -> ComposeResult:
        with Vertical(id=self.KIND, classes="exchange-dialog"):
            yield Static(self.INTRO, classes="exchange-intro")
            yield from self.compose_choices()
            yield Label("Save to (type another path if you like)", classes="exchange-label")
            yield Input(id=f"{self.KIND}-path", classes="save-path")
            yield Static(id=f"{self.KIND}-message", classes="exchange-message")
            with Horizontal(classes="exchange-buttons"):
                yield Button(
                    f"{self.GO}  (Enter)", id=f"{self.KIND}-go", variant="primary", classes="go"
                )
                yield Button("Close  (Esc)", id=f"{self.KIND}-cancel", classes="cancel")
        yield KeyBar()

    def compose_choices(self) -> ComposeResult:
        """Widgets above the path box (none here)."""
        yield from ()

    def render_file(self, contents: JournalContents, now: datetime) -> Rendered:
        """The file's bytes; runs in a thread."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.suggest_path()
        self.query_one(f"#{self.KIND}-go", Button).focus()

    @property
    def path_box(self) -> Input:
        """The box holding where the file goes."""
        return self.query_one(f"#{self.KIND}-path", Input)

    def suggest_path(self) -> None:
        """Put a dated default in the path box unless the patient typed their own."""
        box = self.path_box
        if self._suggested is not None and box.value.strip() != str(self._suggested):
            return
        self._suggested = default_output_path(
            Path.home(), self.app.today(), self.extension, self.stem
        )
        box.value = str(self._suggested)

    @on(Input.Changed, ".save-path")
    def _follow_the_name(self, event: Input.Changed) -> None:
        """A typed name that ends in an offered format's extension chooses that format."""
        if self._suggested is not None and event.value.strip() == str(self._suggested):
            return
        named = [f.format for f in formats_named(event.value.strip()) if f.kind == self.FILE_KIND]
        fitting = [name for name in named if name in self.OFFERED]
        if fitting and self.chosen_format not in fitting:
            self.select_format(fitting[0])

    def on_key(self, event: events.Key) -> None:
        # Typing with the focus elsewhere (on a button, say) goes into the path box,
        # replacing the suggestion, rather than vanishing. Keys that do something here
        # (a letter that picks a format, Space on a button) keep doing it.
        character = event.character or ""
        if (
            not event.is_printable
            or not character.strip()
            or isinstance(self.focused, Input)
            or event.key in self.active_bindings
        ):
            return
        event.stop()
        event.prevent_default()
        box = self.path_box
        self.set_focus(box)  # now, selecting the suggestion, so the key below replaces it
        box.post_message(events.Key(event.key, character))

    def say(self, message: str, ok: bool | None = None, path: Path | None = None) -> None:
        """Show ``message`` in the dialog, then ``path`` on one line of its own."""
        widget = self.query_one(f"#{self.KIND}-message", Static)
        if path is not None:
            width = widget.content_region.width or 66
            message = f"{message}\n{escape(one_line(path, width))}"
        widget.update(message)
        widget.set_class(ok is False, "-problem")
        widget.set_class(ok is True, "-done")

    def _problem_with(self, path: Path | None) -> str | None:
        if path is None:
            return "Please type where to save the file."
        if path.is_dir():
            return (
                f"{escape(str(path))} is a folder. Add a file name at the end, "
                f"such as {self.stem}.{self.extension}"
            )
        if inside_data_folder(path, self.app.data_dir):
            return DATA_FOLDER_REFUSAL.format(path=escape(str(path)))
        try:
            format_for(self.FILE_KIND, path, self.chosen_format, self.OFFERED or None)
        except FormatMismatch as exc:
            return escape(mismatch_words(exc))
        return None

    @on(Button.Pressed, ".go")
    @on(Input.Submitted, ".save-path")
    def _go(self) -> None:
        self.action_save()

    @work(group="save-file")
    async def action_save(self) -> None:
        """Save to the path in the box, asking first if that would replace a file."""
        if self._busy:
            return
        self._busy = True
        try:
            await self._save()
        finally:
            self._busy = False

    async def _save(self) -> None:
        path = typed_path(self.path_box.value)
        problem = self._problem_with(path)
        if problem is not None or path is None:
            self.say(problem or "", ok=False)
            return
        if path.exists():
            question = f"{escape(str(path))} already exists.\nReplace it with this file?"
            if not await self.app.push_screen_wait(ConfirmScreen(question, yes="Replace it")):
                self.say("Nothing was written. Type another path, or press Enter again.")
                return
        self.say("Saving…")
        now = self.app.clock()

        def render(contents: JournalContents) -> Rendered:
            return self.render_file(contents, now)

        outcome = await asyncio.to_thread(write_rendered, self.app.journal, path, render, self.DONE)
        message = outcome.message
        if outcome.ok and journal_encrypted(self.app.data_dir):
            message = f"{message} {PLAIN_FILE_REMINDER}"
        self.say(message, ok=outcome.ok, path=outcome.path)

    @on(Button.Pressed, ".cancel")
    def action_close(self) -> None:
        """Back to where the patient was."""
        self.dismiss(None)
