"""One check-in in full, from History: its alerts first, every field, then its tips."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ketacheck.core.answers import answer_rows
from ketacheck.core.records import CheckIn
from ketacheck.tui.format import when
from ketacheck.tui.screens.dialog import Dialog
from ketacheck.tui.text import escape

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

#: How each alert level is marked in the table, and its colour.
ALERT_MARKS = {
    "urgent": ("‼ urgent", "bold red"),
    "call-now": ("! call now", "bold yellow"),
    "call-today": ("! call today", "yellow"),
    "tip": ("tip", "dim"),
}


class CheckInDetail(Dialog[str | None]):
    """One check-in in full. Dismisses with "edit", "delete" or None."""

    app: KetacheckApp

    BINDINGS = [
        Binding("e", "choose('edit')", "Edit", id="detail-edit"),
        Binding("d", "choose('delete')", "Delete", id="detail-delete"),
        Binding("escape,enter,q", "choose('')", "Close", id="detail-close"),
    ]

    def __init__(self, checkin: CheckIn, after: str) -> None:
        super().__init__()
        self.checkin = checkin
        self.after = after

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin-detail", classes="record-dialog"):
            yield Static(
                f"Check-in · {when(self.app, self.checkin.at)} · {self.after}",
                classes="record-dialog-title",
            )
            with VerticalScroll(id="checkin-detail-body"):
                serious = self.alert_lines(("urgent", "call-now", "call-today"))
                if serious:
                    yield Static(serious, id="checkin-detail-alerts")
                yield Static(self.field_lines(), id="checkin-detail-fields")
                tips = self.alert_lines(("tip",))
                if tips:
                    yield Static(tips, id="checkin-detail-tips")
            with Horizontal(classes="record-dialog-buttons"):
                yield Button("Edit (e)", id="detail-edit", variant="primary", compact=True)
                yield Button("Delete (d)", id="detail-delete", variant="error", compact=True)
                yield Button("Close (Esc)", id="detail-close", compact=True)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False

    def alert_lines(self, levels: tuple[str, ...]) -> str:
        """The alerts of these levels this check-in raised, the most serious first."""
        alerts = sorted(
            (a for a in self.checkin.alerts if a.level in levels),
            key=lambda a: levels.index(a.level),
        )
        return "\n".join(
            f"[b]{ALERT_MARKS.get(a.level, (a.level, ''))[0]}[/b]  {escape(a.message)}"
            for a in alerts
        )

    def field_lines(self) -> str:
        """Every answer of the check-in, in the order asked, with a dash (or "not asked")
        for the ones left empty."""
        rows = answer_rows(self.checkin.to_dict(), review=False)
        return "\n".join(f"[b]{name:<19}[/b]{escape(value)}" for name, value in rows)

    def action_choose(self, choice: str) -> None:
        """Close with what the patient chose."""
        self.dismiss(choice or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = (event.button.id or "").removeprefix("detail-")
        self.dismiss(choice if choice in ("edit", "delete") else None)
