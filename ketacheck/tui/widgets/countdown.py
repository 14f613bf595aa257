"""One restriction's live countdown: its name, a progress bar, time left and lift time.

Drawn as one line of text rather than a row of widgets: Home shows nine of these and
redraws them every second, so keeping each to a single widget keeps start-up and idle
cost low.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ketacheck.core.clock import format_duration
from ketacheck.core.restrictions import RestrictionStatus, finished_mark, finished_wording

LABEL_WIDTH = 25
BAR_WIDTH = 12
GAP = "  "


def progress_bar(fraction: float, width: int = BAR_WIDTH) -> Text:
    """A bar of ``width`` cells, filled to ``fraction`` (0.0 to 1.0)."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return Text.assemble(("━" * filled, "bold"), ("─" * (width - filled), "dim"))


class RestrictionCountdown(Widget):
    """A row that counts down to the moment a restriction lifts.

    A restriction that asks first (alcohol, recreational drugs) never shows a tick or
    "lifted": once its time is up the row says to check with the care team first, and
    takes the class ``time-passed`` rather than ``lifted``.
    """

    def __init__(self, restriction_id: str, label: str) -> None:
        super().__init__(id=f"restriction-{restriction_id}", classes="restriction")
        self.restriction_id = restriction_id
        self.label = label
        self.time_text = ""
        #: What to show when the row is too narrow for ``time_text`` (and the bar).
        self.short_text = ""
        self._fraction = 0.0

    def show(self, status: RestrictionStatus, lift_time: str) -> None:
        """Update the row, touching the screen only when what it shows changes."""
        restriction = status.restriction
        mark, wording = finished_mark(restriction), finished_wording(restriction)
        if status.active:
            text = short = f"{format_duration(status.remaining)} · lifts {lift_time}"
        elif restriction.ask_first:
            short = f"{mark} {wording}"
            text = f"{short} · since {lift_time}"
        else:
            text = short = f"{mark} {wording} {lift_time}"
        fraction = round(status.progress * BAR_WIDTH) / BAR_WIDTH
        if (text, short, fraction) == (self.time_text, self.short_text, self._fraction):
            return
        self.time_text, self.short_text, self._fraction = text, short, fraction
        passed = not status.active
        self.set_class(passed and not restriction.ask_first, "lifted")
        self.set_class(passed and restriction.ask_first, "time-passed")
        self.refresh()

    def render(self) -> Text:
        label = Text(
            self.label.ljust(LABEL_WIDTH)[:LABEL_WIDTH],
            style="bold" if self.has_class("lifted") else "",
        )
        # Richest first: the bar and the whole text, then without the bar, then the short
        # text, so a narrow terminal never cuts off the words that say what to do.
        choices = [
            Text.assemble(label, progress_bar(self._fraction), GAP, self.time_text),
            Text.assemble(label, self.time_text),
            Text.assemble(label, progress_bar(self._fraction), GAP, self.short_text),
            Text.assemble(label, self.short_text),
        ]
        width = self.size.width
        return next((c for c in choices if width == 0 or c.cell_len <= width), choices[-1])
