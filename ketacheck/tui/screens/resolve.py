"""Mark an open alert as dealt with: one key for the common answers, or your own words."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from ketacheck.core.alert_records import RESOLUTION_MAX_CHARS, RESOLUTIONS, AlertRecord
from ketacheck.core.alerts import URGENT
from ketacheck.tui.screens.dialog import Dialog
from ketacheck.tui.text import escape


class ResolveAlertScreen(Dialog[str | None]):
    """Ask how the patient acted on ``alert``; dismisses with their answer, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Not yet", id="cancel-resolve"),
        *(
            Binding(str(number), f"choose({number})", text, show=False)
            for number, text in enumerate(RESOLUTIONS, start=1)
        ),
        Binding(str(len(RESOLUTIONS) + 1), "own_words", "In my own words", show=False),
    ]

    def __init__(self, alert: AlertRecord, remaining: int = 0) -> None:
        super().__init__()
        self.alert = alert
        self.remaining = remaining

    def compose(self) -> ComposeResult:
        with Vertical(id="resolve"):
            yield Static("[b]Mark this alert as dealt with?[/b]", id="resolve-title")
            yield Static(escape(self.alert.message), id="resolve-message")
            if self.alert.level == URGENT:
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
            yield Button("Not yet (Escape)", id="resolve-cancel")
            if self.remaining:
                more = "1 more alert" if self.remaining == 1 else f"{self.remaining} more alerts"
                yield Static(f"[dim]{more} after this one.[/dim]", id="resolve-more")

    def on_mount(self) -> None:
        self.query_one("#how-1", Button).focus()

    def action_choose(self, number: int) -> None:
        """One of the ready answers."""
        if isinstance(self.focused, Input):
            return
        self.dismiss(RESOLUTIONS[number - 1])

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
        if button_id == "resolve-cancel":
            self.dismiss(None)
        elif button_id.startswith("how-"):
            self.dismiss(RESOLUTIONS[int(button_id.removeprefix("how-")) - 1])

    @on(Input.Submitted, "#how-own")
    def _own_words(self, event: Input.Submitted) -> None:
        words = event.value.strip()
        if words:
            self.dismiss(words)
        else:
            self.notify("A few words, please, or press Escape to keep it open.", timeout=4)
