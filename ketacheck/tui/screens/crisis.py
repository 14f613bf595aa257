"""The urgent screen: crisis line and care team first, and that ketacheck calls no one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


class CrisisScreen(ModalScreen[None]):
    """Shown at once when a patient says they have thoughts of harming themselves."""

    app: KetacheckApp

    BINDINGS = [Binding("escape,enter", "close", "Close", id="close-crisis")]

    def compose(self) -> ComposeResult:
        settings = self.app.overview.settings if self.app.overview else None
        crisis = escape(settings.crisis_line) if settings else "Call or text 988 (US)"
        team = escape(settings.care_team_contact()) if settings else "your care team"
        with Vertical(id="crisis"):
            yield Static(
                "[b]Thank you for telling me. You deserve support right now.[/b]", id="crisis-title"
            )
            yield Static(
                f"[b]Crisis line:[/b] {crisis}\n"
                f"[b]Care team:[/b] {team}\n"
                "If you are in danger right now, call your local emergency number.",
                id="crisis-numbers",
            )
            yield Static(
                "ketacheck does not send anything to anyone, so no one has been told. "
                "Please make the call yourself, or ask someone you trust to sit with you "
                "and call together.",
                id="crisis-note",
            )
            yield Button("I have read this", id="crisis-close", variant="error")

    @on(Button.Pressed, "#crisis-close")
    def action_close(self) -> None:
        """Back to where the patient was."""
        self.dismiss(None)
