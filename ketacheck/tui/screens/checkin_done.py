"""After saving a check-in: the alerts first, then the tips that match the answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ketacheck.core.alerts import TIP
from ketacheck.core.records import CheckIn
from ketacheck.tui.format import when
from ketacheck.tui.screens import SCREENS_CSS
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.alerts import AlertPanel
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


class CheckInDoneScreen(Screen[None]):
    """What a saved check-in means, in plain words."""

    CSS_PATH = SCREENS_CSS

    app: KetacheckApp

    # Back to where the check-in was begun: Home, or History after a change to an old one.
    # The key bar names which (one of the two is hidden at a time).
    BINDINGS = [
        Binding("escape,enter", "leave('home')", "Home", id="done-home"),
        Binding("escape,enter", "leave('back')", "Back", id="done-back"),
    ]

    def __init__(self, checkin: CheckIn) -> None:
        super().__init__()
        self.checkin = checkin

    def compose(self) -> ComposeResult:
        tips = [a for a in self.checkin.alerts if a.level == TIP]
        yield TitleBar()
        with VerticalScroll(id="done"):
            saved_at = when(self.app, self.checkin.at, sentence=True)
            yield Static(
                f"[b]Saved.[/b] Your check-in of {saved_at} is in your journal.",
                id="done-saved",
            )
            yield AlertPanel(id="alerts")
            still_open = self._open_elsewhere()
            if still_open:
                yield Static(still_open, id="done-still-open")
            if tips:
                yield Static("[b]Things that may help[/b]", classes="section-title")
                yield Static("\n".join(f"• {escape(t.message)}" for t in tips), id="done-tips")
            elif not self.checkin.alerts and not still_open:
                yield Static(
                    "Nothing needs your attention. Keep resting, sipping water, and being "
                    "kind to yourself.",
                    id="done-tips",
                )
        yield KeyBar()

    def _open_elsewhere(self) -> str:
        """A line about the open alerts this check-in did not raise; empty if none.

        "Nothing needs your attention" would be untrue while any alert is open.
        """
        report = self.app.report
        raised = {a.code for a in self.checkin.alerts}
        others = [a for a in report.alerts if a.code not in raised] if report else []
        if not others:
            return ""
        if len(others) == 1:
            count, it, stays = "1 alert", "it", "It stays"
        else:
            count, it, stays = f"{len(others)} alerts", "them", "They stay"
        how = (
            "press [b]Enter[/b] for Home, then [b]a[/b]"
            if self.back_to_home()
            else "press [b]a[/b] on Home"
        )
        return (
            f"[b]Still open from before:[/b] {count}. {stays} on Home until you say you "
            f"have acted on {it}: {how}."
        )

    def back_to_home(self) -> bool:
        """Whether leaving this screen goes back to Home (not to History, say)."""
        from ketacheck.tui.screens.home import HomeScreen

        stack = self.app.screen_stack
        place = stack.index(self) if self in stack else len(stack)
        return place > 0 and isinstance(stack[place - 1], HomeScreen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            return (parameters[0] == "home") == self.back_to_home()
        return True

    def action_leave(self, where: str) -> None:
        """Back to where the check-in was begun (``where`` is what the key bar says)."""
        self.app.pop_screen()

    def on_mount(self) -> None:
        settings = self.app.overview.settings if self.app.overview else None
        if settings is not None:
            self.query_one(AlertPanel).show(self.checkin.alerts, settings)
