"""Number keys on the 0-10 scale and the count: "1" waits for a possible "0", however slowly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ketacheck.core.scales import MAX_FLUID_GLASSES
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.checkin import CheckInScreen
from ketacheck.tui.widgets.pickers import CountPicker, ScalePicker
from tests.tui_support import build_app


def _checkin(app: KetacheckApp) -> CheckInScreen:
    assert isinstance(app.screen, CheckInScreen)
    return app.screen


def _scale_lines(app: KetacheckApp) -> list[str]:
    return str(app.screen.query_one(ScalePicker).render()).splitlines()


async def test_one_then_a_slow_zero_is_ten_and_the_pending_one_is_shown(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "1")
        await pilot.pause()
        assert _scale_lines(app)[-1].startswith("1_")
        assert "press 0 for 10, or Enter to keep 1" in _scale_lines(app)[-1]
        await asyncio.sleep(2.0)  # longer than any "typing window" would allow
        await pilot.press("0")
        await pilot.pause()
        assert _scale_lines(app)[-1].startswith("10:")
        assert _checkin(app).answers["dizziness"] == 10
        await pilot.press("enter")
        await pilot.pause()
        assert _checkin(app).step == "nausea"
        assert _checkin(app).answers["dizziness"] == 10


async def test_one_then_enter_keeps_one(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "1", "enter")
        await pilot.pause()
        assert _checkin(app).step == "nausea"
        assert _checkin(app).answers["dizziness"] == 1


@pytest.mark.parametrize(
    ("keys", "value", "pending"),
    [
        (["3"], 3, False),  # nothing can follow 3 on a 0-10 scale
        (["0"], 0, False),  # nor 0
        (["1", "0", "5"], 5, False),  # a third digit starts again
        (["1", "1"], 1, True),  # 11 does not fit: the second 1 starts again, still pending
        (["1", "0", "1"], 1, True),
        (["7", "1"], 1, True),
    ],
)
async def test_digit_sequences_on_the_scale(
    tmp_path: Path, keys: list[str], value: int, pending: bool
) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", *keys)
        await pilot.pause()
        assert _checkin(app).answers["dizziness"] == value
        assert _scale_lines(app)[-1].startswith(f"{value}_") is pending


async def test_an_arrow_or_a_click_ends_the_pending_digit(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "1", "right")
        await pilot.pause()
        assert _checkin(app).answers["dizziness"] == 2
        await pilot.press("0")
        await pilot.pause()
        assert _checkin(app).answers["dizziness"] == 0  # not 20, not 10
        await pilot.press("1")
        await pilot.click(ScalePicker, offset=(4 * 4 + 1, 0))
        await pilot.press("0")
        await pilot.pause()
        assert _checkin(app).answers["dizziness"] == 0


async def test_the_count_shows_a_pending_digit_and_takes_two(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "3", "enter", "0", "enter", "2")
        await pilot.pause()
        picker = app.screen.query_one(CountPicker)
        assert MAX_FLUID_GLASSES >= 20
        assert str(picker.render()).splitlines()[0].count("2_ ") == 1
        await asyncio.sleep(1.6)
        await pilot.press("0")
        await pilot.pause()
        assert _checkin(app).answers["fluids_glasses"] == 20
        assert "20 glasses" in str(picker.render())
