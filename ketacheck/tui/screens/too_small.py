"""Shown over everything while the window is too small to use; nothing under it is lost."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

#: The smallest window every screen works in (the 0-10 scale of a check-in, Home).
MIN_COLUMNS = 60
MIN_LINES = 20


def too_small(columns: int, lines: int) -> bool:
    """Whether a window of this size is too small to use."""
    return columns < MIN_COLUMNS or lines < MIN_LINES


class TooSmallScreen(ModalScreen[None]):
    """A calm note to make the window larger; it closes itself when the window grows."""

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(
                "Please make this window a little larger\n"
                f"(at least {MIN_COLUMNS} x {MIN_LINES}).\n\n"
                "Everything is kept just as you left it.",
                id="too-small",
            )
