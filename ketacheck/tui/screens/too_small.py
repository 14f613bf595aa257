"""Shown over a screen while the window is too small for it; nothing under it is lost.

Home, the crisis screen and the dialogs that mark an alert as dealt with fit any window
from 40 x 12 up (they shed their decoration first, then the countdowns' detail), because
the crisis line must never be the part that is hidden. Every other screen asks for a
larger window below 60 x 20, and while an urgent alert is open the request itself shows
the crisis line and the care team's number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import ModalScreen, Screen, SystemModalScreen
from textual.widgets import Static

from ketacheck.core.alerts import URGENT
from ketacheck.core.crisis import crisis_text
from ketacheck.tui.text import escape
from ketacheck.usecases.status import StatusReport

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

#: The smallest window every screen works in (the 0-10 scale of a check-in, say).
MIN_COLUMNS = 60
MIN_LINES = 20

#: Screen classes for a window narrower, or shorter, than every screen works in: the
#: screens that fit any window style their small form with them (``Screen.-narrow``).
NARROW_BREAKPOINTS = [(0, "-narrow"), (MIN_COLUMNS, "-wide-enough")]
SHORT_BREAKPOINTS = [(0, "-short"), (MIN_LINES, "-tall-enough")]


def too_small(columns: int, lines: int) -> bool:
    """Whether a window of this size is too small for the screens that need 60 x 20."""
    return columns < MIN_COLUMNS or lines < MIN_LINES


def window_classes(columns: int, lines: int) -> dict[str, bool]:
    """The classes Textual gives a :class:`FitsAnyWindow` screen in a window of this size
    (of each list, the one whose threshold the window reaches last)."""
    classes: dict[str, bool] = {}
    for size, breakpoints in ((columns, NARROW_BREAKPOINTS), (lines, SHORT_BREAKPOINTS)):
        reached = max((b for b in breakpoints if size >= b[0]), default=None)
        classes |= {name: (threshold, name) == reached for threshold, name in breakpoints}
    return classes


class FitsAnyWindow:
    """Mixed into a screen that works in any window from 40 x 12 up: the app never covers
    it with the request for a larger window."""

    FITS_ANY_WINDOW: ClassVar[bool] = True
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = NARROW_BREAKPOINTS
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = SHORT_BREAKPOINTS


def fits_any_window(screen: Screen[Any]) -> bool:
    """Whether ``screen`` works in any window (see :class:`FitsAnyWindow`); Textual's own
    command palette does too."""
    return isinstance(screen, FitsAnyWindow | SystemModalScreen)


def urgent_numbers(report: StatusReport | None) -> str:
    """The crisis line and the care team's number while an urgent alert is open (markup),
    else nothing."""
    if report is None or not any(alert.level == URGENT for alert in report.alerts):
        return ""
    settings = report.settings
    return (
        f"[b]Crisis line:[/b] {escape(crisis_text(settings))}\n"
        f"[b]Care team:[/b] {escape(settings.care_team_contact())}"
    )


class TooSmallScreen(ModalScreen[None]):
    """A calm note to make the window larger; it closes itself when the window grows.

    While an urgent alert is open it shows the crisis line and the care team first. When
    only screens that show what is kept (Help, History...) are under it, Escape goes back
    to Home, which fits any window.
    """

    app: KetacheckApp

    BINDINGS = [Binding("escape", "home", "Home", id="too-small-home")]

    def __init__(self, views_above_home: int = 0) -> None:
        """``views_above_home``: how many screens that only show what is kept lie between
        Home and this note, with nothing else (0: something else is there, or nothing)."""
        super().__init__()
        self.views_above_home = views_above_home

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-numbers")
        home = "\n\nPress Escape for Home." if self.views_above_home else ""
        with Middle(), Center():
            yield Static(
                "Please make this window a little larger\n"
                f"(at least {MIN_COLUMNS} x {MIN_LINES}).\n\n"
                f"Everything is kept just as you left it.{home}",
                id="too-small",
            )

    def on_mount(self) -> None:
        self.watch(self.app, "report", self._show_numbers)

    def _show_numbers(self, report: StatusReport | None) -> None:
        numbers = self.query_one("#too-small-numbers", Static)
        text = urgent_numbers(report)
        numbers.display = bool(text)
        numbers.update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.views_above_home) if action == "home" else True

    def action_home(self) -> None:
        """Back to Home, past the screens that only show what is kept."""
        for _ in range(self.views_above_home + 1):
            self.app.pop_screen()
