"""The app's check-in keeps what it asked and what it did not (issue 19, point 1): a tick
box on a step the patient saw is a "no" when left alone; a question behind "add more"
that the patient never opened is "not asked"."""

from __future__ import annotations

from pathlib import Path

from tests.tui_support import build_app

CORE = ["c", "2", "enter", "1", "enter", "4", "enter", "7", "enter", "n"]


async def _save(app, pilot, extra: list[str]) -> None:  # type: ignore[no-untyped-def]
    for key in [*CORE, *extra]:
        await pilot.press(key)
        await pilot.pause()
    while app.screen.step != "review":
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_seen_tick_boxes_are_no_and_unopened_questions_are_not_asked(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", demo=True)
    before = {c.id for c in app.journal.checkins()}
    async with app.run_test(size=(100, 32)) as pilot:
        await _save(app, pilot, [])
    (new,) = [c for c in app.journal.checkins() if c.id not in before]
    assert (new.vomited, new.electrolytes) == (False, False)
    assert new.side_effects is None and new.fatigue is None and new.headache is None
    assert new.self_harm_thoughts is False


async def test_a_side_effects_list_seen_and_left_unticked_is_none(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    before = {c.id for c in app.journal.checkins()}
    async with app.run_test(size=(100, 32)) as pilot:
        await _save(app, pilot, ["m"])  # every optional question, each left as it is
    (new,) = [c for c in app.journal.checkins() if c.id not in before]
    assert new.side_effects == ()
    assert new.fatigue is None  # a scale left empty was skipped: still not an answer
