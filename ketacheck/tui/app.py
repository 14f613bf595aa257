"""The ketacheck app: a clock, the journal, and the screens that show them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.events import Resize
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen
from textual.worker import WorkerFailed, get_current_worker

from ketacheck.core.clock import Clock, utc_now
from ketacheck.store.errors import StoreError
from ketacheck.store.fileio import Identity
from ketacheck.store.journal import Journal
from ketacheck.store.overview import Overview
from ketacheck.store.overview_reader import read_overview
from ketacheck.tui.actions import APP_ACTIONS, bindings
from ketacheck.tui.screens.registry import VIEWS, is_view, screen_class
from ketacheck.tui.text import escape
from ketacheck.tui.themes import register_themes
from ketacheck.usecases.status import StatusReport, status_report

if TYPE_CHECKING:
    from ketacheck.tui.notices import Notices

T = TypeVar("T")
#: How long a reminder's notice stays (the next one, if any, follows it).
NOTICE_SECONDS = 10


class KetacheckApp(App[None]):
    """The full-screen companion. Time comes only from ``clock``."""

    CSS_PATH = "ketacheck.tcss"
    TITLE = "ketacheck"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        *bindings("Anywhere"),
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False),
    ]

    overview: var[Overview | None] = var(None, init=False, always_update=True)
    """What the journal holds now (settings, infusions, recent check-ins)."""

    report: var[StatusReport | None] = var(None, init=False)
    """The status at the last tick of the clock: countdowns, alerts, course."""

    def __init__(
        self,
        journal: Journal,
        overview: Overview,
        seen: Identity | None,
        *,
        clock: Clock = utc_now,
        tz: tzinfo | None = None,
        demo: bool = False,
        tick_seconds: float = 1.0,
        poll_seconds: float = 2.0,
    ) -> None:
        super().__init__()
        self.journal = journal
        self.clock = clock
        self.tz = tz
        self.demo = demo
        self.tick_seconds = tick_seconds
        self.poll_seconds = poll_seconds
        # The journal file's identity taken before ``overview`` was read: a save from
        # elsewhere since then shows on the first look at the disk (on mount).
        self._seen_identity = seen
        self.opened_at = clock()
        """When the app opened: only what falls due after it is announced."""
        # Home is made from these (before the app's own mount), so it is drawn once.
        self.set_reactive(KetacheckApp.overview, overview)
        self.set_reactive(KetacheckApp.report, status_report(overview, self.opened_at))
        # The patient's theme, before anything is styled: set once Home was up, it had
        # Textual parse the stylesheet again and restyle all of Home (14 ms).
        register_themes(self)
        saved_theme = overview.settings.theme
        self.theme = saved_theme if saved_theme in self.available_themes else "textual-dark"
        self.notices: Notices | None = None
        """What has been announced since (made at the first tick after the first frame)."""
        if demo:
            self.sub_title = "demo: sample data, nothing is kept"

    @property
    def data_dir(self) -> Path:
        """The folder holding the journal."""
        return self.journal.data_dir

    def today(self) -> date:
        """The patient's local date."""
        return self.clock().astimezone(self.tz).date()

    def get_default_screen(self) -> Screen[Any]:
        """Home is the bottom of the screen stack: Escape always leads back to it."""
        from ketacheck.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        # Changed since the app was made (by a test, say, or a save from another window)?
        self.check_disk()
        overview = self.overview
        assert overview is not None  # set in __init__, never unset
        if not overview.settings.onboarded and not overview.infusions:
            from ketacheck.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        self.fit_window(self.size)
        # A screen opened, or closed, in a small window may need the note, or not any more.
        self.screen_change_signal.subscribe(self, lambda _: self.call_later(self.fit_window))
        self.set_interval(self.tick_seconds, self.tick)
        self.set_interval(self.poll_seconds, self.check_disk)

    def on_resize(self, event: Resize) -> None:
        self.fit_window(event.size)

    def fit_window(self, size: Size | None = None) -> None:
        """Ask for a larger window while it is too small for the screen in front, and step
        aside once it isn't (or once a screen that fits any window is in front); the
        screens underneath (a check-in half done, say) stay as they were."""
        from ketacheck.tui.screens.too_small import TooSmallScreen, fits_any_window, too_small

        stack = self.screen_stack
        if not stack:
            return
        showing = isinstance(self.screen, TooSmallScreen)
        shown = stack[-2] if showing and len(stack) > 1 else self.screen
        needed = too_small(*(size or self.size)) and not fits_any_window(shown)
        if needed and not showing:
            above_home = stack[1:]
            views = all(is_view(screen) for screen in above_home)
            self.push_screen(TooSmallScreen(len(above_home) if views else 0))
        elif showing and not needed:
            self.pop_screen()

    def tick(self) -> None:
        """Move the countdowns on, and announce what has just fallen due."""
        if self.overview is None:
            return
        now = self.clock()
        self.report = status_report(self.overview, now)
        self.announce(now)

    def announce(self, now: datetime) -> None:
        """Say what has fallen due since the last tick: in the app, and to the terminal."""
        if self.overview is None:
            return
        if self.notices is None:
            from ketacheck.tui.notices import Notices  # after the first frame

            self.notices = Notices(self.opened_at)
        said = self.notices.due(self.overview, now, self.tz)
        settings = self.overview.settings
        if said and settings.notify_app:
            # A notice replaces the one before: several take turns, one line each.
            for turn, notice in enumerate(said):
                show = partial(self.notify, escape(notice.text), timeout=NOTICE_SECONDS)
                if turn:
                    self.set_timer(turn * NOTICE_SECONDS, show)
                else:
                    show()
        if said and settings.notify_terminal:
            from ketacheck.tui.notices import terminal_sequence

            self.write_to_terminal(terminal_sequence(" · ".join(n.short for n in said), os.environ))

    def write_to_terminal(self, sequence: str) -> None:
        """Send an escape sequence (a notification, or the bell) straight to the terminal."""
        if not self.is_headless and self._driver is not None:
            self._driver.write(sequence)  # as App.bell does

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notice on one line over the key bar, where it covers no control.

        The title leads the line ("Not saved: ..."), and a new notice replaces the one
        before, so notices never stack up over the screen.
        """
        if title:
            message = f"[b]{escape(title)}:[/b] {message if markup else escape(message)}"
            markup = True
        self.call_later(self.clear_notifications)  # queued just ahead of this notice
        super().notify(message, severity=severity, timeout=timeout, markup=markup)

    def check_disk(self) -> None:
        """Pick up changes another ketacheck (say, the CLI) saved to the journal."""
        identity = self.journal.identity()
        if identity != self._seen_identity:
            self._seen_identity = identity
            self.refresh_overview()

    def refresh_overview(self) -> None:
        """Re-read the overview from disk and update every screen."""
        try:
            self.overview = read_overview(self.data_dir, self.today(), self.clock())
        except StoreError as exc:
            self.notify(str(exc), title="Can't read the journal", severity="error", timeout=10)
            return
        self._seen_identity = self.journal.identity()
        self.tick()

    async def persist(self, change: Callable[[], T]) -> T:
        """Run a journal change off the interface thread, refresh, and return its result.

        Await it from a ``@work`` action so the flow reads top to bottom. A failed save
        (disk full, say) is shown to the patient as "Not saved" and the ``StoreError`` is
        raised again for the caller to stop on; nothing is lost because the change either
        lands whole or not at all. The refresh and the notice happen even if the caller
        has gone (its screen closed) by the time the change lands.
        """
        try:
            return await self._persist_in_thread(change).wait()
        except WorkerFailed as failed:
            raise failed.error from None

    @work(thread=True, group="save", exclusive=False, exit_on_error=False)
    def _persist_in_thread(self, change: Callable[[], T]) -> T:
        worker = get_current_worker()
        try:
            result = change()
        except StoreError as exc:
            if not worker.is_cancelled:
                self.call_from_thread(self._not_saved, exc)
            raise
        if not worker.is_cancelled:
            self.call_from_thread(self.refresh_overview)
        return result

    def _not_saved(self, exc: StoreError) -> None:
        self.notify(str(exc), title="Not saved", severity="error", timeout=10)

    def action_open(self, name: str) -> None:
        """Open a screen by name over where the patient is, so that going back (Escape)
        returns there, answers in place: Help in the middle of a check-in, say.

        If that screen is open further back with only views above it (History under
        Trends), the app goes back to it rather than opening a second one. A check-in (or
        anything else that holds answers) open further back under something that holds
        answers too is never opened twice: the patient is told where it is.
        """
        screen_type = screen_class(name)
        if isinstance(self.screen, screen_type):
            return
        stack = self.screen_stack
        below = [n for n, screen in enumerate(stack) if isinstance(screen, screen_type)]
        if below and all(is_view(screen) for screen in stack[below[-1] + 1 :]):
            for _ in stack[below[-1] + 1 :]:
                self.pop_screen()
        elif below and name not in VIEWS:
            title = next((a.title for a in APP_ACTIONS if a.id == name), name)
            self.notify(
                f"{escape(title)} is already open, further back: press Escape to go back "
                "to it. Nothing you have typed is lost.",
                timeout=6,
            )
        else:
            self.push_screen(screen_type())

    def action_report(self) -> None:
        """Ask where to save the clinician summary, then save it there."""
        from ketacheck.tui.screens.report import ReportScreen

        if not isinstance(self.screen, ReportScreen):
            self.push_screen(ReportScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        seen: set[str] = set()
        for command in super().get_system_commands(screen):
            seen.add(command.title)
            yield command
        for action in APP_ACTIONS:
            if action.palette:
                seen.add(action.title)
                yield SystemCommand(
                    action.title, action.help, partial(self.run_action, action.runs)
                )
        # Whatever the screen below offers by key is offered by name too.
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not active.enabled or binding.description in seen:
                continue
            seen.add(binding.description)
            yield SystemCommand(
                binding.description,
                f"On this screen (key: {self.get_key_display(binding)})",
                partial(self.run_action, binding.action, active.node),
            )
