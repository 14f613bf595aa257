"""Home's live countdowns: one line per restriction (its name, a progress bar, the time
left and when it lifts), under a title.

One widget draws them all, a line each, rather than a widget per row: Home shows nine
and redraws them every second, and each widget more on Home is styled, laid out and
drawn on its own (the nine rows as widgets cost the first frame about 4 ms). A row that
has lifted takes the ``restriction-table--lifted`` style (the theme's success colour).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from rich.text import Text
from textual.geometry import Size
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

from ketacheck.core.clock import format_duration
from ketacheck.core.restrictions import STILL_DIZZY_NARROW, Restriction, RestrictionStatus

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


TITLE = "[b]Please wait before[/b] [dim](your clinic's advice comes first)[/dim]"


class CountdownRow:
    """What one restriction's line says, and how it shortens to fit a narrow window.

    A restriction that asks first (alcohol, recreational drugs) never shows a tick or
    "lifted": once its time is up the row says to check with the care team first
    (``passed_not_lifted``), and is not ``lifted``. So does driving, machinery or
    vigorous activity while the latest check-in still reports dizziness.
    """

    def __init__(self, restriction_id: str, label: str) -> None:
        self.restriction_id = restriction_id
        self.label = label
        #: What the row says, richest first; the last has the time it lifts (or passed).
        self.wordings: tuple[str, ...] = ("",)
        #: The fewest words, without the time, for a row too narrow for any of those.
        self.last_resort = ""
        self.fraction = 0.0
        #: Its time is up and nothing holds it: the row is drawn in the success colour.
        self.lifted = False
        #: Its time is up, but it still asks first (or waits for the dizziness to pass).
        self.passed_not_lifted = False

    def show(self, status: RestrictionStatus, lift_time: str) -> bool:
        """Take the latest status; whether what the row shows changed."""
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
        lifted = not status.active and not status.passed_not_lifted
        shown = (wordings, last_resort, fraction, lifted, status.passed_not_lifted)
        if shown == self._shown():
            return False
        self.wordings, self.last_resort, self.fraction, self.lifted, self.passed_not_lifted = shown
        return True

    def _shown(self) -> tuple[tuple[str, ...], str, float, bool, bool]:
        return self.wordings, self.last_resort, self.fraction, self.lifted, self.passed_not_lifted

    def line(self, width: int) -> Text:
        """The row in ``width`` cells (0: as wide as it likes)."""
        bold = "bold" if self.lifted else ""
        richest = self.wordings[0]
        if width == 0 or LABEL_WIDTH + BAR_WIDTH + len(GAP) + len(richest) <= width:
            label = Text(self.label.ljust(LABEL_WIDTH), style=bold)
            return Text.assemble(label, progress_bar(self.fraction), GAP, richest)
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


class RestrictionTable(Widget):
    """The countdowns to when each restriction lifts, one line each, under a title.

    Drawn line by line (Textual's line API): nothing inside it is laid out, and only the
    title is wrapped, to the window's width.
    """

    COMPONENT_CLASSES = {"restriction-table--lifted"}

    def __init__(self, restrictions: Iterable[Restriction], *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The rows by restriction id, in the order shown.
        self.rows = {r.id: CountdownRow(r.id, r.label) for r in restrictions}
        self._order = list(self.rows.values())
        # No emoji codes in the title: looking for them loads Rich's table of every
        # emoji, 2.6 ms of the first frame.
        self._title = Text.from_markup(TITLE, emoji=False)
        #: The title wrapped to a width, and that width: a narrow window gives it two lines.
        self._wrapped: tuple[int, list[Text]] = (0, [self._title])

    def show(self, statuses: Iterable[RestrictionStatus], when: Callable[[datetime], str]) -> None:
        """Update the rows, redrawing only when what they show changes; ``when`` writes
        the time a restriction lifts."""
        changed = False
        for status in statuses:
            row = self.rows[status.restriction.id]
            changed = row.show(status, when(status.lifts_at)) or changed
        if changed:
            self.refresh()

    def title_lines(self, width: int) -> list[Text]:
        """The title as drawn ``width`` cells wide: wrapped, never cut."""
        if width > 0 and self._wrapped[0] != width:
            self._wrapped = (width, list(self._title.wrap(self.app.console, width)))
        return self._wrapped[1]

    def height_at(self, width: int) -> int:
        """How many lines the table takes ``width`` cells wide."""
        return len(self.title_lines(width)) + len(self._order)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.height_at(width)

    def line(self, y: int) -> Text | None:
        """Line ``y`` as it is drawn now (the title's first), or None below the last row."""
        title = self.title_lines(self.size.width)
        if y < len(title):
            return title[y].copy()
        if not 0 <= y - len(title) < len(self._order):
            return None
        row = self._order[y - len(title)]
        text = row.line(self.size.width)
        if row.lifted:
            lifted = self.get_component_rich_style("restriction-table--lifted", partial=True)
            text.stylize_before(lifted)
        return text

    def render_line(self, y: int) -> Strip:
        width, base = self.size.width, self.rich_style
        text = self.line(y)
        if text is None:
            return Strip.blank(width, base)
        text.stylize_before(base)
        # Text can be selected with the mouse and copied, as in any other widget.
        selection = self.text_selection
        if selection is not None and (span := selection.get_span(y)) is not None:
            start, end = span
            style = self.screen.get_component_rich_style("screen--selection")
            text.stylize(style, start, len(text) if end == -1 else end)
        strip = Strip(text.render(self.app.console)).crop_extend(0, width, base)
        return strip.apply_offsets(0, y)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, to copy."""
        lines = (self.line(y) for y in range(self.height_at(self.size.width)))
        return selection.extract("\n".join(line.plain for line in lines if line)), "\n"
