"""One check-in in full, from History: its alerts first, every field, then its tips."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ketacheck.core.records import CheckIn
from ketacheck.core.scales import SIDE_EFFECTS
from ketacheck.tui.format import day_time
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


class CheckInDetail(ModalScreen[str | None]):
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
                f"Check-in of {day_time(self.app, self.checkin.at)} · {self.after}",
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
        """Every field of the check-in, with a dash for the ones left empty."""
        c = self.checkin

        def yes(flag: bool | None) -> str:
            return "not asked" if flag is None else ("yes" if flag else "no")

        glasses = "1 glass" if c.fluids_glasses == 1 else f"{c.fluids_glasses} glasses"
        rows = [
            ("Dizziness", f"{c.dizziness} of 10"),
            ("Nausea", f"{c.nausea} of 10 · was sick: {yes(c.vomited)}"),
            ("Fluids", f"{glasses} · electrolytes: {yes(c.electrolytes)}"),
            ("Mood", f"{c.mood} of 10"),
            ("Tiredness", "—" if c.fatigue is None else f"{c.fatigue} of 10"),
            ("Sleep", "—" if c.sleep_hours is None else f"{c.sleep_hours:g} h"),
            ("Side effects", ", ".join(SIDE_EFFECTS.get(s, s) for s in c.side_effects) or "—"),
            ("Mood words", ", ".join(c.mood_words) or "—"),
            ("Self-harm thoughts", yes(c.self_harm_thoughts)),
            ("Intention", c.intention or "—"),
            ("Note", c.note or "—"),
        ]
        return "\n".join(f"[b]{name:<19}[/b]{escape(value)}" for name, value in rows)

    def action_choose(self, choice: str) -> None:
        """Close with what the patient chose."""
        self.dismiss(choice or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = (event.button.id or "").removeprefix("detail-")
        self.dismiss(choice if choice in ("edit", "delete") else None)
