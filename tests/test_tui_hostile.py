"""The app against hostile stored text and broken files: no crash, no traceback, no leak."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal
from ketacheck.tui.launch import CRASH_MESSAGE, run_safely
from tests.conftest import run_env
from tests.tui_support import NOW, FakeClock, build_app

HOSTILE = "[/] [b]Drink water[/b] [link=http://x]x[/link] \x1b]0;owned\x07\x1b[2J\u202e [red"


def hostile_journal(data_dir: Path) -> None:
    journal = Journal.open(data_dir, NOW.date())
    infusion = Infusion.create(NOW - timedelta(hours=30), note=HOSTILE)
    checkin = CheckIn.from_dict(
        {
            "id": "h" * 32,
            "at": (NOW - timedelta(hours=2)).isoformat(),
            "infusion_id": None,
            "dizziness": 2,
            "nausea": 1,
            "vomited": False,
            "fluids_glasses": 3,
            "electrolytes": False,
            "mood": 5,
            "mood_words": [HOSTILE[:30]],
            "intention": HOSTILE,
            "note": HOSTILE * 20,
            "self_harm_thoughts": True,
        }
    )
    journal.import_records([infusion], [])
    from ketacheck.usecases.checkins import record_checkin

    record_checkin(
        journal,
        {
            k: v
            for k, v in checkin.to_dict().items()
            if k not in ("id", "at", "infusion_id", "alerts")
        },
        NOW - timedelta(hours=2),
    )
    journal.save_settings(
        Settings(
            onboarded=True,
            care_team_name=HOSTILE,
            care_team_phone="[/]",
            crisis_line=HOSTILE,
            next_appointment=NOW + timedelta(hours=30),
        )
    )
    journal.close()


@pytest.mark.parametrize(
    "keys", [[], ["y", "enter"], ["i"], ["s"], ["t"], ["a"], ["question_mark"], ["c"], ["e"], ["w"]]
)
async def test_every_screen_shows_hostile_text_as_text(tmp_path: Path, keys: list[str]) -> None:
    data_dir = tmp_path / "data"
    hostile_journal(data_dir)
    app = build_app(data_dir, FakeClock())
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()
        shown = "\n".join(
            str(widget.render()) for widget in app.screen.query("Static") if widget.display
        )
        assert "\x1b" not in shown
        if not keys:
            assert "[b]Drink water[/b]" in shown  # the care team name, as typed


def test_a_journal_with_one_bad_record_gives_one_line_and_exit_1(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    Journal.open(data_dir, NOW.date()).close()
    tables = orjson.loads((data_dir / "journal.json").read_bytes())
    tables["checkins"] = {
        "bad": {
            "id": "bad",
            "at": "2026-11-22T10:00:00+00:00",
            "dizziness": 99,
            "nausea": 0,
            "fluids_glasses": 1,
            "mood": 5,
            "note": "secret words",
        }
    }
    (data_dir / "journal.json").write_bytes(orjson.dumps(tables))
    (data_dir / "summary.json").unlink(missing_ok=True)

    done = subprocess.run(
        [sys.executable, "-m", "ketacheck"],
        capture_output=True,
        text=True,
        env=run_env(data_dir),
        timeout=60,
    )

    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "check-in bad: dizziness" in done.stderr
    assert "Traceback" not in done.stderr and "secret words" not in done.stderr


def test_a_crash_inside_the_app_prints_one_line_and_no_locals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ketacheck.tui.screens.home import HomeScreen

    def broken(self: HomeScreen, report: object) -> None:
        patient_note = "my secret note"  # noqa: F841 - a local a traceback would print
        raise RuntimeError("boom")

    monkeypatch.setattr(HomeScreen, "show_report", broken)
    app = build_app(tmp_path / "data", demo=True)
    err = io.StringIO()

    code = run_safely(app, stderr=err, headless=True)

    assert code == 1
    assert err.getvalue() == CRASH_MESSAGE + "\n"
    captured = capsys.readouterr()
    assert "my secret note" not in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err


@pytest.mark.parametrize(
    "draft",
    [
        {"answers": {"dizziness": "lots"}, "step": "nausea"},
        {"answers": {"vomited": "yes please"}},
        {"answers": ["dizziness", 3]},
        {"answers": {"dizziness": 3, "password": "x"}},
        {"answers": {"dizziness": 3}, "more": "sure"},
    ],
)
async def test_a_draft_that_does_not_validate_is_set_aside_with_a_notice(
    tmp_path: Path, draft: dict[str, object]
) -> None:
    from ketacheck.tui.screens.checkin import CheckInScreen

    data_dir = tmp_path / "data"
    app = build_app(data_dir, demo=True)
    drafts = data_dir / "drafts"
    notes: list[str] = []
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        drafts.mkdir(mode=0o700, exist_ok=True)
        (drafts / "checkin.json").write_bytes(orjson.dumps(draft))
        original_notify = app.notify

        def notify(message: str, **kwargs: object) -> None:
            notes.append(message)
            original_notify(message, **kwargs)  # type: ignore[arg-type]

        app.notify = notify  # type: ignore[method-assign]
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert app.screen.step == "dizziness"
        await pilot.press("2", "enter")
        await pilot.pause()
        assert app.screen.step == "nausea"
    assert any("put aside" in note for note in notes)
    assert orjson.loads((drafts / "checkin.set-aside.json").read_bytes()) == draft
