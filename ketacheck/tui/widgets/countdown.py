"""One restriction's live countdown: its name, a progress bar, time left and lift time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from ketacheck.core.clock import format_duration
from ketacheck.core.restrictions import RestrictionStatus


class RestrictionCountdown(Horizontal):
    """A row that counts down to the moment a restriction lifts."""

    def __init__(self, restriction_id: str, label: str) -> None:
        super().__init__(id=f"restriction-{restriction_id}", classes="restriction")
        self.restriction_id = restriction_id
        self._label = label
        self._shown: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="restriction-label")
        yield ProgressBar(total=100, show_percentage=False, show_eta=False)
        yield Label("", classes="restriction-time")

    def show(self, status: RestrictionStatus, lift_time: str) -> None:
        """Update the row, touching the screen only when what it shows changes."""
        if status.active:
            text = f"{format_duration(status.remaining)} · lifts {lift_time}"
        else:
            text = f"✓ lifted {lift_time}"
        percent = round(status.progress * 100)
        if self._shown == (text, percent):
            return
        self._shown = (text, percent)
        self.set_class(not status.active, "lifted")
        self.query_one(ProgressBar).update(progress=percent)
        self.query_one(".restriction-time", Label).update(text)
