"""The guided check-in, driven by keys as a patient would."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Static

from ketacheck.core.questions import Asked, step_questions, steps_asked
from ketacheck.store.drafts import load_draft
from ketacheck.tui.screens.checkin import CheckInScreen
from ketacheck.tui.screens.checkin_done import CheckInDoneScreen
from ketacheck.tui.screens.crisis import CrisisScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.widgets.steps import STEP_KINDS, QuestionStep
from tests.tui_support import NOW, FakeClock, build_app


def _text(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


async def test_core_checkin_with_the_crisis_question_takes_twelve_keys_from_home(
    tmp_path: Path,
) -> None:
    presses: list[events.Key] = []

    def hook(message: object) -> None:
        # Each key press reaches several widgets: count it once.
        if isinstance(message, events.Key) and all(k is not message for k in presses):
            presses.append(message)

    app = build_app(tmp_path / "data", demo=True)
    before = len(app.journal.checkins())
    async with app.run_test(size=(100, 32), message_hook=hook) as pilot:
        await pilot.pause()
        for key in ["c", "3", "enter", "0", "enter", "5", "enter", "7", "enter", "n", "enter"]:
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, CheckInScreen) and app.screen.step == "review"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CheckInDoneScreen)
        assert "Saved." in _text(app, "#done-saved")
    assert len(presses) == 12
    saved = app.journal.checkins()
    assert len(saved) == before + 1
    new = max(saved, key=lambda c: c.at)
    assert (new.dizziness, new.nausea, new.fluids_glasses, new.mood) == (3, 0, 5, 7)
    assert new.at == NOW
    assert new.self_harm_thoughts is False
    assert new.infusion_id == app.journal.infusions()[-1].id
    assert load_draft(app.data_dir, "checkin") is None


async def test_ten_is_reachable_by_keys_and_toggles_are_kept(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        for key in [
            "c",
            "1",
            "0",
            "enter",
            "2",
            "v",
            "enter",
            "1",
            "2",
            "e",
            "enter",
            "6",
            "enter",
            "n",
            "enter",
            "enter",
        ]:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    new = max(app.journal.checkins(), key=lambda c: c.at)
    assert new.dizziness == 10
    assert new.vomited is True
    assert new.fluids_glasses == 12
    assert new.electrolytes is True
    assert any(a.code == "severe_dizziness" for a in new.alerts)


async def test_enter_without_an_answer_explains_and_stays(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("c", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert app.screen.step == "dizziness"
        assert "pick a number" in _text(app, "#problem")


async def test_escape_goes_back_and_keeps_answers(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("c", "4", "enter", "2", "escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.step == "dizziness"
        assert "4: moderate" in str(screen.query_one("#pick-dizziness").render())


async def test_a_half_done_checkin_resumes_after_quitting(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    app = build_app(data_dir, demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("c", "6", "enter", "1", "enter")
        await pilot.pause()
    draft = load_draft(data_dir, "checkin")
    assert draft is not None
    assert draft["answers"]["dizziness"] == 6
    assert draft["step"] == "fluids"

    again = build_app(data_dir)
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.step == "fluids"
        for key in ["4", "enter", "8", "enter", "n", "enter", "enter"]:
            await pilot.press(key)
            await pilot.pause()
        await again.workers.wait_for_complete()
        await pilot.pause()
    new = max(again.journal.checkins(), key=lambda c: c.at)
    assert (new.dizziness, new.nausea, new.fluids_glasses, new.mood) == (6, 1, 4, 8)


async def test_low_mood_asks_about_self_harm_and_yes_opens_crisis_screen(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        for key in ["c", "1", "enter", "0", "enter", "4", "enter", "2", "enter"]:
            await pilot.press(key)
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.step == "self_harm"
        assert "harming yourself" in _text(app, "#question")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CrisisScreen)
        numbers = _text(app, "#crisis-numbers")
        assert "988" in numbers
        assert "555-0142" in numbers
        assert "does not send anything to anyone" in _text(app, "#crisis-note")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert app.screen.step == "more"
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CheckInDoneScreen)
        assert "Crisis line" in str(app.screen.query_one("#alerts").render())
    new = max(app.journal.checkins(), key=lambda c: c.at)
    assert new.self_harm_thoughts is True
    assert new.alerts[0].level == "urgent"


async def test_optional_questions_are_saved(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        for key in ["c", "0", "enter", "0", "enter", "6", "enter", "8", "enter", "n", "m"]:
            await pilot.press(key)
            await pilot.pause()
        for key in ["3", "enter", "2", "enter"]:  # tiredness, headache
            await pilot.press(key)
            await pilot.pause()
        await pilot.press(*"128/84", "enter", *"72", "enter")  # blood pressure and pulse
        await pilot.pause()
        await pilot.press(*"7.5")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("space", "down", "space", "enter")
        await pilot.pause()
        await pilot.press(*"calm, hopeful")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"walk")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"ok")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.step == "review"
        review = _text(app, "#review")
        assert "Sleep" in review and "7.5 h" in review
        assert "Headache        2 of 10" in review
        assert "Blood pressure  128/84 mmHg" in review
        assert "Pulse           72 beats a minute" in review
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    new = max(app.journal.checkins(), key=lambda c: c.at)
    assert new.fatigue == 3
    assert new.headache == 2
    assert (new.systolic, new.diastolic, new.pulse) == (128, 84, 72)
    assert new.sleep_hours == 7.5
    assert new.side_effects == ("headache", "blurred_vision")
    assert new.mood_words == ("calm", "hopeful")
    assert new.intention == "walk"
    assert new.note == "ok"
    assert new.self_harm_thoughts is False


async def test_mouse_can_pick_a_number(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.click("#pick-dizziness", offset=(4 * 7 + 1, 0))
        await pilot.pause()
        assert app.screen.answers["dizziness"] == 7
        await pilot.click("#nav-next")
        await pilot.pause()
        assert app.screen.step == "nausea"


async def test_leaving_home_and_back(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("c", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_note_can_be_marked_for_the_doctor(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        for key in ["c", "0", "enter", "0", "enter", "6", "enter", "8", "enter", "n", "m"]:
            await pilot.press(key)
            await pilot.pause()
        for _ in steps_asked(Asked.EXTRA)[:-1]:  # every optional question left empty
            await pilot.press("enter")
            await pilot.pause()
        assert app.screen.step == "note"
        await pilot.press(*"ask about the dose")
        await pilot.press("ctrl+d", "enter")
        await pilot.pause()
        assert "For my doctor" in _text(app, "#review")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    new = max(app.journal.checkins(), key=lambda c: c.at)
    assert new.note == "ask about the dose"
    assert new.for_doctor is True


async def test_the_crisis_question_comes_at_every_checkin_even_with_a_good_mood(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        for key in ["c", "0", "enter", "0", "enter", "6", "enter", "9", "enter"]:
            await pilot.press(key)
            await pilot.pause()
        assert app.screen.step == "self_harm"
        assert "harming yourself" in _text(app, "#question")
        await pilot.press("enter")  # no answer yet: it is asked, never assumed
        await pilot.pause()
        assert app.screen.step == "self_harm"
        assert "y or n" in _text(app, "#problem")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.step == "more"


async def test_each_step_says_when_its_answer_changes(tmp_path: Path) -> None:
    posted: list[QuestionStep.Answered] = []

    def hook(message: object) -> None:
        # The hook sees a message at each widget it bubbles through: keep each once.
        if isinstance(message, QuestionStep.Answered) and all(m is not message for m in posted):
            posted.append(message)

    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32), message_hook=hook) as pilot:
        for key in ["c", "1", "0", "enter", "2", "v", "enter", "4", "e", "e", "enter", "7"]:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("enter", "n")
        await pilot.pause()
    answered = [(m.field, m.value, m.moves_on) for m in posted]
    assert answered == [
        ("dizziness", 1, False),
        ("dizziness", 10, False),
        ("nausea", 2, False),
        ("vomited", True, False),
        ("fluids_glasses", 4, False),
        ("electrolytes", True, False),
        ("electrolytes", False, False),
        ("mood", 7, False),
        ("self_harm_thoughts", False, True),
    ]


async def test_every_question_gets_the_step_for_its_kind(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        for key in ["c", "0", "enter", "0", "enter", "6", "enter", "8", "enter", "n", "m"]:
            await pilot.press(key)
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        seen = []
        while screen.step != "review":
            step = screen.query_one(QuestionStep)
            host = step_questions(screen.step)[0]
            assert type(step) is STEP_KINDS[host.kind]
            assert host.prompt in _text(app, "#question")
            seen.append(screen.step)
            await pilot.press("enter")
            await pilot.pause()
        assert seen == steps_asked(Asked.EXTRA)


async def test_hours_that_cant_be_read_are_explained(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        for key in ["c", "0", "enter", "0", "enter", "6", "enter", "8", "enter", "n", "m"]:
            await pilot.press(key)
            await pilot.pause()
        for _ in steps_asked(Asked.EXTRA)[: steps_asked(Asked.EXTRA).index("sleep")]:
            await pilot.press("enter")  # the optional ones before it
            await pilot.pause()
        assert app.screen.step == "sleep"
        await pilot.press(*"30", "enter")
        await pilot.pause()
        assert app.screen.step == "sleep"
        assert "from 0 to 24" in _text(app, "#problem")
        await pilot.press("backspace", "enter")
        await pilot.pause()
        assert app.screen.step == "side_effects"
        assert app.screen.answers["sleep_hours"] == 3.0


async def test_changing_a_saved_checkin_starts_at_the_review(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    saved = max(app.journal.checkins(), key=lambda c: c.at)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.push_screen(CheckInScreen(editing=saved))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.step == "review"
        review = _text(app, "#review")
        assert f"Dizziness       {saved.dizziness} of 10" in review
        assert f"Mood            {saved.mood} of 10" in review
        await pilot.press("escape", "escape", "escape")  # the note, the intention, the words
        await pilot.pause()
        assert screen.step == "mood_words"


async def test_editing_enter_on_the_more_page_goes_to_the_review(tmp_path: Path) -> None:
    """The page says "Press Enter to review and save": it must, even with extras answered."""
    app = build_app(tmp_path / "data", demo=True)
    saved = max(app.journal.checkins(), key=lambda c: c.at)
    assert saved.mood_words or saved.note or saved.sleep_hours is not None  # has extras
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(CheckInScreen(editing=saved))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        while screen.step != "more":
            await pilot.press("escape")
            await pilot.pause()
        assert "Press Enter to review and save" in _text(app, "#hint")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.step == "review"
        await pilot.press("escape")  # back from the review: the last optional answer
        await pilot.pause()
        assert screen.step not in ("more", "review")
        await pilot.press("escape")
        await pilot.pause()
        while screen.step != "mood":
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("8", "enter", "n", "enter", "enter")  # mood, crisis, more page
        await pilot.pause()
        assert screen.step == "review"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    changed = next(c for c in app.journal.checkins() if c.id == saved.id)
    assert changed.mood == 8
    assert changed.note == saved.note


async def test_a_new_checkin_enter_on_the_more_page_goes_to_the_review(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "3", "enter", "0", "enter", "5", "enter", "7", "enter", "n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen) and screen.step == "more"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.step == "review"
