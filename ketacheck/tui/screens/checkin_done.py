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
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.alerts import AlertPanel
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


class CheckInDoneScreen(Screen[None]):
    """What a saved check-in means, in plain words."""

    app: KetacheckApp

    BINDINGS = [Binding("escape,enter", "app.pop_screen", "Home", id="done-home")]

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
        return (
            f"[b]Still open from before:[/b] {count}. {stays} on Home until you say you "
            f"have acted on {it}: press [b]Enter[/b] for Home, then [b]a[/b]."
        )

    def on_mount(self) -> None:
        settings = self.app.overview.settings if self.app.overview else None
        if settings is not None:
            self.query_one(AlertPanel).show(self.checkin.alerts, settings)
