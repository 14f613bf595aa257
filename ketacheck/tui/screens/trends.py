"""Trends: each symptom over the 72 hours after each infusion, one line per infusion.

The last tab charts PHQ-9 and GAD-7 totals over the whole course instead, with each
infusion marked, so changes in mood and anxiety can be set against the treatment.

Drawn with textual-plotext rather than Textual's Sparkline: comparing recoveries needs real
axes and a legend for several lines, which Sparkline can't do. This module is imported only
when the screen is first opened, so plotext never slows the app's start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static, Tab, Tabs
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from ketacheck.core.questionnaires import QUESTIONNAIRES, QuestionnaireResult
from ketacheck.core.questions import Asked
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.store.errors import StoreError
from ketacheck.store.overview import Overview
from ketacheck.tui.screens import SCREENS_CSS
from ketacheck.tui.text import escape
from ketacheck.tui.trend_series import (
    METRICS_BY_KEY,
    READINGS,
    SCORES,
    SCORES_TITLE,
    TAB_KEYS,
    TABS,
    WINDOW_HOURS,
    Metric,
    Series,
    infusion_days,
    reading_series,
    recovery_series,
    score_series,
)
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

#: The characters the chart's lines are drawn in, one per line, in turn, in colour and
#: without: each line and its legend entry differ in character, not only in colour.
LINE_MARKERS = ("•", "+", "x", "o", "*", "#", "=", "%")
#: The character of the line at each infusion on the course charts, and its legend name.
INFUSION_MARKER = "┆"
INFUSION_LABEL = "Infusion"


class TrendsScreen(Screen[None]):
    """How each symptom changed after each infusion, so recoveries can be compared."""

    CSS_PATH = SCREENS_CSS

    app: KetacheckApp

    BINDINGS = [
        *(
            Binding(str(number), f"metric('{key}')", title, show=False)
            for number, (key, title) in enumerate(TABS, start=1)
        ),
        Binding("right", "step(1)", "Next", key_display="→", id="trends-next"),
        Binding("left", "step(-1)", "Previous", key_display="←", id="trends-previous"),
        Binding("escape", "app.pop_screen", "Back", id="trends-back"),
    ]

    metric: reactive[str] = reactive("dizziness", init=False)
    """The key of the metric on the chart."""

    def __init__(self) -> None:
        super().__init__()
        self.checkins: list[CheckIn] | None = None
        """Every check-in, oldest first, once read (None while reading)."""
        self.questionnaires: list[QuestionnaireResult] | None = None
        """Every PHQ-9 and GAD-7 result, oldest first, once read (None while reading)."""
        self.infusions: list[Infusion] = []
        """Every infusion, oldest first, once read (each is a line on the chart)."""
        self.series: list[Series] = []
        """The lines now on the chart: one per infusion, or one per questionnaire."""
        self.infusion_marks: list[float] = []
        """On the questionnaire tab, the days (since the first infusion) marked as infusions."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="trends"):
            tabs = Tabs(*(Tab(title, id=f"trend-{key}") for key, title in TABS), id="trends-tabs")
            # The screen's keys switch the metric; a focused Tabs would hide them from the footer.
            tabs.can_focus = False
            yield tabs
            yield Static(id="trends-caption")
            yield PlotextPlot(id="trends-plot")
            yield Static("Reading your check-ins…", id="trends-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#trends-plot", PlotextPlot).display = False
        self.draw()
        self.watch(self.app, "overview", self._overview_changed)

    def _overview_changed(self, overview: Overview | None) -> None:
        if overview is not None:
            self.load()

    @work(thread=True, exclusive=True, group="trends-load")
    def load(self) -> None:
        """Read every check-in and questionnaire off the interface thread, then draw."""
        worker = get_current_worker()
        try:
            infusions = self.app.journal.infusions()
            checkins = self.app.journal.checkins()
            questionnaires = self.app.journal.questionnaires()
        except StoreError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_problem, str(exc))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._loaded, infusions, checkins, questionnaires)

    def _loaded(
        self,
        infusions: list[Infusion],
        checkins: list[CheckIn],
        questionnaires: list[QuestionnaireResult],
    ) -> None:
        self.infusions = infusions
        self.checkins = checkins
        self.questionnaires = questionnaires
        self.draw()

    def _show_problem(self, problem: str) -> None:
        self.query_one("#trends-empty", Static).update(
            f"[b]Couldn't read your check-ins.[/b] {escape(problem)}"
        )

    def watch_metric(self) -> None:
        self.query_one("#trends-tabs", Tabs).active = f"trend-{self.metric}"
        self.draw()

    @on(Tabs.TabActivated, "#trends-tabs")
    def _tab_chosen(self, event: Tabs.TabActivated) -> None:
        self.metric = (event.tab.id or "").removeprefix("trend-") or "dizziness"

    def action_metric(self, key: str) -> None:
        """Chart another metric."""
        self.metric = key

    def action_step(self, step: int) -> None:
        """Chart the next (or previous) metric."""
        self.metric = TAB_KEYS[(TAB_KEYS.index(self.metric) + step) % len(TAB_KEYS)]

    def draw(self) -> None:
        """Redraw the chart for the current metric (or say why there is nothing to show)."""
        infusions = self.infusions
        if self.metric == SCORES:
            self._draw_scores(infusions)
            return
        if self.metric in READINGS:
            self._draw_readings(*READINGS[self.metric], infusions)
            return
        metric = METRICS_BY_KEY[self.metric]
        caption = self.query_one("#trends-caption", Static)
        caption.update(
            f"[b]{metric.title}[/b] ({metric.scale}) in the {WINDOW_HOURS} hours after each "
            "infusion ended"
        )
        if self.checkins is None:
            return
        self.series = recovery_series(metric, infusions, self.checkins)
        plot = self.query_one("#trends-plot", PlotextPlot)
        empty = self.query_one("#trends-empty", Static)
        plot.display = bool(self.series)
        empty.display = not self.series
        if not self.series:
            empty.update(self._nothing_to_show(metric, infusions))
            return
        plt = plot.plt
        plt.clear_figure()
        self._plot_lines(plt)
        top = metric.fixed_top or max(8.0, max(max(line.values) for line in self.series))
        plt.xlim(0, WINDOW_HOURS)
        plt.ylim(0, top)
        plt.yticks(list(range(0, int(top) + 1, 2 if top <= 12 else 5)))
        plt.xticks(list(range(0, WINDOW_HOURS + 1, 12)))
        plt.xlabel("hours after the infusion ended")
        plot.refresh()

    def _draw_scores(self, infusions: list[Infusion]) -> None:
        """Chart PHQ-9 and GAD-7 totals over the course, with a line at each infusion."""
        self.query_one("#trends-caption", Static).update(
            f"[b]{SCORES_TITLE}[/b] totals (higher means more symptoms) by days since the "
            "first infusion; each infusion is a dotted vertical line"
        )
        if self.questionnaires is None:
            return
        self.series = score_series(infusions, self.questionnaires)
        self.infusion_marks = infusion_days(infusions, self.questionnaires) if self.series else []
        plot = self.query_one("#trends-plot", PlotextPlot)
        empty = self.query_one("#trends-empty", Static)
        plot.display = bool(self.series)
        empty.display = not self.series
        if not self.series:
            self.infusion_marks = []
            empty.update(
                "No PHQ-9 or GAD-7 results yet. Press w on Home to answer them; your totals "
                "will then be charted here across your course, with each infusion marked."
            )
            return
        plt = plot.plt
        plt.clear_figure()
        top = max(q.max_total for q in QUESTIONNAIRES.values())
        self._mark_infusions(plt, self.infusion_marks, top)
        self._plot_lines(plt)
        xs = [x for line in self.series for x in line.hours] + self.infusion_marks
        start, end = min(0.0, *xs), max(1.0, *xs)
        plt.xlim(start, end)
        plt.ylim(0, top)
        plt.yticks(list(range(0, top + 1, 3)))
        plt.xlabel("days since the first infusion")
        plot.refresh()

    def _draw_readings(
        self, title: str, fields: tuple[str, ...], infusions: list[Infusion]
    ) -> None:
        """Chart blood pressure (both numbers) or pulse over the course, infusions marked."""
        caption = f"[b]{title}[/b] by days since the first infusion; each infusion is a dotted line"
        self.query_one("#trends-caption", Static).update(caption)
        if self.checkins is None:
            return
        self.series = reading_series(fields, infusions, self.checkins)
        plot = self.query_one("#trends-plot", PlotextPlot)
        empty = self.query_one("#trends-empty", Static)
        plot.display, empty.display = bool(self.series), not self.series
        if not self.series:
            empty.update(
                "No readings yet. They are one of the optional questions: press m during a "
                "check-in, and type them as your cuff shows them."
            )
            return
        plt = plot.plt
        plt.clear_figure()
        top = max(100.0, *(v for line in self.series for v in line.values)) + 10
        self._mark_infusions(plt, infusion_days(infusions, []), top)
        self._plot_lines(plt)
        plt.ylim(0, top)
        plt.xlabel("days since the first infusion")
        plot.refresh()

    def _plot_lines(self, plt: Any) -> None:
        """Draw each line of :attr:`series`, each in a character of its own (in colour
        too), so the legend tells them apart with colour or without."""
        for index, line in enumerate(self.series):
            marker = LINE_MARKERS[index % len(LINE_MARKERS)]
            plt.plot(line.hours, line.values, label=line.label, marker=marker)

    @staticmethod
    def _mark_infusions(plt: Any, days: list[float], top: float) -> None:
        """A dotted vertical line at each infusion, named once in the legend."""
        for index, day in enumerate(days):
            label = INFUSION_LABEL if index == 0 else None
            plt.plot([day, day], [0, top], label=label, marker=INFUSION_MARKER, color="gray")

    def _nothing_to_show(self, metric: Metric, infusions: list[Infusion]) -> str:
        if not infusions:
            return (
                "Nothing to chart yet. Once you have logged an infusion and checked in over "
                "the days after it, you'll see here how you recovered, and each later "
                "infusion gets its own line to compare."
            )
        text = (
            f"No {metric.title.lower()} answers in the {WINDOW_HOURS} hours after an "
            "infusion yet. Check in over the next few days and they will appear here."
        )
        if metric.question.asked is Asked.EXTRA:
            text += (
                f"\n\n{metric.title} is one of the optional questions: press m during a check-in."
            )
        return text
