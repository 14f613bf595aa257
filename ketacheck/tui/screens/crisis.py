"""The urgent screen: crisis line and care team first, and that ketacheck calls no one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from ketacheck.core.crisis import crisis_line_for, crisis_text, emergency_text
from ketacheck.core.settings import Settings
from ketacheck.tui.screens.dialog import Dialog
from ketacheck.tui.screens.too_small import FitsAnyWindow
from ketacheck.tui.text import escape

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


class CrisisScreen(FitsAnyWindow, Dialog[None]):
    """Shown at once when a patient says they have thoughts of harming themselves."""

    app: KetacheckApp

    BINDINGS = [Binding("escape,enter", "close", "Close", id="close-crisis")]

    # In a small window the words scroll under the numbers, which stay in view.
    AUTO_FOCUS = "#crisis-close"

    def compose(self) -> ComposeResult:
        settings = self.app.overview.settings if self.app.overview else Settings()
        crisis = escape(crisis_text(settings))
        line = crisis_line_for(settings.effective_country)
        chat = (
            f"\n[b]Chat online:[/b] {escape(line.chat)}"
            if line is not None and line.chat and not settings.crisis_line.strip()
            else ""
        )
        team = escape(settings.care_team_contact())
        emergency = escape(emergency_text(settings))
        with VerticalScroll(id="crisis"):
            yield Static(
                "[b]It took courage to answer that. You deserve support right now.[/b]",
                id="crisis-title",
            )
            yield Static(
                f"[b]Crisis line:[/b] {crisis}{chat}\n"
                f"[b]Care team:[/b] {team}\n"
                f"If you are in danger right now, call {emergency}.",
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
