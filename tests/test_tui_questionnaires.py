"""The PHQ-9 and GAD-7 screens, the Home due line and the report key, driven by keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from ketacheck.core.questionnaires import ATTRIBUTION, GAD7, PHQ9
from ketacheck.store.drafts import load_draft
from ketacheck.tui.screens.crisis import CrisisScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.questionnaire import GAD7Screen, PHQ9Screen, QuestionnaireScreen
from tests.tui_support import NOW, FakeClock, build_app

SIZE = (100, 32)


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))


def _text(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


async def _press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def test_gad7_by_keys_is_stored_with_total_and_band(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open("gad7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GAD7Screen)
        assert "Item 1 of 7" in _text(app, "#q-step-count")
        assert "Feeling nervous" in _text(app, "#q-item")
        assert "2  More than half the days" in _text(app, "#option-2")
        assert _text(app, "#q-attribution").startswith(ATTRIBUTION[:40])
        await _press(pilot, "1", "2", "3", "0")
        assert "Item 5 of 7" in _text(app, "#q-step-count")
        await _press(pilot, "escape")
        assert "Item 4 of 7" in _text(app, "#q-step-count")
        await _press(pilot, "1", "2", "1", "0")
        review = _text(app, "#q-item")
        assert "Total 10 of 21: moderate" in review
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        done = _text(app, "#q-item")
        assert "Saved." in done and "10 of 21" in done and "moderate" in done
        await _press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
    [result] = app.journal.questionnaires()
    assert result.kind == GAD7
    assert result.answers == (1, 2, 3, 1, 2, 1, 0)
    assert (result.total, result.band) == (10, "moderate")
    assert result.at == NOW
    assert result.alerts == ()
    assert load_draft(app.data_dir, f"questionnaire-{GAD7}") is None


async def test_phq9_item9_opens_crisis_screen_and_stores_urgent_alert(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open("phq9")
        await pilot.pause()
        await _press(pilot, *"00000000")
        assert "Item 9 of 9" in _text(app, "#q-step-count")
        await _press(pilot, "1")
        assert isinstance(app.screen, CrisisScreen)
        assert "988" in _text(app, "#crisis-numbers")
        await _press(pilot, "escape")
        assert isinstance(app.screen, PHQ9Screen)
        assert "Total 1 of 27: none/minimal" in _text(app, "#q-item")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        done = _text(app, "#q-item")
        assert "1 of 27" in done
        assert "Crisis line" in done and "988" in done
    [result] = app.journal.questionnaires()
    assert result.kind == PHQ9
    assert result.answers[8] == 1
    assert [(a.level, a.code) for a in result.alerts] == [("urgent", "phq9_item9")]


async def test_a_click_answers_too(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open("gad7")
        await pilot.pause()
        await pilot.click("#option-3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        assert screen.answers[0] == 3
        assert screen.step == 1


async def test_a_half_done_questionnaire_resumes_after_quitting(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    app = build_app(data_dir, FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open("phq9")
        await pilot.pause()
        await _press(pilot, "2", "1", "3")
    draft = load_draft(data_dir, f"questionnaire-{PHQ9}")
    assert draft is not None
    assert draft["answers"][:4] == [2, 1, 3, None]
    assert draft["step"] == 3

    again = build_app(data_dir, FakeClock())
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        again.action_open("phq9")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, PHQ9Screen)
        assert "Item 4 of 9" in _text(again, "#q-step-count")
        await _press(pilot, *"111111")
        assert isinstance(again.screen, CrisisScreen)
        await _press(pilot, "enter")
        assert "Total 12 of 27: moderate" in _text(again, "#q-item")
        await pilot.press("enter")
        await again.workers.wait_for_complete()
        await pilot.pause()
    [result] = again.journal.questionnaires()
    assert result.answers == (2, 1, 3, 1, 1, 1, 1, 1, 1)
    assert result.alerts[0].code == "phq9_item9"


async def test_escape_from_the_first_item_keeps_the_draft(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open("gad7")
        await pilot.pause()
        await _press(pilot, "2", "escape", "escape")
        assert isinstance(app.screen, HomeScreen)
    draft = load_draft(app.data_dir, f"questionnaire-{GAD7}")
    assert draft is not None and draft["answers"][0] == 2


async def test_home_due_line_goes_after_taking_both(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        line = _text(app, "#questionnaire-due")
        assert "PHQ-9 due" in line and "GAD-7 too" in line and "Press w" in line
        await _press(pilot, "w")
        assert isinstance(app.screen, PHQ9Screen)
        await _press(pilot, *"000000000", "enter")
        await app.workers.wait_for_complete()
        await _press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
        line = _text(app, "#questionnaire-due")
        assert "GAD-7 due" in line and "PHQ-9" not in line
        await _press(pilot, "w")
        assert isinstance(app.screen, GAD7Screen)
        await _press(pilot, *"0000000", "enter")
        await app.workers.wait_for_complete()
        await _press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query_one("#questionnaire-due").display


async def test_r_writes_the_report_to_the_home_folder(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    [report] = list(tmp_path.glob("ketacheck-report-*.html"))
    assert report.name == f"ketacheck-report-{app.today().isoformat()}.html"
    assert "ketacheck" in report.read_text()
    assert any(str(report) in message for message in messages)


async def test_report_failure_is_told_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-folder"
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: missing))
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any("couldn't be saved" in m and "no-such-folder" in m for m in messages)
