"""The app with an encrypted or unreadable journal (issue 22): asked once, on a calm screen
that keeps the crisis line in view; an unreadable journal's open alerts stay in sight."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ketacheck.store import codec, keyfile
from ketacheck.store.encryption import turn_on
from ketacheck.store.errors import JournalUnreadableError
from ketacheck.store.journal import Journal
from ketacheck.tui.unlock import UnlockApp, UnreadableApp
from ketacheck.tui.unlocking import unlock_for_app
from tests.screen_text import screen_text

PASSPHRASE = "correct horse battery staple"
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyfile, "ARGON2_TIME_COST", 1)
    monkeypatch.setattr(keyfile, "ARGON2_MEMORY_KIB", 64)
    monkeypatch.setattr(keyfile, "ARGON2_PARALLELISM", 1)


@pytest.fixture
def locked(isolated_data_dir: Path) -> Path:
    """A journal with a country set (its crisis line), encrypted, then locked."""
    from ketacheck.core.settings import Settings

    journal = Journal.open(isolated_data_dir, date(2026, 11, 23))
    journal.save_settings(Settings(country="GB", onboarded=True))
    journal.close()
    data_key, _ = keyfile.new_data_key()
    wrap = keyfile.wrap_for_passphrase(data_key, PASSPHRASE)
    turn_on(isolated_data_dir, data_key, keyfile.KeyFile(data_key.key_id, wrap, data_key.recovery))
    journal = Journal.open(isolated_data_dir, date(2026, 11, 23))
    journal.overview()
    journal.refresh_plain_file()
    journal.close()
    codec.forget_keys()
    return isolated_data_dir


async def wait_for(condition: object, pilot: object, tries: int = 100) -> None:
    for _ in range(tries):
        if condition():  # type: ignore[operator]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError("the screen never got there")


async def test_the_unlock_screen_shows_the_crisis_line_and_asks_again_calmly(
    locked: Path,
) -> None:
    app = UnlockApp(locked)
    async with app.run_test(size=(80, 24)) as pilot:
        text = screen_text(app)
        assert "Your journal is locked." in text
        assert "Call Samaritans on 116 123" in text  # the patient's own country's line
        assert "unlock --recovery" in text
        await pilot.press(*"not it at all", "enter")
        await wait_for(lambda: "Please try again" in screen_text(app), pilot)
        assert "Call Samaritans on 116 123" in screen_text(app)
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(lambda: app.return_value is True, pilot)
    assert codec.key_for(locked) is not None


async def test_escape_leaves_the_journal_locked_and_unchanged(locked: Path) -> None:
    before = {p: p.read_bytes() for p in locked.rglob("*") if p.is_file()}
    app = UnlockApp(locked)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is False
    assert codec.key_for(locked) is None
    assert {p: p.read_bytes() for p in locked.rglob("*") if p.is_file()} == before


def test_the_passphrase_file_unlocks_the_app_without_a_screen(
    locked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE + "\n")
    monkeypatch.setenv("KETACHECK_PASSPHRASE_FILE", str(secret))

    assert unlock_for_app(locked) is True
    assert codec.key_for(locked) is not None


async def test_an_unreadable_journal_shows_its_open_alerts_and_the_crisis_line(
    isolated_data_dir: Path,
) -> None:
    from tests.test_salvage import fill

    journal = fill(isolated_data_dir)
    journal.overview()
    journal.close()
    path = isolated_data_dir / "journal.json"
    path.write_bytes(path.read_bytes()[:-30])
    error = JournalUnreadableError(path, "not valid JSON")

    app = UnreadableApp(isolated_data_dir, error, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Your journal can't be read right now." in text
        assert "In a crisis: Call a crisis line listed at findahelpline.com" in text
        assert "Open alerts at the last save that worked:" in text
        assert "thoughts of harming yourself" in text
        assert "ketacheck restore" in text
        await pilot.press("q")
    await asyncio.sleep(0)


async def test_a_file_saved_from_an_encrypted_journal_says_it_is_not_encrypted(
    locked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_tui_exchange import _message, _open_export, _settle
    from tests.tui_support import FakeClock, build_app

    monkeypatch.setenv("HOME", str(tmp_path))
    from ketacheck.store.unlock import unlock_with_passphrase

    unlock_with_passphrase(locked, PASSPHRASE)
    app = build_app(locked, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        await _open_export(app, pilot)
        await pilot.press("enter")
        await _settle(app, pilot)
        message = " ".join(_message(app, "#export-message").split())
        assert "Exported" in message
        assert "It is not encrypted: keep it somewhere private." in message


def test_on_a_terminal_an_unreadable_journal_gets_its_screen_then_one_line(
    isolated_data_dir: Path,
) -> None:
    """Through a pseudo-terminal: the calm screen with the alerts, q, then the one line."""
    import os
    import pty
    import select
    import sys
    import time

    from tests.test_salvage import fill
    from tests.test_store_crash import REPO

    journal = fill(isolated_data_dir)
    journal.overview()
    journal.close()
    path = isolated_data_dir / "journal.json"
    path.write_bytes(path.read_bytes()[:-30])
    env = dict(os.environ, KETACHECK_DATA_DIR=str(isolated_data_dir), TERM="xterm-256color")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("NO_COLOR", None)
    pid, master = pty.fork()
    if pid == 0:
        os.execve(sys.executable, [sys.executable, "-m", "ketacheck"], env)
    seen = b""

    def until(text: bytes, seconds: float = 60) -> None:
        nonlocal seen
        deadline = time.monotonic() + seconds
        while text not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        assert text in seen, seen[-2000:].decode(errors="replace")

    try:
        until(b"can't be read right now")
        until(b"Open alerts at the last save that worked")
        os.write(master, b"q")
        until(b"ketacheck restore' to bring back")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(master)
    assert os.waitstatus_to_exitcode(status) == 1
