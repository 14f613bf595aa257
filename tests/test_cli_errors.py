"""An unexpected error says truthfully whether anything was saved, and shows no data."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

import ketacheck.cli.handlers.records
from ketacheck.cli import main
from ketacheck.store.journal import Journal

NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
CHECKIN = [
    "checkin",
    "--dizziness",
    "1",
    "--nausea",
    "0",
    "--fluids",
    "2",
    "--mood",
    "6",
    "--self-harm",
    "no",
    "--note",
    "my private words",
]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), clock=lambda: NOW, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_an_error_after_the_save_says_the_entry_was_saved(
    monkeypatch: pytest.MonkeyPatch, isolated_data_dir: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise UnicodeEncodeError("ascii", "my private words", 0, 1, "cannot encode")

    monkeypatch.setattr(ketacheck.cli.handlers.records, "when_text", broken)

    code, _, err = run(*CHECKIN)

    assert code == 1
    assert "your entry was saved" in err
    assert "not changed" not in err
    assert "my private words" not in err
    assert len(Journal.open(isolated_data_dir, NOW.date()).checkins()) == 1


def test_an_error_before_any_save_says_nothing_changed(
    monkeypatch: pytest.MonkeyPatch, isolated_data_dir: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("my private words")

    monkeypatch.setattr(ketacheck.cli.handlers.records, "record_checkin", broken)

    code, _, err = run(*CHECKIN)

    assert code == 1
    assert "Your journal was not changed by this error" in err
    assert "my private words" not in err
    assert err.count("\n") == 1
