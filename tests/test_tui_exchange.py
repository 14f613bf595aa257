"""The export and import dialogs, driven as a patient would, on the demo journal."""

from __future__ import annotations

import csv
import errno
import io
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Input, Static

from ketacheck.core.contents import JournalContents
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.demo import demo_records
from ketacheck.exchange.export import CSV_COLUMNS, export_document, export_json
from ketacheck.exchange.importer import parse_export
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.screens.exchange import ExportScreen, ImportScreen
from ketacheck.tui.screens.home import HomeScreen
from tests.tui_support import NOW, FakeClock, build_app

TODAY = "2026-11-23"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own, so nothing is written to the real one."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    assert Path.home() == folder
    return folder


def _message(app: KetacheckApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _settle(app: KetacheckApp, pilot: object) -> None:
    """Wait for the work on the screen in front; a flow waiting on a dialog above it is
    left waiting (it finishes only when the patient answers)."""
    for _ in range(2):
        await pilot.pause()  # type: ignore[attr-defined]
        in_front = [w for w in app.workers if not w.is_finished and _in_front(app, w.node)]
        if in_front:  # an empty list would wait for every worker
            await app.workers.wait_for_complete(in_front)
        await pilot.pause()  # type: ignore[attr-defined]


def _in_front(app: KetacheckApp, node: object) -> bool:
    screen = node if isinstance(node, Screen) else getattr(node, "screen", None)
    return node is app or screen is app.screen


async def _open_export(app: KetacheckApp, pilot: object) -> ExportScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("e")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, ExportScreen)
    return app.screen


async def test_export_json_by_keys_holds_the_demo_records(tmp_path: Path, home: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_export(app, pilot)
        expected = home / f"ketacheck-export-{TODAY}.json"
        assert screen.query_one("#export-path", Input).value == str(expected)
        await pilot.press("j", "enter")
        await _settle(app, pilot)
        infusions, checkins = app.journal.infusions(), app.journal.checkins()
        message = _message(app, "#export-message")
        assert f"Exported {len(infusions)} infusions and {len(checkins)} check-ins" in message
        assert "Traceback" not in message
    bundle = parse_export(expected.read_bytes())
    assert [i.id for i in bundle.infusions] == [i.id for i in infusions]
    assert [c.id for c in bundle.checkins] == [c.id for c in checkins]
    assert bundle.settings is not None
    assert bundle.settings.care_team_name == "Riverside Ketamine Clinic"
    assert expected.stat().st_mode & 0o077 == 0  # health data: readable by its owner only


async def test_export_csv_by_keys_changes_the_suffix(tmp_path: Path, home: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_export(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        expected = home / f"ketacheck-export-{TODAY}.csv"
        assert screen.query_one("#export-path", Input).value == str(expected)
        await pilot.press("enter")
        await _settle(app, pilot)
        count = len(app.journal.checkins())
        assert f"Exported {count} check-ins" in _message(app, "#export-message")
    rows = list(csv.reader(io.StringIO(expected.read_text())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == count + 1


async def test_a_typed_path_is_kept_when_the_format_changes(tmp_path: Path, home: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_export(app, pilot)
        box = screen.query_one("#export-path", Input)
        box.value = str(home / "for-dr-lee.json")
        await pilot.press("c")
        await pilot.pause()
        assert box.value == str(home / "for-dr-lee.json")


async def test_overwriting_asks_first_and_no_keeps_the_old_file(tmp_path: Path, home: Path) -> None:
    existing = home / "record.json"
    existing.write_bytes(b"the old file, byte for byte\n")
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_export(app, pilot)
        screen.query_one("#export-path", Input).value = str(existing)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await _settle(app, pilot)
        assert app.screen is screen
        assert existing.read_bytes() == b"the old file, byte for byte\n"
        assert "Nothing was written" in _message(app, "#export-message")

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await _settle(app, pilot)
        assert "Exported" in _message(app, "#export-message")
    assert parse_export(existing.read_bytes()).infusions


async def test_a_missing_folder_is_explained_in_the_dialog(tmp_path: Path, home: Path) -> None:
    target = home / "no-such-folder" / "record.json"
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_export(app, pilot)
        screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await _settle(app, pilot)
        message = _message(app, "#export-message")
        assert isinstance(app.screen, ExportScreen)
        assert "doesn't exist" in message
        assert "Traceback" not in message and "Errno" not in message
    assert not target.parent.exists()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "isn't allowed to write"),
        (OSError(errno.ENOSPC, "No space left on device"), "disk is full"),
    ],
)
async def test_write_failures_are_shown_in_plain_words(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, words: str
) -> None:
    def refuse(path: Path, payload: bytes) -> None:
        raise error

    monkeypatch.setattr("ketacheck.usecases.exchange.atomic_write", refuse)
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _open_export(app, pilot)
        await pilot.press("enter")
        await _settle(app, pilot)
        message = _message(app, "#export-message")
        assert words in message
        assert "Exported" not in message
    assert list(home.iterdir()) == []


def _new_course_file(folder: Path) -> tuple[Path, int, int]:
    """An export of another course (new ids) from a month before the demo."""
    settings, infusions, checkins = demo_records(NOW - timedelta(days=40))
    new_ids = {inf.id: uuid.uuid4().hex for inf in infusions}
    fresh_infusions = [Infusion.from_dict({**i.to_dict(), "id": new_ids[i.id]}) for i in infusions]
    fresh_checkins = [
        CheckIn.from_dict(
            {
                **c.to_dict(),
                "id": uuid.uuid4().hex,
                "infusion_id": new_ids.get(c.infusion_id or ""),
            }
        )
        for c in checkins
    ]
    path = folder / "older-course.json"
    document = export_document(
        JournalContents.of_records(settings, fresh_infusions, fresh_checkins), NOW
    )
    path.write_bytes(export_json(document))
    return path, len(fresh_infusions), len(fresh_checkins)


async def _import(app: KetacheckApp, pilot: object, path: Path) -> str:
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await _settle(app, pilot)
    return _message(app, "#import-message")


async def test_import_adds_records_once(tmp_path: Path, home: Path) -> None:
    path, n_infusions, n_checkins = _new_course_file(home)
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before_infusions = len(app.journal.infusions())
    before_checkins = len(app.journal.checkins())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.action_open("import")
        await pilot.pause()
        message = await _import(app, pilot, path)
        assert f"Imported {n_infusions} infusions and {n_checkins} check-ins." in message
        assert "already" not in message
        assert len(app.journal.infusions()) == before_infusions + n_infusions
        assert len(app.journal.checkins()) == before_checkins + n_checkins

        message = await _import(app, pilot, path)
        assert "Imported 0 infusions and 0 check-ins." in message
        assert f"{n_infusions + n_checkins} records were already in your journal" in message
        assert len(app.journal.infusions()) == before_infusions + n_infusions
        assert len(app.journal.checkins()) == before_checkins + n_checkins
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.overview is not None
        # The overview keeps the latest infusions and counts the ones before them.
        shown = app.overview.earlier_infusions + len(app.overview.infusions)
        assert shown == before_infusions + n_infusions


async def test_an_invalid_file_shows_why_and_changes_nothing(tmp_path: Path, home: Path) -> None:
    path, _, _ = _new_course_file(home)
    text = path.read_text().replace('"dizziness": 5', '"dizziness": 11', 1)
    assert '"dizziness": 11' in text
    path.write_text(text)
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    journal_file = app.journal.path
    before = journal_file.read_bytes()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.action_open("import")
        await pilot.pause()
        message = await _import(app, pilot, path)
        assert "Can't import" in message
        assert "dizziness" in message
        assert "Nothing was imported" in message
        assert isinstance(app.screen, ImportScreen)

        message = await _import(app, pilot, home / "not-there.json")
        assert "There is no file at" in message
    assert journal_file.read_bytes() == before


async def test_export_never_writes_over_the_journal(tmp_path: Path, home: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    journal = app.journal.path
    before = journal.read_bytes()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _open_export(app, pilot)
        screen.query_one("#export-path", Input).value = str(journal)
        await pilot.press("j", "enter")
        await _settle(app, pilot)
        assert "data folder" in _message(app, "#export-message")
    assert journal.read_bytes() == before
