"""Mark an open alert as dealt with: one key for the common answers, or your own words.

An urgent alert (thoughts of harming yourself) is never closed by reflex: the dialog
shows the crisis line and the care team's number, focus starts on "Keep it open", and
choosing how is followed by a question whose default is, again, to keep it open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from ketacheck.core.alert_records import (
    RESOLUTION_MAX_CHARS,
    RESOLUTIONS,
    AlertRecord,
    seen_phrase,
)
from ketacheck.core.alerts import URGENT
from ketacheck.core.crisis import crisis_text
from ketacheck.core.settings import Settings
from ketacheck.tui.format import when
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.dialog import Dialog
from ketacheck.tui.screens.too_small import FitsAnyWindow
from ketacheck.tui.text import escape

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

#: The question after an urgent alert's answer is chosen; its default keeps it open.
URGENT_CONFIRM = (
    "[b]Mark it as dealt with?[/b] Only if you are safe now and have reached someone. "
    "If you are not sure, keep it open: the crisis line stays on Home."
)


class ResolveAlertScreen(FitsAnyWindow, Dialog[str | None]):
    """Ask how the patient acted on ``alert``; dismisses with their answer, or None."""

    app: KetacheckApp

    BINDINGS = [
        Binding("escape", "cancel", "Keep it open", id="cancel-resolve"),
        *(
            Binding(str(number), f"choose({number})", text, show=False)
            for number, text in enumerate(RESOLUTIONS, start=1)
        ),
        Binding(str(len(RESOLUTIONS) + 1), "own_words", "In my own words", show=False),
    ]

    def __init__(self, alert: AlertRecord, settings: Settings, remaining: int = 0) -> None:
        super().__init__()
        self.alert = alert
        self.settings = settings
        self.remaining = remaining

    @property
    def urgent(self) -> bool:
        """Whether the alert is about thoughts of harming yourself."""
        return self.alert.level == URGENT

    def numbers(self) -> str:
        """The crisis line and the care team's number (markup)."""
        return (
            f"[b]Crisis line:[/b] {escape(crisis_text(self.settings))}\n"
            f"[b]Care team:[/b] {escape(self.settings.care_team_contact())}"
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="resolve"):
            # The title and the numbers stay in view while the rest scrolls.
            with Vertical(id="resolve-top"):
                yield Static("[b]Mark this alert as dealt with?[/b]", id="resolve-title")
                if self.urgent:
                    yield Static(self.numbers(), id="resolve-numbers")
            if self.urgent:
                yield Button("Keep it open (Escape)", id="resolve-keep")
            yield Static(escape(self.alert.message), id="resolve-message")
            seen = seen_phrase(self.alert, when(self.app, self.alert.raised_at, sentence=True))
            if seen:
                yield Static(
                    f"[dim]{escape(seen[:1].upper() + seen[1:])}.[/dim]", id="resolve-seen"
                )
            if self.urgent:
                yield Static(
                    "If you are still thinking of harming yourself, keep it open and call "
                    "the crisis line or your local emergency number now.",
                    id="resolve-urgent",
                )
            yield Static("How did you act on it?", id="resolve-how")
            for number, text in enumerate(RESOLUTIONS, start=1):
                yield Button(f"{number}  {text}", id=f"how-{number}")
            own = len(RESOLUTIONS) + 1
            yield Input(
                placeholder=f"{own}  In my own words, then Enter",
                max_length=RESOLUTION_MAX_CHARS,
                id="how-own",
            )
            if not self.urgent:
                yield Button("Not yet (Escape)", id="resolve-cancel")
            if self.remaining:
                more = "1 more alert" if self.remaining == 1 else f"{self.remaining} more alerts"
                yield Static(f"[dim]{more} after this one.[/dim]", id="resolve-more")

    def on_mount(self) -> None:
        first = "#resolve-keep" if self.urgent else "#how-1"
        self.query_one(first, Button).focus()

    def _finish(self, how: str) -> None:
        """Close with ``how``; for an urgent alert, only once the patient confirms."""
        if not self.urgent:
            self.dismiss(how)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss(how)

        question = f"{URGENT_CONFIRM}\n\n{self.numbers()}"
        self.app.push_screen(
            ConfirmScreen(question, yes="Yes, mark it", no="Keep it open"), confirmed
        )

    def action_choose(self, number: int) -> None:
        """One of the ready answers."""
        if isinstance(self.focused, Input):
            return
        self._finish(RESOLUTIONS[number - 1])

    def action_own_words(self) -> None:
        """Move to the box for the patient's own words."""
        if not isinstance(self.focused, Input):
            self.query_one("#how-own", Input).focus()

    def action_cancel(self) -> None:
        """Keep the alert open."""
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id in ("resolve-cancel", "resolve-keep"):
            self.dismiss(None)
        elif button_id.startswith("how-"):
            self._finish(RESOLUTIONS[int(button_id.removeprefix("how-")) - 1])

    @on(Input.Submitted, "#how-own")
    def _own_words(self, event: Input.Submitted) -> None:
        words = event.value.strip()
        if words:
            self._finish(words)
        else:
            self.notify("A few words, please, or press Escape to keep it open.", timeout=4)
