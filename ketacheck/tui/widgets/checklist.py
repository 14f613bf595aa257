"""Before the next infusion: the checklist on Home, each item ticked with a key or a click.

Ticked and unticked items differ in their characters ("[x]" and "[ ]"), not only in
colour, so the list reads the same with NO_COLOR or on a monochrome screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from ketacheck.core.checklist import (
    ChecklistItem,
    before_infusion_checklist,
    ticks_for,
    with_ticks,
)
from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import format_when
from ketacheck.store.errors import StoreError
from ketacheck.tui.text import escape
from ketacheck.usecases.status import StatusReport

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

TICKED = "[x]"
UNTICKED = "[ ]"


class ChecklistTick(Widget, can_focus=True):
    """One checklist item: Space, Enter or a click ticks and unticks it."""

    BINDINGS = [Binding("space,enter", "tick", "Tick", id="checklist-tick")]

    ticked: reactive[bool] = reactive(False)
    """Whether the patient has ticked this item off."""

    class Changed(Message):
        """The patient ticked or unticked an item.

        A plain class, not a dataclass: this module loads with Home, and a dataclass
        costs its first frame about 0.3 ms to make.
        """

        def __init__(self, tick: ChecklistTick, ticked: bool) -> None:
            self.tick = tick
            self.ticked = ticked
            super().__init__()

    def __init__(self, item: ChecklistItem, ticked: bool) -> None:
        classes = "checklist-item -ticked" if ticked else "checklist-item"
        super().__init__(id=f"checklist-{item.id}", classes=classes)
        self.item_id = item.id
        self.text = item.text
        self.tooltip = item.source
        self.set_reactive(ChecklistTick.ticked, ticked)

    @property
    def line(self) -> str:
        """The item as plain text, box first: ``[x] Arrange a ride ...``."""
        return f"{TICKED if self.ticked else UNTICKED} {self.text}"

    def render(self) -> Table:
        # A grid so that wrapped lines of the text stay clear of the box.
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=len(TICKED), no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(TICKED if self.ticked else UNTICKED, style="bold"), Text(self.text))
        return grid

    def watch_ticked(self, ticked: bool) -> None:
        self.set_class(ticked, "-ticked")

    def action_tick(self) -> None:
        """Tick the item, or untick it."""
        self.ticked = not self.ticked
        self.post_message(self.Changed(self, self.ticked))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.focus()
        self.action_tick()


class BeforeInfusionChecklist(Vertical):
    """What to arrange and bring up in the 48 hours before the next infusion.

    Hidden at other times. Each tick is saved with the appointment through the app's
    usual save, so a new appointment starts with nothing ticked.
    """

    app: KetacheckApp

    items: reactive[tuple[ChecklistItem, ...]] = reactive((), recompose=True)
    """The items shown now (empty outside the 48 hours)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = ""
        self._key: str | None = None
        self._ticked: set[str] = set()
        self._saves_pending = 0

    def compose(self) -> ComposeResult:
        yield Static(self._title, id="checklist-title")
        for item in self.items:
            yield ChecklistTick(item, item.id in self._ticked)

    def show(self, report: StatusReport) -> None:
        """Follow the clock and the saved settings; redraws only what changed."""
        settings = report.settings
        items = tuple(before_infusion_checklist(settings, report.now, self.app.tz))
        self.display = bool(items)
        key = settings.checklist_key
        if key != self._key or self._saves_pending == 0:
            # While a tick is being saved, what is on screen is newer than the settings.
            self._key = key
            self._ticked = ticks_for(settings)
        if items and settings.next_appointment is not None:
            when = format_when(
                settings.next_appointment,
                self.app.tz,
                now=report.now,
                clock_24h=settings.clock_24h,
                sentence=True,
            )
            on = "" if when.partition(" ")[0] in ("today", "tomorrow") else "on "
            self._title = (
                f"[b]Before your infusion {on}{escape(when)}[/b] "
                "[dim](Tab to an item and press Space, or click it)[/dim]"
            )
        if not self.is_attached:
            # Not made yet: ``compose`` makes it with these items and ticks.
            self.set_reactive(BeforeInfusionChecklist.items, items)
            return
        if items != self.items:
            self.items = items
            return
        self.query_one("#checklist-title", Static).update(self._title)
        for tick in self.query(ChecklistTick).results(ChecklistTick):
            tick.ticked = tick.item_id in self._ticked

    @on(ChecklistTick.Changed)
    def _tick_changed(self, event: ChecklistTick.Changed) -> None:
        event.stop()
        if event.ticked:
            self._ticked.add(event.tick.item_id)
        else:
            self._ticked.discard(event.tick.item_id)
        self._saves_pending += 1
        self._save_ticks(self._key, set(self._ticked))

    @work(group="checklist")
    async def _save_ticks(self, key: str | None, ticked: set[str]) -> None:
        """Keep the ticks with the appointment ``key``; put them back as saved if that fails."""
        journal = self.app.journal

        def save() -> None:
            # Read afresh, so quick ticks in a row each build on the one before.
            settings = journal.settings()
            if settings.checklist_key == key:
                journal.save_settings(with_ticks(settings, ticked))

        try:
            await self.app.persist(save)
        except StoreError:
            overview = self.app.overview
            self._ticked = ticks_for(overview.settings if overview is not None else Settings())
            for tick in self.query(ChecklistTick).results(ChecklistTick):
                tick.ticked = tick.item_id in self._ticked
        finally:
            self._saves_pending -= 1
