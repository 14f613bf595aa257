"""States differ in characters, with colour and without (issue 21, point 5): the earlier
answer to a PHQ-9 item says so in words, each line of a Trends chart and the infusions'
marks have a legend glyph of their own, and the key bar shows no key that does nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from ketacheck.core.questionnaires import GAD7, PHQ9, QuestionnaireResult
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.history import HistoryScreen
from ketacheck.tui.screens.questionnaire import QuestionnaireScreen
from ketacheck.tui.screens.trends import INFUSION_MARKER, TrendsScreen
from ketacheck.tui.trend_series import METRICS
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.questionnaire_option import EARLIER_ANSWER
from tests.screen_text import screen_lines
from tests.tui_support import FakeClock, build_app, settle

SCORES_KEY = str(len(METRICS) + 1)


@pytest.fixture(params=["colour", "NO_COLOR"])
def colour(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    return str(request.param)


async def test_the_earlier_answer_to_an_item_is_marked_in_words(
    tmp_path: Path, colour: str
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.no_color == (colour == "NO_COLOR")
        for key in ("w", "1", "2", "escape"):  # two answers, then back to the second item
            await pilot.press(key)
            await settle(app, pilot)
        assert isinstance(app.screen, QuestionnaireScreen) and app.screen.step == 1
        options = [line.strip() for line in screen_lines(app) if line.strip()[:2] in "0 1 2 3 "]
        marked = [line for line in options if EARLIER_ANSWER in line]
        assert marked == [f"2  More than half the days  {EARLIER_ANSWER}"], options
        await pilot.press("3")  # a new answer moves on; going back shows it marked instead
        await pilot.press("escape")
        await settle(app, pilot)
        marked = [line.strip() for line in screen_lines(app) if EARLIER_ANSWER in line]
        assert marked == [f"3  Nearly every day  {EARLIER_ANSWER}"]


LEGEND_ENTRY = re.compile(r"(\S)\1 (Infusion \d|Infusion(?! \d)|PHQ-9|GAD-7)(?!\S)")


def _legend(app: KetacheckApp) -> dict[str, str]:
    """Each legend entry's name and the glyph drawn twice before it (``•• PHQ-9``)."""
    return {
        match[2]: match[1] * 2
        for line in screen_lines(app)
        for match in LEGEND_ENTRY.finditer(line)
    }


async def test_each_line_of_a_recovery_chart_has_its_own_glyph(tmp_path: Path, colour: str) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TrendsScreen)
        legend = _legend(app)
        glyphs = [legend[f"Infusion {n}"] for n in range(1, 5)]
        assert len(set(glyphs)) == 4, glyphs
        assert not any("\u2800" <= ch <= "\u28ff" for ch in "".join(screen_lines(app)))


async def test_infusions_and_check_in_totals_have_different_glyphs(
    tmp_path: Path, colour: str
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    first = app.journal.infusions()[0].started_at
    for days, kind, answers in (
        (1, PHQ9, [1, 1, 1, 1, 0, 1, 0, 0, 0]),
        (5, GAD7, [1, 1, 1, 0, 1, 1, 0]),
        (7, PHQ9, [1, 0, 1, 1, 0, 1, 0, 0, 0]),
    ):
        at = first + timedelta(days=days)
        app.journal.add_questionnaire(QuestionnaireResult.create(kind, answers, at))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t", SCORES_KEY)
        await settle(app, pilot)
        legend = _legend(app)
        assert legend["Infusion"] == INFUSION_MARKER * 2
        assert len({legend["Infusion"], legend["PHQ-9"], legend["GAD-7"]}) == 3, legend
        # The infusions' marks are drawn in their glyph, which the chart's frame never uses.
        drawn = "".join(screen_lines(app)[9:20])
        assert drawn.count(INFUSION_MARKER) >= 8


async def test_the_key_bar_leaves_out_keys_that_do_nothing_now(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock())
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(HistoryScreen())  # an empty journal: nothing to edit or delete
        await settle(app, pilot)
        bar = str(app.screen.query_one(KeyBar).render())
        assert "Edit" not in bar and "Delete" not in bar and "Undo" not in bar
        assert "Trends" in bar and "Help" in bar
