"""Home: time since the infusion, live countdowns, alerts, today's check-in, next visit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ketacheck.core.clock import format_duration
from ketacheck.core.course import course_label
from ketacheck.core.questionnaires import QUESTIONNAIRES, due
from ketacheck.core.restrictions import DEFAULT_RESTRICTIONS
from ketacheck.core.timeparse import local_date
from ketacheck.store.errors import StoreError
from ketacheck.tui.actions import bindings
from ketacheck.tui.classes import set_class
from ketacheck.tui.format import clock_time, when
from ketacheck.tui.screens.too_small import FitsAnyWindow, too_small, window_classes
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.alerts import AlertPanel
from ketacheck.tui.widgets.countdown import RestrictionTable
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar
from ketacheck.usecases.status import StatusReport

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp
    from ketacheck.tui.widgets.checklist import BeforeInfusionChecklist


class MoreBelow(Static):
    """A line under Home's content while some of it is out of view; a click scrolls on."""

    #: What it says, longest first: a narrow window takes the first that fits.
    WORDINGS = (
        "↓ More below: press ↓ or Page Down, or scroll",
        "↓ More below: press ↓ or Page Down",
    )

    def on_resize(self) -> None:
        room = self.content_region.width
        self.update(next((w for w in self.WORDINGS if len(w) <= room), self.WORDINGS[-1]))

    def on_click(self) -> None:
        self.screen.query_one(HomeScroll).scroll_page_down()


class HomeScroll(VerticalScroll):
    """Home's content; it shows :class:`MoreBelow` while any of it is below the window."""

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._show_more_below, init=False)
        self.watch(self, "virtual_size", self._show_more_below)

    def on_resize(self) -> None:
        self._show_more_below()

    def _show_more_below(self, *_: object) -> None:
        below = self.max_scroll_y > 0 and round(self.scroll_y) < self.max_scroll_y
        more = self.screen.query_one(MoreBelow)
        # Setting it, even to what it is, lays Home out again (and so calls this again).
        if more.display != below:
            more.display = below


class HomeScreen(FitsAnyWindow, Screen[None]):
    """The screen a patient lands on: what they may and may not do yet, and for how long."""

    app: KetacheckApp

    BINDINGS = bindings("Home")

    # Focusing the scroll restyles everything inside it (``:focus-within``): that waits
    # until the first frame is on the screen (see ``on_mount``). Empty, not None: None
    # would fall back to the app's AUTO_FOCUS and focus it at once.
    AUTO_FOCUS = ""

    #: Whether Home was last drawn for a window below 60 x 20 (None: not drawn yet).
    _cramped: bool | None = None
    #: Whether Home has been on the screen yet (Textual sends ScreenResume each time).
    _resumed = False

    def compose(self) -> ComposeResult:
        # Home is drawn from the latest report before any of it is styled: its classes
        # (the window's size, which rows have lifted, whether an alert is open) are in
        # place when Textual first styles it, so the first frame styles and lays Home
        # out once rather than again for each row that changes.
        self.update_classes(window_classes(*self.app.size))
        self.alert_panel = AlertPanel(id="alerts")
        self.course = Static(id="course")
        self.restrictions = RestrictionTable(DEFAULT_RESTRICTIONS, id="restrictions")
        self.today_line = Static(id="today")
        self.questionnaire_due = Static(id="questionnaire-due")
        self.appointment = Static(id="appointment")
        # Made (and its code loaded) only once there is something to tick: most of the
        # time there is not, and it cost the first frame about 1.5 ms to make hidden.
        self.checklist: BeforeInfusionChecklist | None = None
        self.scroll = HomeScroll(id="home")
        self.show_report(self.app.report)
        yield TitleBar()
        with self.scroll:
            yield self.alert_panel
            yield self.course
            yield self.restrictions
            yield self.today_line
            yield self.questionnaire_due
            yield self.appointment
            if self.checklist is not None:
                yield self.checklist
        yield MoreBelow(MoreBelow.WORDINGS[0], id="home-more")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "report", self.show_report, init=False)
        if self._shown is not self.app.report:  # the clock ticked while Home was made
            self.show_report(self.app.report)
        self.call_after_refresh(self._focus_content)
        self.watch(
            self.app,
            "overview",
            lambda _: self._show_questionnaire_due(self.app.report),
            init=False,
        )

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual styles every widget of a screen as it mounts, and then again, all of
        # them, as the screen is first shown (for what may have changed while it was
        # away). The first time, nothing has: the second pass cost the first frame about
        # 2 ms. Runs before Textual's own handler, which reads the flag.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_resize(self) -> None:
        # A small window lists fewer alerts, so the numbers to call always fit: redraw
        # when the window crosses that size. Not on every resize: Home gets one after
        # each layout while it starts, and redrawing lays it out again.
        if too_small(*self.app.size) != self._cramped:
            self.show_report(self.app.report)

    def _focus_content(self) -> None:
        """Let the arrow keys scroll Home, unless the patient has already moved focus."""
        if self.focused is None:
            self.scroll.focus()

    #: The report Home shows now.
    _shown: StatusReport | None = None

    def show_report(self, report: StatusReport | None) -> None:
        """Redraw from the latest tick of the clock (also while Home is being made)."""
        if report is None:
            return
        self._shown = report
        cramped = self._cramped = too_small(*self.app.size)
        self.alert_panel.show(report.alerts, report.settings, compact=True, cramped=cramped)
        # With an alert open, Home closes up so every countdown and today's state fit.
        set_class(self.scroll, bool(report.alerts), "-alerts-open")
        if self.is_mounted:
            self.refresh_bindings()
        self._show_course(report)
        self._show_restrictions(report)
        self._show_today(report)
        self._show_questionnaire_due(report)
        self._show_appointment(report)
        self._show_checklist(report)

    def _show_checklist(self, report: StatusReport) -> None:
        """The checklist in the 48 hours before the next infusion (hidden after)."""
        if self.checklist is None:
            from ketacheck.core.checklist import before_infusion_checklist

            if not before_infusion_checklist(report.settings, report.now, self.app.tz):
                return
            from ketacheck.tui.widgets.checklist import BeforeInfusionChecklist

            self.checklist = BeforeInfusionChecklist(id="checklist")
            if self.scroll.is_attached:  # else Home's compose yields it
                self.scroll.mount(self.checklist)
        self.checklist.show(report)

    def _show_course(self, report: StatusReport) -> None:
        course = report.course
        latest = course.latest
        if latest is None:
            text = (
                "[b]No infusion logged yet.[/b] Press [b]i[/b] to log one, and your "
                "countdowns will appear here."
            )
        elif course.in_progress:
            text = f"[b]{course_label(course.number, course.planned)}[/b] is under way."
        else:
            ago = format_duration(report.now - latest.ended_at)
            text = (
                f"[b]{course_label(course.number, course.planned)}[/b] · ended {ago} ago "
                f"({self._when(latest.ended_at)})"
            )
            if course.integration_day is not None:
                text += f" · integration day {course.integration_day} of 10"
        self.course.update(text)

    def _show_restrictions(self, report: StatusReport) -> None:
        self.restrictions.display = bool(report.restrictions)
        self.restrictions.show(report.restrictions, self._when)

    def _show_today(self, report: StatusReport) -> None:
        today = local_date(report.now, self.app.tz)
        recent = self.app.overview.recent_checkins if self.app.overview else []
        todays = [c for c in recent if local_date(c.at, self.app.tz) == today]
        if todays:
            last = todays[-1]
            count = "1 check-in" if len(todays) == 1 else f"{len(todays)} check-ins"
            text = (
                f"Today: {count}, the last at {clock_time(self.app, last.at)} "
                f"(mood {last.mood}). Press [b]c[/b] for another."
            )
        else:
            text = "Today: no check-in yet. Press [b]c[/b] for a short one (under a minute)."
        self.today_line.update(text)

    def due_questionnaires(self, report: StatusReport | None = None) -> list[tuple[str, str]]:
        """``(kind, why)`` for each questionnaire due now, PHQ-9 first."""
        overview = self.app.overview
        if overview is None:
            return []
        now = report.now if report is not None else self.app.clock()
        settings = overview.settings
        found = []
        for kind in QUESTIONNAIRES:
            why = due(
                kind,
                overview.questionnaires,
                overview.infusions,
                settings.next_appointment,
                settings.questionnaire_interval_days,
                now,
            )
            if why is not None:
                found.append((kind, why))
        return found

    def _show_questionnaire_due(self, report: StatusReport | None) -> None:
        widget = self.questionnaire_due
        found = self.due_questionnaires(report)
        widget.display = bool(found)
        if not found:
            return
        kind, why = found[0]
        name = QUESTIONNAIRES[kind].name
        also = f" (the {QUESTIONNAIRES[found[1][0]].name} too)" if len(found) > 1 else ""
        widget.update(f"[b]{name} due{also}:[/b] {escape(why)} Press [b]w[/b].")

    def action_questionnaire(self) -> None:
        """Open the first questionnaire that is due (the PHQ-9 if none is)."""
        found = self.due_questionnaires()
        self.app.action_open(found[0][0] if found else "phq9")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resolve_alert":
            report = self.app.report
            return report is not None and bool(report.alerts)
        return True

    @work(exclusive=True, group="resolve-alert")
    async def action_resolve_alert(self) -> None:
        """Ask how the most severe open alert was dealt with, and keep the answer."""
        from ketacheck.tui.screens.resolve import ResolveAlertScreen

        report = self.app.report
        if report is None or not report.alerts:
            return
        alert = report.alerts[0]
        how = await self.app.push_screen_wait(
            ResolveAlertScreen(alert, report.settings, len(report.alerts) - 1)
        )
        if how is None:
            return
        journal, now = self.app.journal, self.app.clock()
        try:
            await self.app.persist(lambda: journal.resolve_alert(alert.id, how, now, "app"))
        except StoreError:
            return
        self.notify("Marked as dealt with. It stays in your history and report.", timeout=5)

    def _show_appointment(self, report: StatusReport) -> None:
        widget = self.appointment
        appointment, fasting = report.next_appointment, report.fasting_starts_at
        widget.display = appointment is not None
        if appointment is None or fasting is None:
            return
        if fasting > report.now:
            fast = f"your clinic may ask you to stop eating from {self._when(fasting)}"
        else:
            fast = "fasting time now"
        widget.update(f"Next infusion {self._when(appointment)} · {fast} · arrange a ride")

    def _when(self, moment: datetime) -> str:
        """``today 10:30``, ``Wed 10:30``: a moment in the middle of one of Home's lines."""
        return when(self.app, moment, sentence=True)
