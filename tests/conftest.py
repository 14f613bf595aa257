"""Shared fixtures. No test may ever touch the real per-user data folder."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ketacheck.store.system_country import system_guess as REAL_SYSTEM_GUESS


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every data-folder lookup at a fresh temporary folder."""
    data_dir = tmp_path / "ketacheck-data"
    monkeypatch.setenv("KETACHECK_DATA_DIR", str(data_dir))
    monkeypatch.setattr(
        "ketacheck.store.paths.platform_data_dir",
        lambda: pytest.fail("a test reached for the real data folder"),
    )
    return data_dir


@pytest.fixture(autouse=True)
def no_country_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    """No country is guessed from the test machine's time zone or locale, unless a test
    asks for the real guess (``country_guessing``): what a test sees must not depend on
    where it runs. Subprocesses guess for real, from the environment they are given."""
    monkeypatch.setattr("ketacheck.store.system_country.system_guess", lambda: None)


@pytest.fixture
def country_guessing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guess the country for real, from the ``TZ`` and ``LANG`` the test sets."""
    monkeypatch.setattr("ketacheck.store.system_country.system_guess", REAL_SYSTEM_GUESS)


@pytest.fixture(autouse=True)
def no_keys_left_behind() -> Iterator[None]:
    """A data key given to this process by one test (an encrypted journal unlocked)
    never unlocks another's."""
    yield
    from ketacheck.store import codec

    codec.forget_keys()


@pytest.fixture(autouse=True)
def journal_bytes_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every save any test makes checks that the journal's bytes, made from what the last
    save kept (see :mod:`ketacheck.store.journal_bytes`), are exactly the whole journal
    encoded afresh: a table changed in place and written from stale bytes fails here."""
    from orjson import dumps  # bound now: a test may watch orjson.dumps itself

    from ketacheck.store.journal_bytes import JournalBytes

    encode = JournalBytes.encode

    def checked(self: JournalBytes, tables: dict[str, dict[str, Any]]) -> Any:
        runs, written = encode(self, tables)
        assert b"".join(runs) == dumps(tables), "the journal's bytes went stale"
        return runs, written

    monkeypatch.setattr(JournalBytes, "encode", checked)


@pytest.fixture
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test with this computer's zone set to America/New_York."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield "America/New_York"
    monkeypatch.undo()
    time.tzset()


def run_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a ketacheck subprocess using ``data_dir``."""
    env = dict(os.environ)
    env["KETACHECK_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env
