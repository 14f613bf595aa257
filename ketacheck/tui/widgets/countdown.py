"""One restriction's live countdown: its name, a progress bar, time left and lift time.

Drawn as one line of text rather than a row of widgets: Home shows nine of these and
redraws them every second, so keeping each to a single widget keeps start-up and idle
cost low.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ketacheck.core.clock import format_duration
from ketacheck.core.restrictions import RestrictionStatus

LABEL_WIDTH = 25
BAR_WIDTH = 12


def progress_bar(fraction: float, width: int = BAR_WIDTH) -> Text:
    """A bar of ``width`` cells, filled to ``fraction`` (0.0 to 1.0)."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return Text.assemble(("━" * filled, "bold"), ("─" * (width - filled), "dim"))


class RestrictionCountdown(Widget):
    """A row that counts down to the moment a restriction lifts."""

    def __init__(self, restriction_id: str, label: str) -> None:
        super().__init__(id=f"restriction-{restriction_id}", classes="restriction")
        self.restriction_id = restriction_id
        self.label = label
        self.time_text = ""
        self._fraction = 0.0

    def show(self, status: RestrictionStatus, lift_time: str) -> None:
        """Update the row, touching the screen only when what it shows changes."""
        if status.active:
            text = f"{format_duration(status.remaining)} · lifts {lift_time}"
        else:
            text = f"✓ lifted {lift_time}"
        fraction = round(status.progress * BAR_WIDTH) / BAR_WIDTH
        if (text, fraction) == (self.time_text, self._fraction):
            return
        self.time_text, self._fraction = text, fraction
        self.set_class(not status.active, "lifted")
        self.refresh()

    def render(self) -> Text:
        return Text.assemble(
            (
                self.label.ljust(LABEL_WIDTH)[:LABEL_WIDTH],
                "bold" if self.has_class("lifted") else "",
            ),
            progress_bar(self._fraction),
            "  ",
            self.time_text,
        )
