"""Before the next infusion: the checklist in core, and ticking it on Home."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ketacheck.core.checklist import (
    CHECKLIST_HOURS,
    before_infusion_checklist,
    checklist_shown,
    ticks_for,
    with_ticks,
)
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.widgets.checklist import BeforeInfusionChecklist, ChecklistTick
from tests.screen_text import screen_text
from tests.tui_support import NOW, ZONE, FakeClock, build_app

#: Wednesday 25 November 2026, 09:00 in New York (14:00 UTC), 47 hours after NOW.
APPOINTMENT = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
KEY = "2026-11-25T14:00:00+00:00"


def _settings(**changes: object) -> Settings:
    return Settings(next_appointment=APPOINTMENT, onboarded=True, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("now", "shown"),
    [
        (APPOINTMENT - timedelta(hours=48, seconds=1), False),
        (APPOINTMENT - timedelta(hours=48), True),
        (APPOINTMENT - timedelta(minutes=1), True),
        (APPOINTMENT, False),
        (APPOINTMENT + timedelta(hours=1), False),
    ],
)
def test_the_checklist_shows_in_the_48_hours_before(now: datetime, shown: bool) -> None:
    assert CHECKLIST_HOURS == 48
    assert checklist_shown(APPOINTMENT, now) is shown
    items = before_infusion_checklist(_settings(), now, ZONE)
    assert bool(items) is shown


def test_no_appointment_no_checklist() -> None:
    assert checklist_shown(None, NOW) is False
    assert before_infusion_checklist(Settings(), NOW, ZONE) == []


def test_the_items_follow_the_seeds() -> None:
    items = before_infusion_checklist(_settings(), NOW, ZONE)
    assert [item.id for item in items] == ["fasting", "ride", "medicines", "mood"]
    fasting, ride, medicines, mood = (item.text for item in items)
    assert fasting.startswith("Your clinic may ask you to stop eating from Wed 03:00")
    assert "6 hours before" in fasting
    assert "ride" in ride and "back" in ride
    for name in ("lamotrigine", "anticonvulsant", "benzodiazepine", "memantine", "NMDA-receptor"):
        assert name in medicines
    assert "mood" in mood and "doctor" in mood
    assert all(item.source for item in items)


def test_the_fasting_item_uses_the_setting_and_the_clock_style() -> None:
    settings = _settings(fasting_hours=4.5, clock_24h=False)
    (fasting, *_) = before_infusion_checklist(settings, NOW, ZONE)
    assert fasting.text.startswith("Your clinic may ask you to stop eating from Wed 4:30 AM")
    assert "4.5 hours before" in fasting.text
    one = before_infusion_checklist(_settings(fasting_hours=1), NOW, ZONE)
    assert "1 hour before" in one[0].text


def test_the_fasting_item_says_tomorrow_then_today_across_midnight() -> None:
    # Tuesday 24 November, 06:00 in New York; fasting from 00:00 that day.
    settings = Settings(next_appointment=datetime(2026, 11, 24, 11, 0, tzinfo=UTC))
    evening = datetime(2026, 11, 24, 4, 30, tzinfo=UTC)  # Monday 23:30
    (fasting, *_) = before_infusion_checklist(settings, evening, ZONE)
    assert fasting.text.startswith("Your clinic may ask you to stop eating from tomorrow 00:00 ")
    after_midnight = evening + timedelta(hours=1)  # Tuesday 00:30
    (fasting, *_) = before_infusion_checklist(settings, after_midnight, ZONE)
    assert fasting.text.startswith("Your clinic may ask you to stop eating from today 00:00 ")


def test_no_fasting_item_when_the_clinic_asks_for_none() -> None:
    items = before_infusion_checklist(_settings(fasting_hours=0), NOW, ZONE)
    assert [item.id for item in items] == ["ride", "medicines", "mood"]


def test_ticks_are_kept_for_this_appointment_only() -> None:
    settings = with_ticks(_settings(), {"ride", "mood"})
    assert settings.checklist_ticks == {KEY: ("mood", "ride")}
    assert ticks_for(settings) == {"ride", "mood"}
    assert ticks_for(with_ticks(settings, set())) == set()
    moved = Settings.from_dict(
        {**settings.to_dict(), "next_appointment": "2026-12-02T14:00:00+00:00"}
    )
    assert ticks_for(moved) == set()
    assert moved.checklist_ticks == {}


def test_ticking_without_an_appointment_is_refused() -> None:
    with pytest.raises(ValueError):
        with_ticks(Settings(), {"ride"})
    assert ticks_for(Settings()) == set()


def _journal(data_dir: Path, settings: Settings) -> None:
    journal = Journal.open(data_dir, NOW.date())
    journal.save_settings(settings)


def _ticks(app: KetacheckApp) -> dict[str, str]:
    assert isinstance(app.screen, HomeScreen)
    return {
        tick.item_id: tick.line for tick in app.screen.query(ChecklistTick).results(ChecklistTick)
    }


async def _settle(app: KetacheckApp, pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)  # type: ignore[attr-defined]


async def test_home_shows_the_checklist_and_ticks_are_saved(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _journal(data_dir, _settings())
    app = build_app(data_dir, FakeClock())
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(app, pilot)
        checklist = app.screen.query_one(BeforeInfusionChecklist)
        assert checklist.display
        assert "Before your infusion on Wed 09:00" in str(
            checklist.query_one("#checklist-title").render()
        )
        shown = _ticks(app)
        assert list(shown) == ["fasting", "ride", "medicines", "mood"]
        assert all(text.startswith("[ ] ") for text in shown.values())
        assert "stop eating from Wed 03:00" in shown["fasting"]

        ride = app.screen.query_one("#checklist-ride", ChecklistTick)
        ride.focus()
        await pilot.press("space")
        await _settle(app, pilot)
        assert _ticks(app)["ride"].startswith("[x] ")
        await pilot.click("#checklist-mood")
        await _settle(app, pilot)
        assert _ticks(app)["mood"].startswith("[x] ")
        assert app.journal.settings().checklist_ticks == {KEY: ("mood", "ride")}

        assert app.screen.query_one("#checklist-mood").has_focus  # a click focuses too
        await pilot.press("enter")  # Enter unticks it again
        await _settle(app, pilot)
        assert _ticks(app)["mood"].startswith("[ ] ")
    assert app.journal.settings().checklist_ticks == {KEY: ("ride",)}

    again = build_app(data_dir, FakeClock())
    async with again.run_test(size=(100, 40)) as pilot:
        await _settle(again, pilot)
        shown = _ticks(again)
        assert shown["ride"].startswith("[x] ")
        assert shown["mood"].startswith("[ ] ")


async def test_quick_ticks_in_a_row_are_all_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _journal(data_dir, _settings())
    app = build_app(data_dir, FakeClock())
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(app, pilot)
        for item in ("fasting", "ride", "medicines", "mood"):
            await pilot.click(f"#checklist-{item}")
        await _settle(app, pilot)
        assert all(text.startswith("[x] ") for text in _ticks(app).values())
    assert set(app.journal.settings().checklist_ticks[KEY]) == {
        "fasting",
        "ride",
        "medicines",
        "mood",
    }


async def test_the_checklist_appears_48_hours_before_and_goes_at_the_appointment(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    clock = FakeClock(APPOINTMENT - timedelta(hours=49))
    _journal(data_dir, _settings())
    app = build_app(data_dir, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(app, pilot)
        # Not made at all until there is something to tick (it costs Home's first frame).
        assert not app.screen.query(BeforeInfusionChecklist)
        assert "Before your infusion" not in screen_text(app)
        clock.advance(hours=1)
        await pilot.pause(0.2)
        checklist = app.screen.query_one(BeforeInfusionChecklist)
        assert checklist.display
        assert len(_ticks(app)) == 4
        assert "Before your infusion" in screen_text(app)
        clock.advance(hours=48)
        await pilot.pause(0.2)
        assert not checklist.display
        assert "Before your infusion" not in screen_text(app)


async def test_a_new_appointment_starts_with_nothing_ticked(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _journal(data_dir, with_ticks(_settings(), {"ride"}))
    app = build_app(data_dir, FakeClock())
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(app, pilot)
        assert _ticks(app)["ride"].startswith("[x] ")
        later = Settings.from_dict(
            {**app.journal.settings().to_dict(), "next_appointment": "2026-11-25T13:00:00+00:00"}
        )
        app.journal.save_settings(later)
        app.refresh_overview()
        await _settle(app, pilot)
        assert _ticks(app)["ride"].startswith("[ ] ")


async def test_ticked_and_unticked_differ_without_colour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    data_dir = tmp_path / "data"
    _journal(data_dir, with_ticks(_settings(), {"ride"}))
    app = build_app(data_dir, FakeClock())
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(app, pilot)
        assert app.no_color
        screen_text = _screen_text(app.export_screenshot())
        assert "[x]Arrangearide" in screen_text
        assert "[]Yourclinicmayaskyou" in screen_text


def _screen_text(svg: str) -> str:
    """The characters of a screenshot, in order, without the SVG or any spaces."""
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return re.sub(r"\s", "", html.unescape("".join(texts)))
