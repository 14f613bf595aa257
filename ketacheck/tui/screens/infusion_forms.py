"""The two dialogs of the Infusions screen: log or change an infusion, set the next visit.

Each checks what was typed, shows any problem in the dialog, and closes only once the
change is in the journal.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from msgspec.structs import replace
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from ketacheck.core.records import DEFAULT_INFUSION_MINUTES, MAX_INFUSION_MINUTES, Infusion
from ketacheck.core.scales import NOTE_MAX_CHARS, ValidationError
from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import local_date, parse_next_appointment, parse_when, to_local
from ketacheck.store.errors import StoreError
from ketacheck.store.journal import Journal
from ketacheck.tui.screens.dialog import Dialog
from ketacheck.tui.text import escape

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


def start_hint(app: KetacheckApp) -> str:
    """What the start field accepts; the dated example is yesterday, so never ahead."""
    yesterday = local_date(app.clock(), app.tz) - timedelta(days=1)
    return f'e.g. "2pm", "yesterday 9:30", "1 hour ago" or "{yesterday:%Y-%m-%d} 09:30"'


def appointment_hint(app: KetacheckApp) -> str:
    """What the appointment field accepts; the dated example is a week ahead."""
    ahead = local_date(app.clock(), app.tz) + timedelta(days=7)
    return (
        f'e.g. "tomorrow 2pm", "in 3 days" or "{ahead:%Y-%m-%d} 14:00". Leave it empty to clear it.'
    )


def as_sentence(problem: str) -> str:
    """A problem as a sentence: a capital first letter and a closing full stop."""
    problem = problem[:1].upper() + problem[1:]
    return problem if problem.endswith((".", "?", "!")) else f"{problem}."


def editable_time(app: KetacheckApp, moment: datetime) -> str:
    """A moment as the patient would type it back: ``2026-11-22 09:30``, local."""
    return f"{to_local(moment, app.tz):%Y-%m-%d %H:%M}"


class InfusionForm(Dialog[Infusion | None]):
    """Log an infusion, or change one (``editing``). Problems are shown in the form."""

    app: KetacheckApp

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="infusion-form-save"),
        Binding("escape", "cancel", "Cancel", id="infusion-form-cancel"),
    ]

    def __init__(self, editing: Infusion | None = None, number: int | None = None) -> None:
        super().__init__()
        self.editing = editing
        self.number = number
        self._saving = False

    def compose(self) -> ComposeResult:
        editing = self.editing
        if editing is None:
            title, when, minutes, note = "Log an infusion", "now", DEFAULT_INFUSION_MINUTES, ""
        else:
            title = f"Change infusion {self.number}" if self.number else "Change this infusion"
            when = editable_time(self.app, editing.started_at)
            minutes = round((editing.ended_at - editing.started_at) / timedelta(minutes=1))
            note = editing.note
        with Vertical(id="infusion-form", classes="record-dialog"):
            yield Static(title, classes="record-dialog-title")
            with Horizontal(id="infusion-form-times"):
                with Vertical(id="infusion-form-when-box"):
                    yield Label("When did it start?")
                    yield Input(when, id="infusion-when", select_on_focus=True)
                with Vertical(id="infusion-form-minutes-box"):
                    yield Label("Minutes")
                    yield Input(str(minutes), id="infusion-minutes", type="integer")
            yield Static(start_hint(self.app), classes="record-dialog-hint")
            yield Label("Note (optional)")
            yield Input(
                note,
                id="infusion-note",
                max_length=NOTE_MAX_CHARS,
                placeholder="dose, how it felt, anything to remember",
            )
            yield Static(id="infusion-form-problem", classes="record-dialog-problem")
            with Horizontal(classes="record-dialog-buttons"):
                yield Button(
                    "Save (Enter)", id="infusion-form-save", variant="primary", compact=True
                )
                yield Button("Cancel (Esc)", id="infusion-form-cancel", compact=True)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False

    def _problem(self, text: str) -> None:
        self.query_one("#infusion-form-problem", Static).update(escape(text))
        self.app.bell()

    def _infusion(self) -> Infusion | None:
        """The infusion the form describes, or None after showing what is wrong."""
        when = self.query_one("#infusion-when", Input).value
        minutes_text = self.query_one("#infusion-minutes", Input).value.strip()
        note = self.query_one("#infusion-note", Input).value.strip()
        try:
            started = parse_when(when, self.app.clock(), self.app.tz, field="start")
        except ValidationError as exc:
            self._problem(as_sentence(f"Start: {exc.problem}"))
            return None
        try:
            minutes = int(minutes_text or DEFAULT_INFUSION_MINUTES)
            infusion = Infusion.create(started, minutes, note)
        except ValueError:
            self._problem(f"Minutes: please type a whole number from 1 to {MAX_INFUSION_MINUTES}.")
            return None
        if self.editing is not None:
            infusion = replace(infusion, id=self.editing.id)
        return infusion

    @on(Input.Submitted)
    @on(Button.Pressed, "#infusion-form-save")
    @work(group="infusion-form")
    async def action_save(self) -> None:
        """Check the form, save it, and close once it is in the journal."""
        if self._saving:
            return
        infusion = self._infusion()
        if infusion is None:
            return
        self._saving = True
        journal = self.app.journal
        change = journal.add_infusion if self.editing is None else journal.update_infusion
        try:
            await self.app.persist(lambda: change(infusion, self.app.clock()))
        except StoreError as exc:
            self._saving = False
            self._problem(f"Not saved: {exc}. Your entry is still here; try again.")
            return
        self.dismiss(infusion)

    @on(Button.Pressed, "#infusion-form-cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


def save_appointment(journal: Journal, appointment: datetime | None) -> Settings:
    """Store the next appointment, keeping every other setting as it is on disk now."""
    settings = replace(journal.settings(), next_appointment=appointment)
    journal.save_settings(settings)
    return settings


class AppointmentForm(Dialog[bool]):
    """Set or clear the next infusion appointment; dismisses True once saved."""

    app: KetacheckApp

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="appointment-save"),
        Binding("escape", "cancel", "Cancel", id="appointment-cancel"),
    ]

    def __init__(self, current: datetime | None) -> None:
        super().__init__()
        self.current = current
        self._saving = False

    def compose(self) -> ComposeResult:
        value = "" if self.current is None else editable_time(self.app, self.current)
        with Vertical(id="appointment-form", classes="record-dialog"):
            yield Static("Next infusion appointment", classes="record-dialog-title")
            yield Label("When is it?")
            yield Input(value, id="appointment-when", placeholder="e.g. tomorrow 2pm")
            yield Static(appointment_hint(self.app), classes="record-dialog-hint")
            yield Static(id="appointment-problem", classes="record-dialog-problem")
            with Horizontal(classes="record-dialog-buttons"):
                yield Button("Save (Enter)", id="appointment-save", variant="primary", compact=True)
                yield Button("Clear", id="appointment-clear", compact=True)
                yield Button("Cancel (Esc)", id="appointment-cancel", compact=True)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False

    def _problem(self, text: str) -> None:
        self.query_one("#appointment-problem", Static).update(escape(text))
        self.app.bell()

    @on(Input.Submitted)
    @on(Button.Pressed, "#appointment-save")
    def action_save(self) -> None:
        """Check the time and save it (an empty field clears the appointment)."""
        text = self.query_one("#appointment-when", Input).value.strip()
        appointment = None
        if text:
            now = self.app.clock()
            try:
                appointment = parse_next_appointment(text, now, self.app.tz, self.current)
            except ValidationError as exc:
                self._problem(as_sentence(exc.problem))
                return
        self._store(appointment)

    @on(Button.Pressed, "#appointment-clear")
    def _clear(self) -> None:
        self._store(None)

    @work(group="appointment-form")
    async def _store(self, appointment: datetime | None) -> None:
        if self._saving:
            return
        self._saving = True
        journal = self.app.journal
        try:
            await self.app.persist(lambda: save_appointment(journal, appointment))
        except StoreError as exc:
            self._saving = False
            self._problem(f"Not saved: {exc}.")
            return
        self.dismiss(True)

    @on(Button.Pressed, "#appointment-cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(False)
