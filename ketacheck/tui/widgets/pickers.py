"""Number pickers for the check-in: a 0-10 scale and a count (of glasses, say).

Both are driven by number keys (the quickest way for someone who feels unwell), by the
arrow keys, and by the mouse.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ketacheck.core.scales import SCALE_MAX, symptom_band
from ketacheck.core.words import plural

CELL_WIDTH = 4


class NumberPicker(Widget, can_focus=True):
    """Shared behaviour: a value up to ``maximum``, digit keys, arrow keys, and a Changed
    message."""

    BINDINGS = [
        Binding("left,minus", "step(-1)", "Less", show=False),
        Binding("right,plus,equals_sign", "step(1)", "More", show=False),
        *(Binding(str(digit), f"digit('{digit}')", str(digit), show=False) for digit in range(10)),
    ]

    value: reactive[int | None] = reactive(None)
    """The chosen number, or None before one is picked."""

    typed: reactive[str] = reactive("")
    """Digits that another digit may still extend ("1" may become 10), shown as ``1_``."""

    @dataclass
    class Changed(Message):
        """The patient picked a number."""

        picker: NumberPicker
        value: int

        @property
        def control(self) -> NumberPicker:
            """The picker that changed."""
            return self.picker

    def __init__(
        self, value: int | None = None, *, maximum: int = SCALE_MAX, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.maximum = maximum
        """The highest number it takes (the lowest is 0)."""
        self.set_reactive(NumberPicker.value, value)

    def watch_value(self, value: int | None) -> None:
        if value is not None:
            self.post_message(self.Changed(self, value))

    def action_step(self, delta: int) -> None:
        """Nudge the value up or down by one."""
        self.typed = ""
        current = -1 if self.value is None and delta > 0 else (self.value or 0)
        self.value = max(0, min(self.maximum, current + delta))

    def type_digit(self, digit: str) -> None:
        """Take one digit key: it extends the pending number if the result still fits.

        There is no time limit: "1", a pause, then "0" is 10. A digit that no further digit
        could extend ("3" on a 0-10 scale) is complete at once; one that could ("1") stays
        pending, already chosen, until the next key.
        """
        number = self.typed + digit
        if not self.typed or int(number) > self.maximum:
            number = digit
        self.value = int(number)
        extendable = number != "0" and int(number + "0") <= self.maximum
        self.typed = number if extendable else ""

    def pending_text(self) -> str:
        """``1_`` while a digit may still follow, else the value (or ``–``)."""
        if self.typed:
            return f"{self.typed}_"
        return "–" if self.value is None else str(self.value)

    def action_digit(self, digit: str) -> None:
        """A number key."""
        self.type_digit(digit)

    def on_key(self, event: events.Key) -> None:
        # The digits 0-9 are key bindings; this takes the other decimal digits a keyboard
        # may send (isdecimal, not isdigit: "²" is a digit that int() can't read).
        character = event.character
        if character is None or character.isascii() or not character.isdecimal():
            return
        event.stop()
        event.prevent_default()
        self.type_digit(str(int(character)))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.typed = ""
        self.refresh()


class ScalePicker(NumberPicker):
    """A 0-10 scale: eleven cells, the chosen one lit, with words for each end."""

    DEFAULT_CSS = """
    ScalePicker {
        height: 3;
        width: 46;
    }
    """

    def __init__(
        self,
        value: int | None = None,
        *,
        low: str = "none",
        high: str = "worst",
        symptom: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(value, id=id)
        self.low = low
        self.high = high
        self.symptom = symptom

    def render(self) -> Text:
        cells = Text()
        # With the focus, the numbers (not the space between them) are underlined: a mark
        # that shows without colour.
        focus = " underline" if self.has_focus else ""
        for number in range(self.maximum + 1):
            label = f"{number:^{CELL_WIDTH}}"
            pad, digits = label[: len(label) - len(label.lstrip())], label.strip()
            style = (
                "reverse bold"
                if number == self.value
                else ("dim" if self.value is not None else "")
            )
            cells.append(pad, style=style)
            cells.append(digits, style=f"{style}{focus}".strip())
            cells.append(label[len(pad) + len(digits) :], style=style)
        ends = Text(f"0 = {self.low}".ljust(CELL_WIDTH * 6) + f"10 = {self.high}", style="italic")
        chosen = Text()
        if self.value is None:
            chosen.append("Press a number (1 then 0 for 10), or click.", style="dim")
        elif self.typed:
            chosen.append(f"{self.pending_text()}  ", style="bold")
            chosen.append(
                f"press 0 for {self.typed}0, or Enter to keep {self.value}", style="italic"
            )
        elif self.symptom:
            chosen.append(f"{self.value}: {symptom_band(self.value).value}", style="bold")
        else:
            chosen.append(f"{self.value} of 10", style="bold")
        return Text("\n").join([cells, ends, chosen])

    def on_click(self, event: events.Click) -> None:
        if event.y == 0 and 0 <= event.x < CELL_WIDTH * (self.maximum + 1):
            self.typed = ""
            self.value = event.x // CELL_WIDTH


class CountPicker(NumberPicker):
    """A count: type the number, or use the arrow keys or the - and + marks."""

    DEFAULT_CSS = """
    CountPicker {
        height: 2;
        width: 46;
    }
    """

    def __init__(
        self, value: int | None = None, *, unit: str, maximum: int, id: str | None = None
    ) -> None:
        super().__init__(value, maximum=maximum, id=id)
        self.unit = unit
        """What is counted, singular ("glass")."""

    def render(self) -> Text:
        shown = self.pending_text()
        noun = plural(self.value or 0, self.unit).partition(" ")[2]
        number = "bold underline" if self.has_focus else "bold"  # focus shows without colour
        line = Text.assemble(
            ("[ − ]", "bold"),
            "  ",
            (f"{shown:>3}", number),
            (f" {noun}", "bold"),
            "  ",
            ("[ + ]", "bold"),
        )
        hint = Text("Type the number, or use ← → (or click − +).", style="dim")
        return Text("\n").join([line, hint])

    def on_click(self, event: events.Click) -> None:
        if event.y != 0:
            return
        if event.x < 5:
            self.action_step(-1)
        elif event.x >= 20:
            self.action_step(1)
