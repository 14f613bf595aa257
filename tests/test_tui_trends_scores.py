"""The trends screen: a tab per check-in scale and count, and PHQ-9/GAD-7 totals over the course."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Static, Tabs
from textual_plotext import PlotextPlot

from ketacheck.core.questionnaires import GAD7, PHQ9, QuestionnaireResult
from ketacheck.core.questions import QUESTIONS, Asked, Kind
from ketacheck.core.records import Infusion
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.trends import TrendsScreen
from ketacheck.tui.trend_series import METRICS
from tests.tui_support import NOW, FakeClock, build_app

#: The number key of the questionnaire tab: after one tab per check-in metric.
SCORES_KEY = str(len(METRICS) + 1)


async def _open_trends(app: KetacheckApp, pilot: object) -> TrendsScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    app.action_open("trends")
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, TrendsScreen)
    return app.screen


async def test_scores_tab_charts_both_totals_with_each_infusion_marked(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    first = app.journal.infusions()[0].started_at  # the demo course: NOW minus 9 days
    # PHQ-9 the day before the first infusion (total 12); GAD-7 six days in (total 7).
    phq9 = QuestionnaireResult.create(PHQ9, [2, 2, 2, 1, 1, 2, 1, 1, 0], first - timedelta(days=1))
    gad7 = QuestionnaireResult.create(GAD7, [1, 1, 1, 1, 1, 1, 1], first + timedelta(days=6))
    app.journal.add_questionnaire(phq9)
    app.journal.add_questionnaire(gad7)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_trends(app, pilot)
        await pilot.press(SCORES_KEY)
        await pilot.pause()
        assert screen.metric == "scores"
        assert screen.query_one(Tabs).active == "trend-scores"
        assert [s.label for s in screen.series] == ["PHQ-9", "GAD-7"]
        assert screen.series[0].hours == [-1.0]
        assert screen.series[0].values == [12.0]
        assert screen.series[1].hours == [6.0]
        assert screen.series[1].values == [7.0]
        ends = [i.started_at for i in app.journal.infusions()]
        assert screen.infusion_marks == [
            round((at - first).total_seconds() / 86400, 1) for at in ends
        ]
        assert screen.infusion_marks[0] == 0.0 and len(screen.infusion_marks) == 4
        plot = screen.query_one("#trends-plot", PlotextPlot)
        assert plot.display
        drawn = str(plot.render())
        assert "PHQ-9" in drawn and "GAD-7" in drawn

        await pilot.press("right")  # on to the readings, then round to the first symptom
        await pilot.pause()
        assert screen.metric == "blood_pressure"
        await pilot.press("right", "right")
        await pilot.pause()
        assert screen.metric == "dizziness"
        await pilot.press("left", "left", "left")
        await pilot.pause()
        assert screen.metric == "scores"


async def test_scores_tab_without_results_says_so(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(NOW), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_trends(app, pilot)
        await pilot.press(SCORES_KEY)
        await pilot.pause()
        assert screen.series == [] and screen.infusion_marks == []
        assert not screen.query_one("#trends-plot", PlotextPlot).display
        empty = str(screen.query_one("#trends-empty", Static).render())
        assert "No PHQ-9 or GAD-7 results yet" in empty


def test_every_scale_and_count_question_is_charted() -> None:
    charted = [q for q in QUESTIONS if q.kind in (Kind.SCALE, Kind.COUNT)]

    assert [metric.question for metric in METRICS] == charted
    assert [(m.key, m.title, m.scale, m.fixed_top) for m in METRICS[:5]] == [
        ("dizziness", "Dizziness", "0 none · 10 the worst", 10),
        ("nausea", "Nausea", "0 none · 10 the worst", 10),
        ("fluids", "Fluids", "glasses since the check-in before", None),
        ("mood", "Mood", "0 very low · 10 very good", 10),
        ("fatigue", "Tiredness", "0 none · 10 the worst", 10),
    ]


async def test_each_metric_has_a_number_key_and_says_when_it_has_no_answers(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", FakeClock(NOW))
    app.journal.import_records([Infusion.create(NOW - timedelta(hours=5))], [])
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_trends(app, pilot)
        for number, metric in enumerate(METRICS, start=1):
            await pilot.press(str(number))
            await pilot.pause()
            assert screen.metric == metric.key
            assert screen.query_one(Tabs).active == f"trend-{metric.key}"
            assert metric.title in str(screen.query_one("#trends-caption", Static).render())
            empty = str(screen.query_one("#trends-empty", Static).render())
            assert f"No {metric.title.lower()} answers" in empty
            optional = f"{metric.title} is one of the optional questions" in empty
            assert optional == (metric.question.asked is Asked.EXTRA)
