"""Infusions: the course so far, logging, changing or deleting one, and the next visit."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Static

from ketacheck.core.clock import format_duration
from ketacheck.core.course import course_state, fasting_starts_at
from ketacheck.core.records import DEFAULT_INFUSION_MINUTES, MAX_INFUSION_MINUTES, Infusion
from ketacheck.core.scales import NOTE_MAX_CHARS, ValidationError
from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import FUTURE_TOLERANCE, parse_when, to_local
from ketacheck.core.words import printable
from ketacheck.store.errors import StoreError
from ketacheck.store.journal import Journal, Overview
from ketacheck.tui.format import clock_time, day_time
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

#: How much of a note fits in the table; the form shows all of it.
NOTE_PREVIEW_CHARS = 34
TIME_EXAMPLES = 'e.g. "now", "today 09:30", "yesterday 14:00", "2026-11-22 09:30"'


def editable_time(app: KetacheckApp, moment: datetime) -> str:
    """A moment as the patient would type it back: ``2026-11-22 09:30``, local."""
    return f"{to_local(moment, app.tz):%Y-%m-%d %H:%M}"


def note_preview(note: str) -> str:
    """The first line of a note, short enough for one table cell."""
    note = printable(note)
    first = note.strip().splitlines()[0] if note.strip() else ""
    if len(first) > NOTE_PREVIEW_CHARS or "\n" in note.strip():
        return first[: NOTE_PREVIEW_CHARS - 1].rstrip() + "…"
    return first


class InfusionForm(ModalScreen[Infusion | None]):
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
            yield Static(TIME_EXAMPLES, classes="record-dialog-hint")
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
            self._problem(f"Start: {exc.problem}.")
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
    def action_save(self) -> None:
        """Check the form, save it, and close once it is in the journal."""
        if self._saving:
            return
        infusion = self._infusion()
        if infusion is None:
            return
        self._saving = True
        journal = self.app.journal
        change = journal.add_infusion if self.editing is None else journal.update_infusion
        self.app.save(lambda: change(infusion), lambda _: self.dismiss(infusion), self._not_saved)

    def _not_saved(self, exc: StoreError) -> None:
        self._saving = False
        self._problem(f"Not saved: {exc}. Your entry is still here; try again.")

    @on(Button.Pressed, "#infusion-form-cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


def save_appointment(journal: Journal, appointment: datetime | None) -> Settings:
    """Store the next appointment, keeping every other setting as it is on disk now."""
    settings = replace(journal.settings(), next_appointment=appointment)
    journal.save_settings(settings)
    return settings


class AppointmentForm(ModalScreen[bool]):
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
            yield Input(value, id="appointment-when", placeholder="2026-11-25 14:00")
            yield Static(
                'A date and time such as "2026-11-25 14:00", or "today 16:30". '
                "Leave it empty to clear it.",
                classes="record-dialog-hint",
            )
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
                appointment = parse_when(
                    text, now, self.app.tz, field="appointment", allow_future=True
                )
            except ValidationError as exc:
                self._problem(f"{exc.problem}.")
                return
            if appointment < now - FUTURE_TOLERANCE:
                self._problem("That time has already passed; the next appointment is ahead.")
                return
        self._store(appointment)

    @on(Button.Pressed, "#appointment-clear")
    def _clear(self) -> None:
        self._store(None)

    def _store(self, appointment: datetime | None) -> None:
        if self._saving:
            return
        self._saving = True
        journal = self.app.journal
        self.app.save(
            lambda: save_appointment(journal, appointment),
            lambda _: self.dismiss(True),
            self._not_saved,
        )

    def _not_saved(self, exc: StoreError) -> None:
        self._saving = False
        self._problem(f"Not saved: {exc}.")

    @on(Button.Pressed, "#appointment-cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(False)


class InfusionsScreen(Screen[None]):
    """Every infusion of the course, with the keys to log, change or delete one."""

    app: KetacheckApp

    BINDINGS = [
        Binding("a", "log", "Log", id="infusions-log"),
        Binding("e", "edit", "Edit", id="infusions-edit"),
        Binding("d", "delete", "Delete", id="infusions-delete"),
        Binding("p", "appointment", "Appointment", id="infusions-appointment"),
        Binding("u", "undo", "Undo delete", id="infusions-undo"),
        Binding("escape", "app.pop_screen", "Back", id="infusions-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.infusions: list[Infusion] = []
        """Every infusion, oldest first, in the order of the table."""
        self.deleted: Infusion | None = None
        """The infusion deleted last, which ``u`` puts back."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="infusions"):
            with Horizontal(id="infusions-course"):
                yield Static(id="infusions-progress-text")
                yield ProgressBar(id="infusions-progress", show_eta=False, show_percentage=False)
            yield Static(id="infusions-appointment")
            yield DataTable(id="infusions-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="infusions-empty")
        with Horizontal(id="infusions-actions"):
            yield Button("Log (a)", id="infusions-log-button", variant="primary", compact=True)
            yield Button("Edit (e)", id="infusions-edit-button", compact=True)
            yield Button("Delete (d)", id="infusions-delete-button", compact=True)
            yield Button("Appointment (p)", id="infusions-appointment-button", compact=True)
            yield Button("Back (Esc)", id="infusions-back-button", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False
        table = self.query_one("#infusions-table", DataTable)
        table.add_column("No.", key="number")
        table.add_column("Started", key="started")
        table.add_column("Ended", key="ended")
        table.add_column("Note", key="note")
        self.watch(self.app, "overview", self.show_overview)
        # Each tick of the clock moves "in 1 d 4 h" on.
        self.watch(self.app, "report", self._tick, init=False)
        table.focus()

    def _tick(self) -> None:
        if self.app.overview is not None:
            self._show_appointment(self.app.overview.settings)

    def show_overview(self, overview: Overview | None) -> None:
        """Redraw the course, the appointment and the table from the journal."""
        if overview is None:
            return
        self.infusions = list(overview.infusions)
        self._show_course(overview)
        self._show_appointment(overview.settings)
        self._show_table()
        self.refresh_bindings()

    def _show_course(self, overview: Overview) -> None:
        planned = overview.settings.planned_infusions
        done = course_state(self.infusions, planned, self.app.clock()).number
        if done > planned:
            text = f"[b]{done} infusions[/b] ({planned} planned)"
        elif done == planned:
            text = f"[b]{done} of {planned} infusions[/b] · course complete"
        else:
            text = f"[b]{done} of {planned} infusions[/b]"
        self.query_one("#infusions-progress-text", Static).update(text)
        self.query_one("#infusions-progress", ProgressBar).update(
            total=max(planned, done), progress=done
        )

    def _show_appointment(self, settings: Settings) -> None:
        appointment = settings.next_appointment
        now = self.app.clock()
        widget = self.query_one("#infusions-appointment", Static)
        if appointment is None:
            widget.update("No next appointment set. Press [b]p[/b] to add one.")
        elif appointment < now:
            widget.update(
                f"Your appointment {day_time(self.app, appointment)} has passed. "
                "Press [b]p[/b] to set the next one."
            )
        else:
            overview = self.app.overview
            hours = overview.settings.fasting_hours if overview else 0.0
            fasting = fasting_starts_at(appointment, hours)
            food = (
                f"Your clinic may ask you to stop eating from {clock_time(self.app, fasting)}; "
                if hours
                else ""
            )
            widget.update(
                f"Next appointment [b]{day_time(self.app, appointment)}[/b], "
                f"in {format_duration(appointment - now)}.\n"
                f"{food}arrange a ride there and back."
            )

    def _show_table(self) -> None:
        table = self.query_one("#infusions-table", DataTable)
        keep = self.selected()
        table.clear()
        for number, infusion in enumerate(self.infusions, start=1):
            minutes = round((infusion.ended_at - infusion.started_at) / timedelta(minutes=1))
            table.add_row(
                str(number),
                day_time(self.app, infusion.started_at),
                f"{clock_time(self.app, infusion.ended_at)} · {minutes} min",
                Text(note_preview(infusion.note)),  # a Text: never read as markup
                key=infusion.id,
            )
        has_rows = bool(self.infusions)
        table.display = has_rows
        for name in ("edit", "delete"):
            self.query_one(f"#infusions-{name}-button", Button).disabled = not has_rows
        empty = self.query_one("#infusions-empty", Static)
        empty.display = not has_rows
        empty.update(
            "No infusions logged yet. Press [b]a[/b] to log one: your countdowns "
            "start from when it ends."
        )
        if has_rows:
            self.select(keep.id if keep else self.infusions[-1].id)

    def select(self, infusion_id: str) -> None:
        """Put the table cursor on one infusion (the latest if it is gone)."""
        table = self.query_one("#infusions-table", DataTable)
        ids = [inf.id for inf in self.infusions]
        row = ids.index(infusion_id) if infusion_id in ids else len(ids) - 1
        if row >= 0:
            table.move_cursor(row=row, animate=False)

    def selected(self) -> Infusion | None:
        """The infusion under the table cursor, if any."""
        table = self.query_one("#infusions-table", DataTable)
        if not self.infusions or table.row_count == 0:
            return None
        row = min(table.cursor_row, len(self.infusions) - 1)
        return self.infusions[row] if row >= 0 else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete") and not self.infusions:
            return None
        if action == "undo":
            return self.deleted is not None
        return True

    def action_log(self) -> None:
        """Open the form for a new infusion."""
        self.app.push_screen(InfusionForm(), self._after_form)

    def action_edit(self) -> None:
        """Open the form for the selected infusion."""
        infusion = self.selected()
        if infusion is not None:
            number = self.infusions.index(infusion) + 1
            self.app.push_screen(InfusionForm(infusion, number), self._after_form)

    def _after_form(self, infusion: Infusion | None) -> None:
        if infusion is not None:
            self.select(infusion.id)
            self.notify(f"Saved: infusion of {day_time(self.app, infusion.started_at)}.", timeout=4)

    @on(DataTable.RowSelected, "#infusions-table")
    def _row_chosen(self) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        """Ask, then delete the selected infusion (its check-ins are kept)."""
        infusion = self.selected()
        if infusion is None:
            return
        number = self.infusions.index(infusion) + 1
        question = (
            f"Delete infusion {number}, started {day_time(self.app, infusion.started_at)}?\n\n"
            "Your check-ins are kept; the ones after it will count under the infusion "
            "before it."
        )

        def deleted(_: object) -> None:
            self.deleted = infusion
            self.refresh_bindings()
            self.notify(f"Infusion {number} deleted. Press u to undo.", timeout=8)

        def answered(yes: bool | None) -> None:
            if yes:
                journal = self.app.journal
                self.app.save(lambda: journal.delete_infusion(infusion.id), deleted)

        from ketacheck.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, yes="Delete"), answered)

    def action_undo(self) -> None:
        """Put back the infusion deleted last."""
        infusion, self.deleted = self.deleted, None
        if infusion is None:
            return
        self.refresh_bindings()
        journal = self.app.journal

        def restored(_: object) -> None:
            self.select(infusion.id)
            self.notify("Infusion put back.", timeout=4)

        self.app.save(lambda: journal.add_infusion(infusion), restored)

    def action_appointment(self) -> None:
        """Set or clear the next appointment."""
        overview = self.app.overview
        current = overview.settings.next_appointment if overview else None

        def done(saved: bool | None) -> None:
            if saved:
                overview = self.app.overview
                appointment = overview.settings.next_appointment if overview else None
                message = (
                    "Next appointment cleared."
                    if appointment is None
                    else f"Next appointment: {day_time(self.app, appointment)}."
                )
                self.notify(message, timeout=4)

        self.app.push_screen(AppointmentForm(current), done)

    @on(Button.Pressed, "#infusions-log-button")
    def _log_pressed(self) -> None:
        self.action_log()

    @on(Button.Pressed, "#infusions-edit-button")
    def _edit_pressed(self) -> None:
        self.action_edit()

    @on(Button.Pressed, "#infusions-delete-button")
    def _delete_pressed(self) -> None:
        self.action_delete()

    @on(Button.Pressed, "#infusions-appointment-button")
    def _appointment_pressed(self) -> None:
        self.action_appointment()

    @on(Button.Pressed, "#infusions-back-button")
    def _back_pressed(self) -> None:
        self.app.pop_screen()
