"""One restriction's live countdown: its name, a progress bar, time left and lift time.

Drawn as one line of text rather than a row of widgets: Home shows nine of these and
redraws them every second, so keeping each to a single widget keeps start-up and idle
cost low.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ketacheck.core.clock import format_duration
from ketacheck.core.restrictions import STILL_DIZZY_NARROW, RestrictionStatus
from ketacheck.tui.classes import set_class

LABEL_WIDTH = 25
#: The fewest cells a restriction's name is cut to, so a narrow row still keeps its time.
MIN_LABEL_WIDTH = 8
#: Shorter words for ``ASK_FIRST_WORDING``, for narrower rows.
ASK_FIRST_NARROW = ("ask your care team first", "ask first")
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
    takes the class ``time-passed`` rather than ``lifted``. So does driving, machinery or
    vigorous activity while the latest check-in still reports dizziness.
    """

    def __init__(self, restriction_id: str, label: str) -> None:
        super().__init__(id=f"restriction-{restriction_id}", classes="restriction")
        self.restriction_id = restriction_id
        self.label = label
        #: What the row says, richest first; the last has the time it lifts (or passed).
        self.wordings: tuple[str, ...] = ("",)
        #: The fewest words, without the time, for a row too narrow for any of those.
        self.last_resort = ""
        self._fraction = 0.0

    def show(self, status: RestrictionStatus, lift_time: str) -> None:
        """Update the row, touching the screen only when what it shows changes."""
        restriction = status.restriction
        mark, wording = status.finished_mark, status.finished_wording
        narrow = (STILL_DIZZY_NARROW,) if status.held_by_dizziness else ASK_FIRST_NARROW
        if status.active:
            # "lifts tomorrow 03:33" is longer than a weekday: a narrow row drops the time
            # left (the time it lifts says as much) before it cuts the name.
            # One that asks first never "lifts": the wait is the least, then ask.
            ends = f"at least until {lift_time}" if restriction.ask_first else f"lifts {lift_time}"
            wordings: tuple[str, ...] = (f"{format_duration(status.remaining)} · {ends}", ends)
        elif status.passed_not_lifted:
            # The whole wording says plainly that nothing is allowed yet: it goes before the
            # time; only a narrow row trades it for fewer words and the time.
            wordings = (
                f"{mark} {wording} · since {lift_time}",
                f"{mark} {wording}",
                *(f"{mark} {words} · since {lift_time}" for words in narrow),
            )
        else:
            wordings = (f"{mark} {wording} {lift_time}",)
        last_resort = f"{mark} {narrow[0]}" if status.passed_not_lifted else wordings[-1]
        fraction = round(status.progress * BAR_WIDTH) / BAR_WIDTH
        shown = (wordings, last_resort, fraction)
        if shown == (self.wordings, self.last_resort, self._fraction):
            return
        self.wordings, self.last_resort, self._fraction = shown
        passed = not status.active
        set_class(self, passed and not status.passed_not_lifted, "lifted")
        set_class(self, status.passed_not_lifted, "time-passed")
        self.refresh()

    def render(self) -> Text:
        width = self.size.width
        bold = "bold" if self.has_class("lifted") else ""
        richest = self.wordings[0]
        if width == 0 or LABEL_WIDTH + BAR_WIDTH + len(GAP) + len(richest) <= width:
            label = Text(self.label.ljust(LABEL_WIDTH), style=bold)
            return Text.assemble(label, progress_bar(self._fraction), GAP, richest)
        # Then the richest words that fit beside the whole name, the name's padding taken
        # in first. The time is never cut: the name is, before the time is left out.
        for words in self.wordings:
            room = min(LABEL_WIDTH, width - len(words))
            if room > len(self.label):
                return Text.assemble(Text(self.label.ljust(room), style=bold), words)
        words = self.wordings[-1]
        room = width - len(words)
        if room >= MIN_LABEL_WIDTH:
            return Text.assemble(Text(self.label[: room - 2] + "… ", style=bold), words)
        return Text.assemble(Text(f"{self.label} ", style=bold), self.last_resort)
