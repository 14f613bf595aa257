"""The PHQ-9 and GAD-7 screens and the Home due line, driven by keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Static

from ketacheck.core.crisis import crisis_text
from ketacheck.core.questionnaires import (
    ATTRIBUTION,
    DIFFICULTY_QUESTION,
    GAD7,
    PHQ9,
    PHQ9_QUESTIONNAIRE,
)
from ketacheck.store.drafts import load_draft, save_draft
from ketacheck.tui.screens.crisis import CrisisScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.questionnaire import GAD7Screen, PHQ9Screen, QuestionnaireScreen
from tests.tui_support import NOW, FakeClock, build_app

SIZE = (100, 32)


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))


def _lines(app, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines a widget shows, as the patient sees them (wrapped to its width)."""
    widget = app.screen.query_one(selector, Static)
    width, height = widget.size
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height))]


def _text(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(_lines(app, selector))


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
        assert _text(app, "#q-attribution").lstrip().startswith(ATTRIBUTION[:40])
        await _press(pilot, "1", "2", "3", "0")
        assert "Item 5 of 7" in _text(app, "#q-step-count")
        await _press(pilot, "escape")
        assert "Item 4 of 7" in _text(app, "#q-step-count")
        await _press(pilot, "1", "2", "1", "0")
        assert "One last question, not scored" in _text(app, "#q-step-count")
        assert "how difficult have these problems made it" in _text(app, "#q-item")
        assert "2  Very difficult" in _text(app, "#option-2")
        await _press(pilot, "2")
        review = _text(app, "#q-item")
        assert "Total 10 of 21: moderate" in review
        assert "2 Very difficult" in review
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
    assert result.difficulty == 2
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
        crisis = " ".join(_text(app, "#crisis-numbers").split())
        assert "Crisis line:" in crisis and "local emergency number" in crisis
        await _press(pilot, "escape")
        assert isinstance(app.screen, PHQ9Screen)
        assert "One last question" in _text(app, "#q-step-count")
        await _press(pilot, "enter")
        assert "Total 1 of 27: none/minimal" in _text(app, "#q-item")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        done = _text(app, "#q-item")
        assert "1 of 27" in done
        assert "Crisis line" in done and "Care team" in done
        crisis_line = crisis_text(app.overview.settings)
        assert crisis_line in " ".join(done.split())
        assert "local emergency number" in crisis_line
    [result] = app.journal.questionnaires()
    assert result.kind == PHQ9
    assert result.answers[8] == 1
    assert result.difficulty is None
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
    assert draft["difficulty"] is None

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
        await _press(pilot, "1")
        assert "Total 12 of 27: moderate" in _text(again, "#q-item")
        await pilot.press("enter")
        await again.workers.wait_for_complete()
        await pilot.pause()
    [result] = again.journal.questionnaires()
    assert result.answers == (2, 1, 3, 1, 1, 1, 1, 1, 1)
    assert result.difficulty == 1
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
        await _press(pilot, *"000000000", "enter", "enter")
        await app.workers.wait_for_complete()
        await _press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
        line = _text(app, "#questionnaire-due")
        assert "GAD-7 due" in line and "PHQ-9" not in line
        await _press(pilot, "w")
        assert isinstance(app.screen, GAD7Screen)
        await _press(pilot, *"0000000", "enter", "enter")
        await app.workers.wait_for_complete()
        await _press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query_one("#questionnaire-due").display


# The unscored difficulty question and the review


async def _open(app, pilot, kind: str) -> QuestionnaireScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    app.action_open(kind)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuestionnaireScreen)
    return screen


async def test_the_difficulty_question_can_be_skipped_with_enter(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "gad7")
        await _press(pilot, *"1111111")
        assert screen.step == screen.difficulty_step
        assert DIFFICULTY_QUESTION[:40] in " ".join(_text(app, "#q-item").split())
        assert "Enter to skip it" in " ".join(_text(app, "#q-item").split())
        await _press(pilot, "enter")
        assert screen.step == screen.review_step
        assert "not answered" in _text(app, "#q-item")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Saved." in _text(app, "#q-item")
    [result] = app.journal.questionnaires()
    assert result.difficulty is None
    assert result.total == 7


async def test_the_difficulty_answer_can_be_changed_from_the_review(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "gad7")
        await _press(pilot, *"0000000", "3")
        assert "3 Extremely difficult" in _text(app, "#q-item")
        await _press(pilot, "escape")
        assert screen.step == screen.difficulty_step
        assert "-chosen" in app.screen.query_one("#option-3").classes
        await pilot.click("#option-1")
        await pilot.pause()
        assert screen.step == screen.review_step
        assert "1 Somewhat difficult" in _text(app, "#q-item")
        # Back to an item and on again: the review comes straight back, no second asking.
        await _press(pilot, "escape", "escape")
        assert "Item 7 of 7" in _text(app, "#q-step-count")
        assert "1  Several days" in _text(app, "#option-1")
        await _press(pilot, "2")
        assert screen.step == screen.review_step
        assert "1 Somewhat difficult" in _text(app, "#q-item")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
    [result] = app.journal.questionnaires()
    assert result.answers == (0, 0, 0, 0, 0, 0, 2)
    assert result.difficulty == 1


async def test_changing_an_item_after_the_difficulty_goes_back_to_the_review(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "gad7")
        await _press(pilot, *"0000000", "enter")
        await _press(pilot, "escape", "escape", "3")
        assert screen.step == screen.review_step
        assert screen.answers[6] == 3


def _review_item(lines: list[str], number: int, answer: str) -> str:
    """The text of review item ``number``, gathered from its wrapped lines."""
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{number}. "))
    first = lines[start]
    left = first.index(f"{number}. ") + len(f"{number}. ")
    right = first.index(answer, left)
    words = [first[left:right]]
    for line in lines[start + 1 :]:
        if not line.strip() or line.lstrip()[:1].isdigit():
            break
        words.append(line[left:right])
    return " ".join(" ".join(words).split())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_review_wraps_every_item_in_full(tmp_path: Path, size: tuple[int, int]) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=size) as pilot:
        await _open(app, pilot, "phq9")
        await _press(pilot, *"012301230", "2")
        lines = _lines(app, "#q-item")
        review = "\n".join(lines)
        assert "…" not in review
        answers = [
            "0 Not at all",
            "1 Several days",
            "2 More than half the days",
            "3 Nearly every day",
        ]
        for number, item in enumerate(PHQ9_QUESTIONNAIRE.items, start=1):
            assert _review_item(lines, number, answers[(number - 1) % 4]) == item
        assert "2 Very difficult" in review
        assert DIFFICULTY_QUESTION in " ".join(review.replace("2 Very difficult", "").split())
        assert max(len(line) for line in lines) <= size[0]


async def test_a_draft_from_before_the_difficulty_question_resumes(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    # The old shape: no difficulty, and step 9 was the review of a PHQ-9.
    save_draft(data_dir, f"questionnaire-{PHQ9}", {"answers": [1] * 8 + [0], "step": 9})
    app = build_app(data_dir, FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "phq9")
        assert screen.step == screen.difficulty_step
        assert screen.difficulty is None
        await _press(pilot, "0")
        assert "Total 8 of 27: mild" in _text(app, "#q-item")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
    [result] = app.journal.questionnaires()
    assert result.answers == (1,) * 8 + (0,)
    assert result.difficulty == 0


async def test_a_draft_keeps_the_difficulty_answer(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    app = build_app(data_dir, FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, "gad7")
        await _press(pilot, *"2222222", "3")
    draft = load_draft(data_dir, f"questionnaire-{GAD7}")
    assert draft == {"answers": [2] * 7, "step": 8, "difficulty": 3}

    again = build_app(data_dir, FakeClock())
    async with again.run_test(size=SIZE) as pilot:
        screen = await _open(again, pilot, "gad7")
        assert screen.step == screen.review_step
        assert "3 Extremely difficult" in _text(again, "#q-item")


@pytest.mark.parametrize("bad", [4, -1, "2", True, 1.5])
async def test_a_draft_with_a_bad_difficulty_keeps_its_answers(tmp_path: Path, bad: object) -> None:
    data_dir = tmp_path / "data"
    save_draft(
        data_dir, f"questionnaire-{GAD7}", {"answers": [1] * 7, "step": 8, "difficulty": bad}
    )
    app = build_app(data_dir, FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "gad7")
        assert screen.answers == [1] * 7
        assert screen.difficulty is None


async def test_a_draft_at_the_review_with_a_missing_answer_goes_to_that_item(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    save_draft(data_dir, f"questionnaire-{GAD7}", {"answers": [1, 1, None, 1, 1, 1, 1], "step": 8})
    app = build_app(data_dir, FakeClock(), demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "gad7")
        assert "Item 3 of 7" in _text(app, "#q-step-count")
        await _press(pilot, "0")
        assert screen.step == screen.difficulty_step
