"""Tick boxes, radio buttons, switches and tick lists whose states differ in characters.

Textual draws a ticked and an unticked box alike (``▐X▌``), and both radio buttons of a
set alike (``▐●▌``), telling them apart by colour only: with ``NO_COLOR``, on a
monochrome screen or to a colour-blind eye they look the same. These draw ``[x]`` and
``[ ]``, ``(•)`` and ``( )``, and ``[x] on`` and ``[ ] off``, so every state reads the
same without colour. They behave exactly as Textual's own, and are drop-in subclasses.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList, Switch
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "[x]"
UNTICKED = "[ ]"
CHOSEN = "(•)"
NOT_CHOSEN = "( )"


def _marked(toggle: Checkbox | RadioButton, mark: str) -> Content:
    """``mark`` in the toggle's button style, then its label."""
    shown = Content.styled(mark, toggle.get_visual_style("toggle--button"))
    label = toggle.label.pad(1, 1).stylize_before(toggle.get_visual_style("toggle--label"))
    return Content.assemble(shown, label)


def _marked_width(toggle: Checkbox | RadioButton, mark: str) -> int:
    label = toggle.label.cell_length
    return len(mark) + (2 + label if label else 0)


class TickBox(Checkbox):
    """A Checkbox drawn ``[x]`` when ticked and ``[ ]`` when not."""

    @property
    def mark(self) -> str:
        """What the box shows for the state it is in."""
        return TICKED if self.value else UNTICKED

    def render(self) -> Content:
        return _marked(self, self.mark)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return _marked_width(self, self.mark)


class Choice(RadioButton):
    """A RadioButton drawn ``(•)`` when chosen and ``( )`` when not."""

    @property
    def mark(self) -> str:
        """What the button shows for the state it is in."""
        return CHOSEN if self.value else NOT_CHOSEN

    def render(self) -> Content:
        return _marked(self, self.mark)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return _marked_width(self, self.mark)


class OnOffSwitch(Switch):
    """A Switch drawn ``[x] on`` and ``[ ] off`` rather than as a coloured slider."""

    def render(self) -> Content:
        style = self.get_visual_style("switch--slider")
        if self.value:
            return Content.assemble((TICKED, style), " on ")
        return Content.assemble((UNTICKED, style), " off")

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(TICKED) + 4


class TickList(SelectionList[str]):
    """A SelectionList whose items are drawn ``[x]`` when ticked and ``[ ]`` when not."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 3:
            return line
        # The first three segments are Textual's button: "▐", "X" and "▌".
        mark = TICKED if selection.value in self.selected else UNTICKED
        style = segments[1].style
        return Strip([Segment(mark, style), *segments[3:]], line.cell_length)
