"""Pictures of each main screen at 80x24 and 120x40, on demo data at a fixed clock.

Review a changed SVG before accepting it (`pytest --snapshot-update`); never update blindly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui_support import FakeClock, build_app

SIZES = [(80, 24), (120, 40)]

#: screen -> keys pressed from Home, as a patient would
SCREENS: dict[str, list[str]] = {
    "home": [],
    "checkin": ["c", "3", "enter", "2"],
    "self_harm": ["c", "3", "enter", "2", "enter", "1", "enter", "6", "enter"],
    "review": ["c", "3", "enter", "2", "enter", "1", "enter", "6", "enter", "n", "enter"],
    "after_save": [
        "c",
        "3",
        "enter",
        "2",
        "enter",
        "1",
        "enter",
        "6",
        "enter",
        "n",
        "enter",
        "enter",
    ],
    "resolve_alert": ["a"],
    "urgent": ["c", "2", "enter", "1", "enter", "3", "enter", "2", "enter", "y"],
    "help": ["question_mark"],
    "infusions": ["i"],
    "history": ["y"],
    "trends": ["t"],
    "settings": ["s"],
    "export": ["e"],
    "questionnaire": ["w", "1", "0"],
}


#: Screens shown by a worker that waits for the patient's answer: it is still running.
WAITING = {"resolve_alert"}


def _drive(keys: list[str], wait: bool = True) -> Callable[[Pilot[None]], object]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if wait:
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, tmp_path: Path, screen: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    assert snap_compare(
        app, terminal_size=size, run_before=_drive(SCREENS[screen], screen not in WAITING)
    )
