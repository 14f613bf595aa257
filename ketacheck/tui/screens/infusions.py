"""Infusions: the course so far, logging, changing or deleting one, and the next visit."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, ProgressBar, Static

from ketacheck.core.clock import format_duration
from ketacheck.core.course import course_state, fasting_starts_at
from ketacheck.core.records import Infusion
from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import local_date
from ketacheck.core.words import printable
from ketacheck.store.errors import StoreError
from ketacheck.store.overview import Overview
from ketacheck.tui.format import clock_time, full_time, when
from ketacheck.tui.screens import SCREENS_CSS
from ketacheck.tui.screens.infusion_forms import AppointmentForm, InfusionForm
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

#: How much of a note fits in the table; the form shows all of it.
NOTE_PREVIEW_CHARS = 34


def note_preview(note: str) -> str:
    """The first line of a note, short enough for one table cell."""
    note = printable(note)
    first = note.strip().splitlines()[0] if note.strip() else ""
    if len(first) > NOTE_PREVIEW_CHARS or "\n" in note.strip():
        return first[: NOTE_PREVIEW_CHARS - 1].rstrip() + "…"
    return first


def what_becomes_of_its_checkins(number: int, total: int) -> str:
    """What deleting infusion ``number`` of ``total`` does to the check-ins made after it.

    They count under the infusion before it; the first has none before it, so its
    check-ins then belong to no infusion, like any made before the first.
    """
    if number > 1:
        return (
            f"Your check-ins are kept; those made after it will count under infusion {number - 1}."
        )
    until = ", before infusion 2," if total > 1 else ""
    return (
        f"Your check-ins are kept. Those made after it{until} will no longer belong to any "
        "infusion."
    )


class InfusionsScreen(Screen[None]):
    """Every infusion of the course, with the keys to log, change or delete one."""

    CSS_PATH = SCREENS_CSS

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
            # Said here, not in a notice: a notice would still show on Home, where u does
            # nothing.
            yield Static(id="infusions-undo", classes="undo-line")
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
        if overview.earlier_infusions:  # the overview keeps only the latest few
            with contextlib.suppress(StoreError):
                self.infusions = self.app.journal.infusions()
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
                f"Your appointment {when(self.app, appointment, sentence=True)} has passed. "
                "Press [b]p[/b] to set the next one."
            )
        else:
            overview = self.app.overview
            hours = overview.settings.fasting_hours if overview else 0.0
            fasting = fasting_starts_at(appointment, hours)
            starts = when(self.app, fasting, sentence=True)
            food = f"Your clinic may ask you to stop eating from {starts}; " if hours else ""
            widget.update(
                f"Next appointment [b]{when(self.app, appointment, sentence=True)}[/b], "
                f"in {format_duration(appointment - now)}.\n"
                f"{food}arrange a ride there and back."
            )

    def _show_table(self) -> None:
        table = self.query_one("#infusions-table", DataTable)
        keep = self.selected()
        table.clear()
        for number, infusion in enumerate(self.infusions, start=1):
            minutes = round((infusion.ended_at - infusion.started_at) / timedelta(minutes=1))
            # The end is a clock time on the day it started; past midnight it names its day.
            same_day = local_date(infusion.ended_at, self.app.tz) == local_date(
                infusion.started_at, self.app.tz
            )
            ended = clock_time if same_day else when
            table.add_row(
                str(number),
                when(self.app, infusion.started_at),
                f"{ended(self.app, infusion.ended_at)} · {minutes} min",
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

    @on(Button.Pressed, "#infusions-log-button")
    @work(group="infusions-form")
    async def action_log(self) -> None:
        """Open the form for a new infusion; say so once it is saved."""
        await self._open_form(InfusionForm())

    @on(Button.Pressed, "#infusions-edit-button")
    @on(DataTable.RowSelected, "#infusions-table")
    @work(group="infusions-form")
    async def action_edit(self) -> None:
        """Open the form for the selected infusion; say so once it is saved."""
        infusion = self.selected()
        if infusion is not None:
            await self._open_form(InfusionForm(infusion, self.infusions.index(infusion) + 1))

    async def _open_form(self, form: InfusionForm) -> None:
        infusion = await self.app.push_screen_wait(form)
        if infusion is None:
            return
        self.select(infusion.id)
        started = when(self.app, infusion.started_at, sentence=True)
        self.notify(f"Saved: infusion of {started}.", timeout=4)

    @on(Button.Pressed, "#infusions-delete-button")
    @work(group="infusions-record")
    async def action_delete(self) -> None:
        """Ask, then delete the selected infusion (its check-ins are kept)."""
        from ketacheck.tui.screens.confirm import ConfirmScreen

        infusion = self.selected()
        if infusion is None:
            return
        number = self.infusions.index(infusion) + 1
        question = (
            f"Delete infusion {number}, started {full_time(self.app, infusion.started_at)}?"
            f"\n\n{what_becomes_of_its_checkins(number, len(self.infusions))}"
        )
        if not await self.app.push_screen_wait(ConfirmScreen(question, yes="Delete")):
            return
        journal = self.app.journal
        try:
            await self.app.persist(lambda: journal.delete_infusion(infusion.id, self.app.clock()))
        except StoreError:
            return
        self._offer_undo(infusion, number)
        self.notify(f"Infusion {number} deleted.", timeout=6)

    def _offer_undo(self, infusion: Infusion | None, number: int = 0) -> None:
        """Keep ``infusion`` to put back with ``u``, and say so on this screen (None: no
        more)."""
        self.deleted = infusion
        line = self.query_one("#infusions-undo", Static)
        line.display = infusion is not None
        if infusion is not None:
            line.update(f"Deleted infusion {number}. Press [b]u[/b] to put it back.")
        self.refresh_bindings()

    @work(group="infusions-record")
    async def action_undo(self) -> None:
        """Put back the infusion deleted last."""
        infusion = self.deleted
        if infusion is None:
            return
        self._offer_undo(None)
        journal = self.app.journal
        try:
            await self.app.persist(lambda: journal.add_infusion(infusion, self.app.clock()))
        except StoreError:
            return
        self.select(infusion.id)
        self.notify("Infusion put back.", timeout=4)

    @on(Button.Pressed, "#infusions-appointment-button")
    @work(group="infusions-form")
    async def action_appointment(self) -> None:
        """Set or clear the next appointment, then say what it is now."""
        overview = self.app.overview
        current = overview.settings.next_appointment if overview else None
        if not await self.app.push_screen_wait(AppointmentForm(current)):
            return
        overview = self.app.overview
        if overview is None:
            return
        appointment = overview.settings.next_appointment
        message = (
            "Next appointment cleared."
            if appointment is None
            else f"Next appointment: {when(self.app, appointment, sentence=True)}."
        )
        self.notify(message, timeout=4)

    @on(Button.Pressed, "#infusions-back-button")
    def _back_pressed(self) -> None:
        self.app.pop_screen()
