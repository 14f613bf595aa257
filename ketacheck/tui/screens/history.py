"""History: every check-in, newest first, to read in full, change or delete.

The full list is read in a thread so the screen appears at once even with years of
check-ins; the table fills in a moment later.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from ketacheck.core.alerts import most_serious
from ketacheck.core.clock import format_duration, hours_between
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.timeparse import to_local
from ketacheck.store.errors import StoreError
from ketacheck.store.overview import Overview
from ketacheck.tui.format import full_time, when
from ketacheck.tui.screens import SCREENS_CSS
from ketacheck.tui.screens.checkin_detail import ALERT_MARKS, CheckInDetail
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

#: Rows added to the table per step; each step takes a few tens of milliseconds.
ROWS_PER_STEP = 400


def since_infusion(checkin: CheckIn, infusions: dict[str, tuple[int, Infusion]]) -> str:
    """How long after its infusion ended a check-in was made, in a few characters."""
    linked = infusions.get(checkin.infusion_id or "")
    if linked is None:
        return "before 1st"
    hours = hours_between(linked[1].ended_at, checkin.at)
    if hours < 0:
        return "during"
    if hours < 10:
        return f"{hours:.1f} h"
    if hours < 72:
        return f"{hours:.0f} h"
    return format_duration(timedelta(hours=hours))


def place_in_its_minute(
    checkin: CheckIn, checkins: list[CheckIn], tz: tzinfo | None
) -> tuple[int, int]:
    """Which of the check-ins shown at its time this one is (1 for the earliest), of how many.

    Check-ins of one minute show the same time, and so do two an hour apart in the hour
    the clocks repeat; its place is what tells them apart.
    """

    def shown(moment: datetime) -> datetime:
        return to_local(moment, tz).replace(tzinfo=None, second=0, microsecond=0)

    minute = shown(checkin.at)
    peers = [c for c in checkins if c.id != checkin.id and shown(c.at) == minute]
    place = 1 + sum(1 for c in peers if (c.at, c.id) < (checkin.at, checkin.id))
    return place, len(peers) + 1


def delete_question(
    checkin: CheckIn, checkins: list[CheckIn], tz: tzinfo | None, full_time_text: str
) -> str:
    """ "Delete your check-in of Wed 25 Nov 2026 at 21:08?" with its scores, and its place
    among the check-ins shown at that time when there are others."""
    place, count = place_in_its_minute(checkin, checkins, tz)
    which = f" (the {_ordinal(place)} of {_count(count)} at that time)" if count > 1 else ""
    return (
        f"Delete your check-in of {full_time_text}{which}?\n"
        f"Dizziness {checkin.dizziness}, nausea {checkin.nausea}, mood {checkin.mood}."
    )


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_COUNTS = ("one", "two", "three", "four", "five", "six", "seven", "eight")


def _ordinal(place: int) -> str:
    return _ORDINALS[place - 1] if place <= len(_ORDINALS) else f"number {place}"


def _count(count: int) -> str:
    return _COUNTS[count - 1] if count <= len(_COUNTS) else str(count)


def alert_mark(checkin: CheckIn) -> Text:
    """The most serious alert a check-in raised (and how many more), coloured."""
    level = most_serious(checkin.alerts)
    if level is None:
        return Text("")
    label, style = ALERT_MARKS.get(level, (level, ""))
    more = len(checkin.alerts) - 1
    return Text(f"{label} +{more}" if more else label, style=style)


def numbered_infusions(
    infusions: list[Infusion], earlier: int = 0
) -> dict[str, tuple[int, Infusion]]:
    """Each infusion by id, with its place in the course (1 for the first); ``earlier``
    infusions came before the first of ``infusions``."""
    return {infusion.id: (n, infusion) for n, infusion in enumerate(infusions, start=earlier + 1)}


class CheckInTable(DataTable[Text]):
    """The check-in table; Home and End jump to the newest and the oldest check-in."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Details", key_display="⏎"),
        Binding("home", "scroll_top", "Newest", show=False),
        Binding("end", "scroll_bottom", "Oldest", show=False),
    ]


class HistoryScreen(Screen[None]):
    """Every check-in, newest first."""

    CSS_PATH = SCREENS_CSS

    app: KetacheckApp

    BINDINGS = [
        Binding("e", "edit", "Edit", id="history-edit"),
        Binding("d", "delete", "Delete", id="history-delete"),
        Binding("t", "trends", "Trends", id="history-trends"),
        Binding("u", "undo", "Undo delete", id="history-undo"),
        Binding("escape", "app.pop_screen", "Back", id="history-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.checkins: list[CheckIn] = []
        """The check-ins in the table, newest first."""
        self.complete = False
        """Whether the table holds every check-in (not just the newest, while reading)."""
        self.deleted: CheckIn | None = None
        """The check-in deleted last, which ``u`` puts back."""
        self._infusions: dict[str, tuple[int, Infusion]] = {}
        self._rows: list[list[Text]] = []
        self._generation = 0
        self._cursor_target: int | None = None
        self._reload_on_resume = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="history"):
            yield Static("Reading your check-ins…", id="history-summary")
            # Said here, not in a notice: a notice would still show on Home, where u does
            # nothing.
            yield Static(id="history-undo", classes="undo-line")
            yield CheckInTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(CheckInTable)
        for label, key in (
            ("When", "when"),
            ("After", "after"),
            ("Dizzy", "dizziness"),
            ("Nausea", "nausea"),
            ("Fluids", "fluids"),
            ("Mood", "mood"),
            ("Alerts", "alerts"),
        ):
            table.add_column(label, key=key)
        table.focus()
        self.watch(self.app, "overview", self._overview_changed)

    def _overview_changed(self, overview: Overview | None) -> None:
        if overview is None:
            return
        if not self.complete and overview.recent_checkins:
            # The newest check-ins are already in memory: show them while the rest is read.
            recent = list(reversed(overview.recent_checkins))
            numbered = numbered_infusions(overview.infusions, overview.earlier_infusions)
            rows = [self._row(checkin, numbered) for checkin in recent]
            self._show(recent, numbered, rows, total=overview.checkin_count)
        self.load()

    def on_screen_resume(self) -> None:
        if self._reload_on_resume:
            self._reload_on_resume = False
            self.load()

    @work(thread=True, exclusive=True, group="history-load")
    def load(self) -> None:
        """Read every check-in off the interface thread, then fill the table."""
        worker = get_current_worker()
        try:
            infusions = self.app.journal.infusions()
            checkins = self.app.journal.checkins()
        except StoreError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_problem, str(exc))
            return
        checkins.reverse()
        numbered = numbered_infusions(infusions)
        rows = [self._row(checkin, numbered) for checkin in checkins]
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, checkins, numbered, rows)

    def _row(self, checkin: CheckIn, infusions: dict[str, tuple[int, Infusion]]) -> list[Text]:
        # Text cells, not strings: the table would parse every string as markup.
        nausea = f"{checkin.nausea}, sick" if checkin.vomited else str(checkin.nausea)
        return [
            Text(when(self.app, checkin.at)),
            Text(since_infusion(checkin, infusions)),
            Text(str(checkin.dizziness)),
            Text(nausea),
            Text(str(checkin.fluids_glasses)),
            Text(str(checkin.mood)),
            alert_mark(checkin),
        ]

    def _show_problem(self, problem: str) -> None:
        self.query_one("#history-summary", Static).update(
            f"[b]Couldn't read your check-ins.[/b] {escape(problem)}"
        )

    def _show(
        self,
        checkins: list[CheckIn],
        infusions: dict[str, tuple[int, Infusion]],
        rows: list[list[Text]],
        total: int | None = None,
    ) -> None:
        """Fill the table; ``total`` is given while only the newest are shown."""
        table = self.query_one(CheckInTable)
        keep, keep_row = self.selected(), table.cursor_row
        self.complete = total is None or total <= len(checkins)
        self.checkins = checkins
        self._infusions = infusions
        self._rows = rows
        self._generation += 1
        self._cursor_target = None
        table.clear()
        if keep is not None and checkins:
            ids = [c.id for c in checkins]
            self._cursor_target = (
                ids.index(keep.id) if keep.id in ids else min(keep_row, len(ids) - 1)
            )
        self._add_rows(self._generation, 0)
        count = len(checkins)
        summary = self.query_one("#history-summary", Static)
        if count == 0:
            summary.update(
                "No check-ins yet. Press [b]Escape[/b], then [b]c[/b] for a short one: "
                "they will be listed here."
            )
        elif not self.complete:
            summary.update(f"The newest {count} of {total} check-ins · reading the rest…")
        else:
            noun = "check-in" if count == 1 else "check-ins"
            summary.update(
                f"[b]{count} {noun}[/b], newest first · After: time since that infusion ended"
            )
        table.display = count > 0
        self.refresh_bindings()

    def _add_rows(self, generation: int, start: int) -> None:
        """Add the next rows, a few hundred at a time so the screen never stalls."""
        if generation != self._generation:
            return
        table = self.query_one(CheckInTable)
        end = min(start + ROWS_PER_STEP, len(self.checkins))
        for checkin, cells in zip(self.checkins[start:end], self._rows[start:end], strict=True):
            table.add_row(*cells, key=checkin.id)
        if self._cursor_target is not None and self._cursor_target < end:
            table.move_cursor(row=self._cursor_target, animate=False)
            self._cursor_target = None
        if end < len(self.checkins):
            self.set_timer(0.01, partial(self._add_rows, generation, end))

    def selected(self) -> CheckIn | None:
        """The check-in under the table cursor, if any."""
        table = self.query_one(CheckInTable)
        if not self.checkins or table.row_count == 0:
            return None
        row = table.cursor_row
        return self.checkins[row] if 0 <= row < len(self.checkins) else None

    def after_infusion(self, checkin: CheckIn) -> str:
        """``5.0 h after infusion 4`` (or ``before your first infusion``)."""
        linked = self._infusions.get(checkin.infusion_id or "")
        if linked is None:
            return "before your first infusion"
        since = since_infusion(checkin, self._infusions)
        if since == "during":
            return f"during infusion {linked[0]}"
        return f"{since} after infusion {linked[0]}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("detail", "edit", "delete") and not self.checkins:
            return None
        if action == "undo":
            return self.deleted is not None
        return True

    @on(DataTable.RowSelected, "#history-table")
    @work(group="history-record")
    async def action_detail(self) -> None:
        """Show the selected check-in in full, then edit or delete it if the patient asks."""
        checkin = self.selected()
        if checkin is None:
            return
        detail = CheckInDetail(checkin, self.after_infusion(checkin))
        choice = await self.app.push_screen_wait(detail)
        if choice == "edit":
            self._edit(checkin)
        elif choice == "delete":
            await self._delete(checkin)

    def action_edit(self) -> None:
        """Change the selected check-in in the check-in screen."""
        checkin = self.selected()
        if checkin is not None:
            self._edit(checkin)

    @work(group="history-record")
    async def action_delete(self) -> None:
        """Ask, then delete the selected check-in."""
        checkin = self.selected()
        if checkin is not None:
            await self._delete(checkin)

    def _edit(self, checkin: CheckIn) -> None:
        from ketacheck.tui.screens.checkin import CheckInScreen

        # An edit of an old check-in may leave the overview unchanged, so reload on return.
        self._reload_on_resume = True
        self.app.push_screen(CheckInScreen(editing=checkin))

    async def _delete(self, checkin: CheckIn) -> None:
        from ketacheck.tui.screens.confirm import ConfirmScreen

        question = delete_question(
            checkin, self.checkins, self.app.tz, full_time(self.app, checkin.at)
        )
        if not await self.app.push_screen_wait(ConfirmScreen(question, yes="Delete")):
            return
        journal = self.app.journal
        try:
            await self.app.persist(lambda: journal.delete_checkin(checkin.id, self.app.clock()))
        except StoreError:
            return
        self._offer_undo(checkin)
        self.notify("Check-in deleted.", timeout=6)

    def _offer_undo(self, checkin: CheckIn | None) -> None:
        """Keep ``checkin`` to put back with ``u``, and say so on this screen (None: no
        more)."""
        self.deleted = checkin
        line = self.query_one("#history-undo", Static)
        line.display = checkin is not None
        if checkin is not None:
            line.update(
                f"Deleted your check-in of {escape(full_time(self.app, checkin.at))}. "
                "Press [b]u[/b] to put it back."
            )
        self.refresh_bindings()

    @work(group="history-record")
    async def action_undo(self) -> None:
        """Put back the check-in deleted last."""
        checkin = self.deleted
        if checkin is None:
            return
        self._offer_undo(None)
        journal = self.app.journal
        try:
            await self.app.persist(lambda: journal.add_checkin(checkin))
        except StoreError:
            return
        self.notify("Check-in put back.", timeout=4)

    def action_trends(self) -> None:
        """Open the trends chart (Escape comes back here)."""
        from ketacheck.tui.screens.trends import TrendsScreen

        self.app.push_screen(TrendsScreen())
